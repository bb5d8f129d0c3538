// `Idempotency-Key` on creates: the same key with the same body replays the first answer; the same
// key with another body is 422. Keys are kept 48 h (at least the promised 24 h).
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema/index.js';
import { DomainError, sha256 } from '../../domain/shared/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | null;
  }
}

const KEEP_HOURS = 48;

export function registerIdempotency(app: FastifyInstance, deps: { database: Database }): void {
  const { db } = deps.database;
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.user) return;
    if (key.length < 1 || key.length > 200) {
      throw new DomainError({ code: 'idempotency.bad_key', category: 'invalid', detail: 'Idempotency-Key must be 1 to 200 characters.', errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 200 characters' }] });
    }
    const principal = request.user.id;
    const path = request.routeOptions.url ?? request.url;
    const requestHash = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), lt(idempotencyKeys.createdAt, new Date(Date.now() - KEEP_HOURS * 3600_000))));
    const inserted = await db.insert(idempotencyKeys).values({ principal, key, method: request.method, path, requestHash }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) {
      request.idempotency = { principal, key };
      return;
    }
    const [first] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    if (!first) return;
    if (first.requestHash !== requestHash) {
      // idempotency.key_reused: the key was used before with another request.
      throw new DomainError({ code: 'idempotency.key_reused', category: 'unprocessable', detail: 'This Idempotency-Key was already used with a different request. Use a new key for a new request.' });
    }
    if (first.statusCode === null) {
      // idempotency.in_progress: the first request with this key has not finished.
      throw new DomainError({ code: 'idempotency.in_progress', category: 'conflict', detail: 'A request with this Idempotency-Key is still being processed. Retry in a moment.' });
    }
    reply.header('idempotent-replayed', 'true');
    return reply.code(first.statusCode).type('application/json; charset=utf-8').send(first.responseBody ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (!idem) return payload;
    const where = and(eq(idempotencyKeys.principal, idem.principal), eq(idempotencyKeys.key, idem.key));
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, responseBody: payload }).where(where);
    } else {
      // Failed requests wrote nothing: free the key so a corrected retry can use it.
      await db.delete(idempotencyKeys).where(where);
    }
    return payload;
  });
}

// `Idempotency-Key` on creates (src/domain/idempotency): the same key with the same request replays
// the first answer, with another request it is 422. A JSON request is hashed here, before the
// route; a multipart upload only once the route has read it (the file's digest and the fields), so
// the route calls `app.idempotency.claim` itself (issue 9, defect 7).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { checkKey, claimIdempotencyKey, finishIdempotencyKey, releaseIdempotencyKey, type KeyRef } from '../../domain/idempotency/index.js';
import { sha256, type Clock } from '../../domain/shared/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request holds (set once claimed). */
    idempotency: KeyRef | null;
    /** A multipart request with a key: the route claims it once it has read the upload. */
    idempotencyDeferred: KeyRef | null;
  }
  interface FastifyInstance {
    idempotency: {
      /** Claims the deferred key with a digest of what the request carried; true when a replay was sent instead. */
      claim(request: FastifyRequest, reply: FastifyReply, carried: string): Promise<boolean>;
    };
  }
}

export function registerIdempotency(app: FastifyInstance, deps: { database: Database; clock: Clock }): void {
  const { db } = deps.database;
  app.decorateRequest('idempotency', null);
  app.decorateRequest('idempotencyDeferred', null);

  const claim = async (request: FastifyRequest, reply: FastifyReply, ref: KeyRef, requestHash: string): Promise<boolean> => {
    const result = await claimIdempotencyKey(db, {
      ...ref,
      method: request.method,
      path: request.routeOptions.url ?? request.url,
      requestHash,
      now: deps.clock.now(),
    });
    if (result.kind === 'claimed') {
      request.idempotency = ref;
      return false;
    }
    reply.header('idempotent-replayed', 'true');
    await reply.code(result.statusCode).type('application/json; charset=utf-8').send(result.body);
    return true;
  };

  app.decorate('idempotency', {
    async claim(request, reply, carried) {
      const ref = request.idempotencyDeferred;
      if (!ref) return false;
      return claim(request, reply, ref, sha256(`${request.method} ${request.url}\n${carried}`));
    },
  });

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.user) return;
    checkKey(key);
    const ref = { principal: request.user.id, key };
    if (
      String(request.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('multipart/')
    ) {
      request.idempotencyDeferred = ref;
      return;
    }
    if (await claim(request, reply, ref, sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`))) return reply;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const ref = request.idempotency;
    if (!ref) return payload;
    try {
      if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string')
        await finishIdempotencyKey(db, ref, reply.statusCode, payload);
      else await releaseIdempotencyKey(db, ref);
    } catch (err) {
      // The answer stands (a write that committed stays reported as done); the key's lease
      // expires on its own (keys.ts), so a retry is never refused for good.
      request.log.warn({ err }, 'could not record the idempotency key');
    }
    return payload;
  });
}

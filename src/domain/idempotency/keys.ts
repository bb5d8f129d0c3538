// Idempotency-Key records (docs/ARCHITECTURE.md): the same key with the same request replays the
// first answer; with another request it is 422. Kept 48 h (at least the promised 24 h).
//
// A key is leased while its request runs: a request that died with its process (a crash, a kill)
// must not keep its key "in progress" for 48 h (issue 9, defect 8). A key still in progress after
// LEASE_SECONDS is taken over by the next retry — one retry, atomically — and a process that is the
// only one (PGlite) frees them all when it starts.
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema/index.js';
import { DomainError } from '../shared/index.js';

export const KEEP_HOURS = 48;
/** Longer than any request answered inline (imports above 5 MB run in the background). */
export const LEASE_SECONDS = 120;

export interface KeyRef {
  principal: string;
  key: string;
}

export interface ClaimInput extends KeyRef {
  method: string;
  path: string;
  /** A digest of everything the request carries (body, or multipart fields and file). */
  requestHash: string;
  now: Date;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; statusCode: number; body: string };

export function checkKey(key: string): void {
  if (key.length < 1 || key.length > 200) {
    // idempotency.bad_key: the Idempotency-Key header is empty or longer than 200 characters.
    throw new DomainError({
      code: 'idempotency.bad_key',
      category: 'invalid',
      detail: 'Idempotency-Key must be 1 to 200 characters.',
      errors: [{ path: 'Idempotency-Key', message: 'must be 1 to 200 characters' }],
    });
  }
}

/** Claims the key for this request, or says what to answer instead; throws 422 / 409 as the first use decides. */
export async function claimIdempotencyKey(db: Db, input: ClaimInput): Promise<Claim> {
  const { principal, key, now } = input;
  const where = and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key));
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_HOURS * 3600_000))));
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ principal, key, method: input.method, path: input.path, requestHash: input.requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: 'claimed' };
  const [first] = await db.select().from(idempotencyKeys).where(where);
  // Deleted between the two statements (it expired, or its request failed): claim it afresh.
  if (!first) return claimIdempotencyKey(db, input);
  if (first.requestHash !== input.requestHash) {
    // idempotency.key_reused: the key was used before with another request.
    throw new DomainError({
      code: 'idempotency.key_reused',
      category: 'unprocessable',
      detail: 'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
    });
  }
  if (first.statusCode !== null) return { kind: 'replay', statusCode: first.statusCode, body: first.responseBody ?? '' };
  const leaseEnd = first.createdAt.getTime() + LEASE_SECONDS * 1000;
  if (leaseEnd <= now.getTime()) {
    // The request that held it is gone: this retry takes the lease over — only one, by the compare on created_at.
    const taken = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(and(where, isNull(idempotencyKeys.statusCode), eq(idempotencyKeys.createdAt, first.createdAt)))
      .returning({ key: idempotencyKeys.key });
    if (taken.length > 0) return { kind: 'claimed' };
  }
  const retryAfter = Math.max(1, Math.ceil((leaseEnd - now.getTime()) / 1000));
  // idempotency.in_progress: the first request with this key has not finished (retry after meta.retryAfter seconds).
  throw new DomainError({
    code: 'idempotency.in_progress',
    category: 'conflict',
    detail: `A request with this Idempotency-Key is still being processed. Retry in ${retryAfter} s.`,
    meta: { retryAfter },
  });
}

/** Stores the answer of a request that succeeded, to replay it. */
export async function finishIdempotencyKey(db: Db, ref: KeyRef, statusCode: number, body: string): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ statusCode, responseBody: body })
    .where(and(eq(idempotencyKeys.principal, ref.principal), eq(idempotencyKeys.key, ref.key)));
}

/** A failed request wrote nothing: its key is freed so a corrected retry can use it. */
export async function releaseIdempotencyKey(db: Db, ref: KeyRef): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, ref.principal), eq(idempotencyKeys.key, ref.key)));
}

/** At the start of the only process (PGlite): no request can still be running, so every key in progress is freed. */
export async function releaseAbandonedKeys(db: Db): Promise<number> {
  const freed = await db.delete(idempotencyKeys).where(isNull(idempotencyKeys.statusCode)).returning({ key: idempotencyKeys.key });
  return freed.length;
}

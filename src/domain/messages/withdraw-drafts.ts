// Drafts nobody sent whose cause went away (a newer late-risk episode replaces the older notice):
// kept in the outbox as `suppressed` with the reason, never deleted, so the history says what was
// drafted and why it did not go.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';

/** Withdraws the still-unsent drafts among these idempotency keys; returns how many. */
export async function withdrawDrafts(tx: Db, idempotencyKeys: string[], reason: string, now: Date): Promise<number> {
  if (idempotencyKeys.length === 0) return 0;
  const withdrawn = await tx
    .update(messages)
    .set({ status: 'suppressed', reason, updatedAt: now })
    .where(and(eq(messages.status, 'draft'), inArray(messages.idempotencyKey, idempotencyKeys)))
    .returning({ id: messages.id });
  return withdrawn.length;
}

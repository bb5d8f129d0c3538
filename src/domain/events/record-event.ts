// The outbox (DESIGN §1): a use case records its domain event in its own transaction, so an event
// exists exactly when the change it describes was committed. The job runner dispatches it later.
import type { Db } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';

export type EventSource = 'api' | 'import' | 'demo' | 'webhook' | 'system';

export interface RecordEventInput {
  type: string;
  subjectType: 'order' | 'quote' | 'account' | 'task';
  subjectId: string;
  accountId?: string | null;
  payload: Record<string, unknown>;
  /** Business time: an order's placedAt, a transition's `at` — not when the row is written. */
  occurredAt: Date;
  source?: EventSource;
}

/** Writes one domain event; call it inside the use case's transaction. Returns its id. */
export async function recordEvent(tx: Db, input: RecordEventInput): Promise<number> {
  const [row] = await tx
    .insert(domainEvents)
    .values({
      type: input.type,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      accountId: input.accountId ?? null,
      payload: input.payload,
      occurredAt: input.occurredAt,
      source: input.source ?? 'api',
    })
    .returning({ id: domainEvents.id });
  return row!.id;
}

// The outbox (DESIGN §1): a use case records its domain event in its own transaction, so an event
// exists exactly when the change it describes was committed. The job runner dispatches it later;
// the NOTIFY sent in the same transaction wakes it the moment the event commits.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';

/** LISTEN/NOTIFY channel that says "new domain events committed" (no payload: the outbox is the truth). */
export const EVENTS_CHANNEL = 'rapport_events';

export type EventSource = 'api' | 'import' | 'demo' | 'webhook' | 'system';

export interface RecordEventInput {
  type: string;
  /** 'schedule': schedule.daily, whose subject is the day (a stable id per date). */
  subjectType: 'order' | 'quote' | 'account' | 'task' | 'schedule';
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
  // NOTE: PostgreSQL (and PGlite) deliver a NOTIFY only when the transaction commits, and fold
  // identical ones of one transaction into one — so a rolled-back use case wakes nobody and an
  // import of many events in one transaction wakes the workers once. Nobody listening costs nothing.
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
  return row!.id;
}

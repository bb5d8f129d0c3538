// The outbox (docs/domain.md §1): a use case records its domain event in its own transaction, so an event
// exists exactly when the change it describes was committed. The job runner dispatches it later;
// the NOTIFY sent in the same transaction wakes it the moment the event commits.
import { sql } from 'drizzle-orm';
import type { EventSource } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';

/** LISTEN/NOTIFY channel that says "new domain events committed" (no payload: the outbox is the truth). */
export const EVENTS_CHANNEL = 'rapport_events';

export type { EventSource };

export interface RecordEventInput {
  type: string;
  /** 'schedule': schedule.daily, whose subject is the day (a stable id per date). */
  subjectType: 'order' | 'quote' | 'account' | 'task' | 'schedule' | 'problem';
  subjectId: string;
  accountId?: string | null;
  payload: Record<string, unknown>;
  /** Business time: an order's placedAt, a transition's `at` — not when the row is written. */
  occurredAt: Date;
  source?: EventSource;
}

/** Writes one domain event; call it inside the use case's transaction. Returns its id. */
export async function recordEvent(tx: Db, input: RecordEventInput): Promise<number> {
  const [id] = await recordEvents(tx, [input]);
  return id!;
}

/** Rows per INSERT: 7 parameters each stays well under PostgreSQL's 65 535 bind parameters. */
const BATCH_ROWS = 2000;

/**
 * Writes domain events set-based (a multi-row INSERT per batch); call it inside the use case's
 * transaction. Returns their ids in the order given. One NOTIFY for them all.
 */
export async function recordEvents(tx: Db, inputs: readonly RecordEventInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const ids: number[] = [];
  for (let i = 0; i < inputs.length; i += BATCH_ROWS) {
    const rows = await tx
      .insert(domainEvents)
      .values(
        inputs.slice(i, i + BATCH_ROWS).map((input) => ({
          type: input.type,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          accountId: input.accountId ?? null,
          payload: input.payload,
          occurredAt: input.occurredAt,
          source: input.source ?? 'api',
        })),
      )
      .returning({ id: domainEvents.id });
    // NOTE: one statement takes its bigserial ids in VALUES order, so ascending ids are input order
    // (RETURNING's row order is not promised; the ids' order is).
    ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
  }
  // NOTE: PostgreSQL (and PGlite) deliver a NOTIFY only when the transaction commits, and fold
  // identical ones of one transaction into one — so a rolled-back use case wakes nobody and an
  // import of many events in one transaction wakes the workers once. Nobody listening costs nothing.
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
  return ids;
}

// A quote's story for its page (docs/ux.md "The moments"): its follow-ups done and due, its events
// and the order it became. Small reads, each on an index (quote_events by its account's).
import { aliasedTable, and, asc, desc, eq, sql } from 'drizzle-orm';
import type { QuoteActivity, QuoteEvent, QuoteFollowUp } from '../../../contract/quotes.js';
import type { CallOutcome, QuoteOutcome } from '../../../contract/tasks.js';
import type { Db } from '../../db/client.js';
import { orders, quoteEvents, quotes, tasks, users } from '../../db/schema/index.js';
import { notFound } from '../shared/index.js';

interface TaskOutcome {
  note?: string;
  callOutcome?: CallOutcome;
  quoteOutcome?: QuoteOutcome;
}

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

/** The follow-ups, events and resulting order of one quote; throws quotes.not_found. */
export async function getQuoteActivity(db: Db, id: string): Promise<QuoteActivity> {
  const [quote] = await db.select({ orderId: quotes.orderId, accountId: quotes.accountId }).from(quotes).where(eq(quotes.id, id));
  // quotes.not_found: no quote has this id.
  if (!quote) throw notFound('quotes.not_found', `No quote with id ${id}.`);

  const assignee = aliasedTable(users, 'assignee');
  const doer = aliasedTable(users, 'doer');
  const taskRows = await db
    .select({ task: tasks, assigneeName: assignee.name, doerName: doer.name })
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(doer, eq(doer.id, tasks.completedBy))
    .where(eq(tasks.quoteId, id))
    // Still to do first (soonest due), then what was done (latest first).
    .orderBy(
      sql`case when ${tasks.status} in ('open', 'waiting') then 0 else 1 end`,
      asc(sql`case when ${tasks.status} in ('open', 'waiting') then ${tasks.dueAt} end`),
      desc(tasks.completedAt),
      asc(tasks.id),
    );
  const followUps: QuoteFollowUp[] = taskRows.map(({ task: t, assigneeName, doerName }) => {
    const outcome = (t.outcome ?? {}) as TaskOutcome;
    return {
      id: t.id,
      title: t.title,
      status: t.status,
      dueAt: t.dueAt?.toISOString() ?? null,
      completedAt: t.completedAt?.toISOString() ?? null,
      assignee: person(t.assigneeId, assigneeName),
      completedBy: person(t.completedBy, doerName),
      callOutcome: outcome.callOutcome ?? null,
      quoteOutcome: outcome.quoteOutcome ?? null,
      note: outcome.note ?? null,
    };
  });

  const eventRows = await db
    .select({ event: quoteEvents, actorName: users.name })
    .from(quoteEvents)
    .leftJoin(users, eq(users.id, quoteEvents.actorId))
    .where(and(eq(quoteEvents.accountId, quote.accountId), eq(quoteEvents.quoteId, id)))
    .orderBy(desc(quoteEvents.at), desc(quoteEvents.id));
  const events: QuoteEvent[] = eventRows.map(({ event: e, actorName }) => ({
    id: String(e.id),
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    changed: e.changes && typeof e.changes === 'object' ? Object.keys(e.changes) : [],
    actor: person(e.actorId, actorName),
    at: e.at.toISOString(),
  }));

  const [order] = quote.orderId
    ? await db.select({ id: orders.id, number: orders.number, status: orders.status }).from(orders).where(eq(orders.id, quote.orderId))
    : [];
  return { followUps, events, order: order ?? null };
}

// Read side of quotes: one quote, and the paged, filtered list (one query per page, keyset).
import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { QuoteEntity, type ListQuotesQuery, type Quote } from '../../../contract/quotes.js';
import type { CallOutcome, QuoteOutcome } from '../../../contract/tasks.js';
import type { Db } from '../../db/client.js';
import { accounts, quotes, users } from '../../db/schema/index.js';
import { containsPattern, cursorShapes, keysetAfter, keysetOrderBy, type SortKey } from '../orders/index.js';
import { getSettings } from '../settings/index.js';
import { columnsOf, decodeCursor, formatMoney, notFound, pageResult, type ReadContext } from '../shared/index.js';

export type QuoteRow = typeof quotes.$inferSelect;
interface QuoteListRow {
  quote: QuoteRow;
  accountName: string;
  repName: string | null;
  nextFollowUpAt: string | null;
  lastFollowUp: string | null;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** The quote's open follow-up task due first (tasks_quote_idx). */
const nextFollowUpAt = sql<string | null>`(select to_char(min(t.due_at) at time zone 'UTC', ${sql.raw(ISO)})
  from tasks t where t.quote_id = ${quotes.id} and t.status = 'open')`;
/** Its last follow-up call done, as JSON text: when, the call's outcome and where the quote stood. */
const lastFollowUp = sql<string | null>`(select json_build_object('at', to_char(t.completed_at at time zone 'UTC', ${sql.raw(ISO)}),
    'callOutcome', t.outcome->>'callOutcome', 'quoteOutcome', t.outcome->>'quoteOutcome')::text
  from tasks t where t.quote_id = ${quotes.id} and t.status = 'done' and t.outcome->>'callOutcome' is not null
  order by t.completed_at desc, t.id desc limit 1)`;

function selectQuotes(db: Db) {
  return db
    .select({ quote: quotes, accountName: accounts.name, repName: users.name, nextFollowUpAt, lastFollowUp })
    .from(quotes)
    .innerJoin(accounts, eq(accounts.id, quotes.accountId))
    .leftJoin(users, eq(users.id, quotes.repId));
}

export function presentQuote(r: QuoteListRow): Quote {
  const q = r.quote;
  return {
    ...columnsOf(QuoteEntity, q),
    accountName: r.accountName,
    amount: formatMoney(q.amount, q.currency),
    currency: q.currency,
    sentAt: q.sentAt.toISOString(),
    status: q.status,
    decidedAt: q.decidedAt?.toISOString() ?? null,
    rep: q.repId ? { id: q.repId, name: r.repName ?? '' } : null,
    lostReason: q.lostReason,
    orderId: q.orderId,
    nextFollowUpAt: r.nextFollowUpAt,
    lastFollowUp: r.lastFollowUp
      ? (JSON.parse(r.lastFollowUp) as { at: string; callOutcome: CallOutcome; quoteOutcome: QuoteOutcome | null })
      : null,
  };
}

/** One quote; throws quotes.not_found. */
export async function getQuote(db: Db, id: string): Promise<Quote> {
  const [row] = await selectQuotes(db).where(eq(quotes.id, id));
  // quotes.not_found: no quote has this id.
  if (!row) throw notFound('quotes.not_found', `No quote with id ${id}.`);
  return presentQuote(row);
}

type Sort = { keys: SortKey[]; cursorOf: (r: QuoteListRow) => unknown[] };
const byId = (dir: 'asc' | 'desc'): SortKey => ({ expr: quotes.id, dir, type: 'uuid' });
const sentAt = (dir: 'asc' | 'desc'): Sort => ({
  keys: [{ expr: quotes.sentAt, dir, type: 'timestamptz' }, byId(dir)],
  cursorOf: (r) => [r.quote.sentAt.toISOString(), r.quote.id],
});
const amount = (dir: 'asc' | 'desc'): Sort => ({
  keys: [{ expr: quotes.amount, dir, type: 'bigint' }, byId(dir)],
  cursorOf: (r) => [r.quote.amount, r.quote.id],
});
const number = (dir: 'asc' | 'desc'): Sort => ({
  keys: [{ expr: quotes.number, dir, type: 'text' }, byId(dir)],
  cursorOf: (r) => [r.quote.number, r.quote.id],
});
const SORTS: Record<ListQuotesQuery['sort'], Sort> = {
  sentAt: sentAt('asc'),
  '-sentAt': sentAt('desc'),
  amount: amount('asc'),
  '-amount': amount('desc'),
  number: number('asc'),
  '-number': number('desc'),
};

/** The quotes list at an instant: "follow-up due" means due by the end of today in the organisation's timezone. */
export async function listQuotes({ db, now }: ReadContext, input: ListQuotesQuery) {
  const sort = SORTS[input.sort];
  const where: (SQL | undefined)[] = [];
  if (input.q) {
    const like = containsPattern(input.q);
    where.push(or(ilike(quotes.number, like), ilike(quotes.externalRef, like), ilike(accounts.name, like)));
  }
  if (input.accountId) where.push(eq(quotes.accountId, input.accountId));
  if (input.status) where.push(eq(quotes.status, input.status));
  if (input.repId) where.push(eq(quotes.repId, input.repId));
  if (input.followUp === 'due') {
    const zone = (await getSettings(db)).timezone;
    const endOfToday = sql`((${now.toISOString()}::timestamptz at time zone ${zone}::text)::date + 1)::timestamp at time zone ${zone}::text`;
    where.push(eq(quotes.status, 'open'));
    where.push(sql`exists (select 1 from tasks t where t.quote_id = ${quotes.id} and t.status = 'open' and t.due_at < ${endOfToday})`);
  }
  const after = decodeCursor(input.cursor, cursorShapes(sort.keys));
  if (after) where.push(keysetAfter(sort.keys, after));
  const rows = await selectQuotes(db)
    .where(and(...where))
    .orderBy(...keysetOrderBy(sort.keys))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, sort.cursorOf);
  return { items: page.items.map(presentQuote), nextCursor: page.nextCursor };
}

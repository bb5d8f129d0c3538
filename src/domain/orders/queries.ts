// Read side of orders: one order with lines and events, and the paged, filtered list.
// Set-based: one query per page (joins, no per-row lookups), keyset pagination on indexed sorts.
import { and, desc, eq, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ListOrdersQuery, OrderDetail } from '../../../contract/orders.js';
import type { Db } from '../../db/client.js';
import { accounts, orderEvents, orderLines, orders, users } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import { decodeCursor, formatMoneyOrNull, notFound, pageResult } from '../shared/index.js';
import { containsPattern, keysetAfter, keysetOrderBy, type SortKey } from './keyset.js';
import { CLOSED_STATUSES } from './lifecycle.rules.js';
import { presentEvent, presentLine, presentOrder, type OrderListRow, type PresentContext } from './present.js';

const rep = alias(users, 'rep');
const csr = alias(users, 'csr');

function selectOrders(db: Db) {
  return db
    .select({
      order: orders,
      accountName: accounts.name,
      accountTimezone: accounts.timezone,
      firstOrderId: accounts.firstOrderId,
      potentialAnnualSpend: accounts.potentialAnnualSpend,
      acquisitionCost: accounts.acquisitionCost,
      accountCurrency: accounts.currency,
      repName: rep.name,
      csrName: csr.name,
    })
    .from(orders)
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .leftJoin(rep, eq(rep.id, orders.repId))
    .leftJoin(csr, eq(csr.id, orders.csrId));
}

export async function presentContext(db: Db, now: Date): Promise<PresentContext> {
  const s = await getCachedSettings(db);
  return { orgTimezone: s.timezone, auditionMinSpend: s.auditionMinSpend, now };
}

/** One order with its lines and its events (newest first); throws orders.not_found. */
export async function getOrderDetail(db: Db, id: string, now: Date): Promise<OrderDetail> {
  const [row] = await selectOrders(db).where(eq(orders.id, id));
  // orders.not_found: no order has this id.
  if (!row) throw notFound('orders.not_found', `No order with id ${id}.`);
  // Sequential on purpose: `db` may be a transaction, which runs one statement at a time.
  const ctx = await presentContext(db, now);
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(orderLines.position);
  const events = await db
    .select({ event: orderEvents, actorName: users.name })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorId))
    .where(eq(orderEvents.orderId, id))
    .orderBy(desc(orderEvents.at), desc(orderEvents.id));
  return {
    ...presentOrder(row, ctx),
    acquisitionCost: formatMoneyOrNull(row.acquisitionCost, row.accountCurrency),
    lines: lines.map((l) => presentLine(l, row.order.currency)),
    events: events.map((e) => presentEvent(e.event, e.actorName)),
  };
}

const SORTS: Record<ListOrdersQuery['sort'], { keys: SortKey[]; cursorOf: (r: OrderListRow) => unknown[] }> = (() => {
  const byId = (dir: 'asc' | 'desc'): SortKey => ({ expr: orders.id, dir, type: 'uuid' });
  const placed = (dir: 'asc' | 'desc') => ({
    keys: [{ expr: orders.placedAt, dir, type: 'timestamptz' } as SortKey, byId(dir)],
    cursorOf: (r: OrderListRow) => [r.order.placedAt.toISOString(), r.order.id],
  });
  const promised = (dir: 'asc' | 'desc') => ({
    keys: [{ expr: orders.promisedDate, dir, type: 'date', nullable: true } as SortKey, byId(dir)],
    cursorOf: (r: OrderListRow) => [r.order.promisedDate, r.order.id],
  });
  const number = (dir: 'asc' | 'desc') => ({
    keys: [{ expr: orders.number, dir, type: 'text' } as SortKey, byId(dir)],
    cursorOf: (r: OrderListRow) => [r.order.number, r.order.id],
  });
  const amount = (dir: 'asc' | 'desc') => ({
    keys: [{ expr: orders.amount, dir, type: 'bigint' } as SortKey, byId(dir)],
    cursorOf: (r: OrderListRow) => [r.order.amount, r.order.id],
  });
  return {
    placedAt: placed('asc'),
    '-placedAt': placed('desc'),
    promisedDate: promised('asc'),
    '-promisedDate': promised('desc'),
    number: number('asc'),
    '-number': number('desc'),
    amount: amount('asc'),
    '-amount': amount('desc'),
  };
})();

/** SQL twin of order.rules isLate: open, and promised before today in the account's (else org) timezone. */
export function isLateSql(now: Date, orgTimezone: string): SQL {
  const closed = sql.join(
    CLOSED_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`(${orders.status} not in (${closed}) and ${orders.promisedDate} is not null and ${orders.promisedDate} < (cast(${now.toISOString()} as timestamptz) at time zone coalesce(${accounts.timezone}, ${orgTimezone}))::date)`;
}

export type ListOrdersInput = ListOrdersQuery & { now: Date };

export async function listOrders(db: Db, input: ListOrdersInput) {
  const ctx = await presentContext(db, input.now);
  const sort = SORTS[input.sort];
  const where: (SQL | undefined)[] = [];
  if (input.q) {
    const like = containsPattern(input.q);
    where.push(or(ilike(orders.number, like), ilike(orders.externalRef, like), ilike(accounts.name, like)));
  }
  if (input.accountId) where.push(eq(orders.accountId, input.accountId));
  if (input.status) where.push(eq(orders.status, input.status));
  if (input.repId) where.push(eq(orders.repId, input.repId));
  if (input.isFirstOrder === 'true') where.push(and(isNotNull(accounts.firstOrderId), eq(accounts.firstOrderId, orders.id)));
  if (input.isFirstOrder === 'false') where.push(sql`${accounts.firstOrderId} is distinct from ${orders.id}`);
  if (input.isLate === 'true') where.push(isLateSql(input.now, ctx.orgTimezone));
  if (input.isLate === 'false') where.push(sql`not ${isLateSql(input.now, ctx.orgTimezone)}`);
  const after = decodeCursor(input.cursor, sort.keys.length);
  if (after) where.push(keysetAfter(sort.keys, after));
  const rows = await selectOrders(db)
    .where(and(...where))
    .orderBy(...keysetOrderBy(sort.keys))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, sort.cursorOf);
  return { items: page.items.map((r) => presentOrder(r, ctx)), nextCursor: page.nextCursor };
}

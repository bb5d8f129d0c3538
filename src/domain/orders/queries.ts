// Read side of orders: one order with lines and events, and the paged, filtered list.
// Set-based: one query per page (joins, no per-row lookups), keyset pagination on indexed sorts.
import { and, eq, ilike, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ListOrdersQuery, OrderDetail } from '../../../contract/orders.js';
import type { Db } from '../../db/client.js';
import { rowFromJson } from '../../db/json-row.js';
import { accounts, imports, orderEvents, orderLines, orders, users } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import { decodeCursor, formatMoneyOrNull, notFound, pageResult, type ReadContext } from '../shared/index.js';
import { containsPattern, cursorShapes, keysetAfter, keysetOrderBy, type SortKey } from './keyset.js';
import { CLOSED_STATUSES } from './lifecycle.rules.js';
import {
  importedEvent,
  presentEvent,
  presentLine,
  presentOrder,
  type ImportedBy,
  type OrderListRow,
  type PresentContext,
} from './present.js';

const rep = alias(users, 'rep');
const csr = alias(users, 'csr');

function selectOrders<Extra extends Record<string, SQL.Aliased | SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({
      ...(extra as Extra),
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

// The order's lines and events ride along as JSON (one query for the page, see db/json-row.ts).
const linesJson = sql<Record<string, unknown>[]>`(select coalesce(json_agg(row_to_json(l) order by l.position), '[]'::json)
  from ${orderLines} l where l.order_id = ${orders}.id)`;
const eventsJson = sql<{ event: Record<string, unknown>; actorName: string | null }[]>`(select coalesce(json_agg(
    json_build_object('event', row_to_json(e), 'actorName', u.name) order by e.at desc, e.id desc), '[]'::json)
  from ${orderEvents} e left join ${users} u on u.id = e.actor_id where e.order_id = ${orders}.id)`;

const importedJson = sql<ImportedBy | null>`(select json_build_object('userId', i.created_by, 'name', u.name, 'fileName', i.file_name)
  from ${imports} i left join ${users} u on u.id = i.created_by where i.id = ${orders}.import_id)`;

/** One order with its lines and its events (newest first), in one query; throws orders.not_found. */
export async function getOrderDetail({ db, now }: ReadContext, id: string): Promise<OrderDetail> {
  const [row] = await selectOrders(db, { lines: linesJson, events: eventsJson, imported: importedJson }).where(eq(orders.id, id));
  // orders.not_found: no order has this id.
  if (!row) throw notFound('orders.not_found', `No order with id ${id}.`);
  const ctx = await presentContext(db, now);
  return {
    ...presentOrder(row, ctx),
    acquisitionCost: formatMoneyOrNull(row.acquisitionCost, row.accountCurrency),
    lines: row.lines.map((l) => presentLine(rowFromJson(orderLines, l), row.order.currency)),
    events: [
      ...row.events.map((e) => presentEvent(rowFromJson(orderEvents, e.event), e.actorName)),
      // Its placed time comes before anything that happened to it in Rapport.
      ...(row.imported ? [importedEvent(row.order, row.imported)] : []),
    ],
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

export async function listOrders({ db, now }: ReadContext, input: ListOrdersQuery) {
  const ctx = await presentContext(db, now);
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
  if (input.isLate === 'true') where.push(isLateSql(now, ctx.orgTimezone));
  if (input.isLate === 'false') where.push(sql`not ${isLateSql(now, ctx.orgTimezone)}`);
  const after = decodeCursor(input.cursor, cursorShapes(sort.keys));
  if (after) where.push(keysetAfter(sort.keys, after));
  const rows = await selectOrders(db)
    .where(and(...where))
    .orderBy(...keysetOrderBy(sort.keys))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, sort.cursorOf);
  return { items: page.items.map((r) => presentOrder(r, ctx)), nextCursor: page.nextCursor };
}

// orders: upserted by number. A new order remembers the import that created it (import_id): its
// placed, shipped and delivered times are its history, shown in the timelines as one 'imported'
// entry, with no order event of its own (decision 0007). A changed order gets one event naming
// each changed field. Imported history is history: no domain event is written, so
// no playbook starts for what already happened (DESIGN §5).
import { sql } from 'drizzle-orm';
import { ORDER_STATUSES, type OrderStatus } from '../../../../contract/orders.js';
import { refreshAccountOrderStats } from '../../orders/index.js';
import { currencyDigits, isKnownCurrency } from '../../shared/index.js';
import { rowsOf, stagedRange, type KindDeps, type KindHandler, type StageColumns } from '../kind.js';
import type { RefMaps } from '../refs.js';
import { readDate, readMoney, readTimestamp } from './read.js';

interface OrderImportRow {
  number: string;
  account_id: string;
  external_ref: string | null;
  placed_at: Date;
  promised_date: string | null;
  expected_ship_date: string | null;
  amount: number;
  digits: number;
  currency: string;
  status: OrderStatus;
  rep_id: string | null;
  csr_id: string | null;
  shipped_at: Date | null;
  carrier: string | null;
  tracking_number: string | null;
  delivered_at: Date | null;
}

const PRE_SHIP: ReadonlySet<OrderStatus> = new Set([
  'received',
  'data_review',
  'in_production',
  'inspection',
  'ready_to_ship',
  'cancelled',
]);
const PATH = `array['received','data_review','in_production','inspection','ready_to_ship','shipped','delivered','closed']`;

/** Field → column of the optional fields: updated on re-import only when the file provides them. */
const OPTIONAL: Record<string, string> = {
  externalRef: 'external_ref',
  promisedDate: 'promised_date',
  expectedShipDate: 'expected_ship_date',
  currency: 'currency',
  repRef: 'rep_id',
  csrRef: 'csr_id',
  shippedAt: 'shipped_at',
  carrier: 'carrier',
  trackingNumber: 'tracking_number',
  deliveredAt: 'delivered_at',
};
const CHANGE_KEYS: Record<string, string> = {
  account_id: 'accountId',
  placed_at: 'placedAt',
  amount: 'amount',
  status: 'status',
  external_ref: 'externalRef',
  promised_date: 'promisedDate',
  expected_ship_date: 'expectedShipDate',
  currency: 'currency',
  rep_id: 'repId',
  csr_id: 'csrId',
  shipped_at: 'shippedAt',
  carrier: 'carrier',
  tracking_number: 'trackingNumber',
  delivered_at: 'deliveredAt',
};

/** The staging table's columns (after `line`), in COPY order: the good rows of the file, converted. */
const STAGE_COLUMNS: StageColumns<OrderImportRow> = [
  ['number', 'text'],
  ['account_id', 'uuid'],
  ['external_ref', 'text'],
  ['placed_at', 'timestamptz'],
  ['promised_date', 'date'],
  ['expected_ship_date', 'date'],
  ['amount', 'bigint'],
  ['digits', 'int'],
  ['currency', 'text'],
  ['status', 'text'],
  ['rep_id', 'uuid'],
  ['csr_id', 'uuid'],
  ['shipped_at', 'timestamptz'],
  ['carrier', 'text'],
  ['tracking_number', 'text'],
  ['delivered_at', 'timestamptz'],
];

export function ordersKind(deps: KindDeps, refs: RefMaps): KindHandler<OrderImportRow> {
  const touchedAccounts = new Set<string>();
  const opts = deps.mapping;
  const update: [string, string][] = [
    ['account_id', 'r.account_id'],
    ['placed_at', 'r.placed_at'],
    ['amount', 'r.amount'],
  ];
  for (const [field, column] of Object.entries(OPTIONAL)) if (deps.provided.has(field)) update.push([column, `r.${column}`]);
  // Without a status column the status follows the dates forward only: a re-import never moves
  // back an order that people have moved along in Rapport.
  update.push([
    'status',
    deps.provided.has('status')
      ? 'r.status'
      : `case when array_position(${PATH}, r.status) > coalesce(array_position(${PATH}, o.status), 99) then r.status else o.status end`,
  ]);
  const changesExpr = `jsonb_strip_nulls(jsonb_build_object(${update
    .map(([col]) => {
      const from = col === 'amount' ? 'round(o.amount::numeric / power(10::numeric, u.digits), u.digits)::text' : `o.${col}`;
      const to = col === 'amount' ? 'round(u.amount::numeric / power(10::numeric, u.digits), u.digits)::text' : `u.${col}`;
      return `'${CHANGE_KEYS[col]}', case when o.${col} is distinct from u.${col} then jsonb_build_object('from', ${from}, 'to', ${to}) end`;
    })
    .join(', ')}))`;

  const range = stagedRange('number', deps.isSkippingBadRows);
  // Changed orders: `o` is the order as it was (the statement's snapshot), `u` as updated.
  const updateText = `
    with r as (${range}),
    old as (select o.* from orders o join r on r.number = o.number),
    up as (
      update orders o set ${update.map(([c, e]) => `${c} = ${e}`).join(', ')}, updated_at = %NOW%
        from r
       where o.number = r.number
         and (${update.map(([c]) => `o.${c}`).join(', ')}) is distinct from (${update.map(([, e]) => e).join(', ')})
      returning o.*, r.digits
    ),
    ev as (
      insert into order_events (order_id, account_id, kind, from_status, to_status, changes, note, actor_id, at)
      select u.id, u.account_id, case when o.status is distinct from u.status then 'status_changed' else 'updated' end,
             case when o.status is distinct from u.status then o.status end, case when o.status is distinct from u.status then u.status end,
             ${changesExpr}, 'imported', %ACTOR%, %NOW%
        from up u join old o on o.id = u.id
    )
    select (select count(*)::int from up) as n,
           (select string_agg(distinct a::text, ',') from (select account_id as a from up union select o.account_id from old o join up u on u.id = o.id) s) as accounts`;
  // New orders.
  const insertText = `
    with ins as (
      insert into orders (number, account_id, external_ref, placed_at, promised_date, expected_ship_date, amount, currency, status,
                          rep_id, csr_id, shipped_at, carrier, tracking_number, delivered_at, import_id, created_at, updated_at)
      select number, account_id, external_ref, placed_at, promised_date, expected_ship_date, amount, currency, status,
             rep_id, csr_id, shipped_at, carrier, tracking_number, delivered_at, %IMPORT%, %NOW%, %NOW%
        from (${range}) r
       where not exists (select 1 from orders o where o.number = r.number)
      returning account_id
    )
    select (select count(*)::int from ins) as n, (select string_agg(distinct account_id::text, ',') from ins) as accounts`;
  const bind = (text: string, from: number, to: number) =>
    sql.join(
      text.split(/(%FROM%|%TO%|%NOW%|%ACTOR%|%IMPORT%)/).map((p) =>
        p === '%FROM%'
          ? sql`${from}::int`
          : p === '%TO%'
            ? sql`${to}::int`
            : p === '%NOW%'
              ? sql`${deps.now.toISOString()}::timestamptz`
              : p === '%ACTOR%'
                ? sql`${deps.actor.userId}::uuid`
                : p === '%IMPORT%'
                  ? sql`${deps.importId}::uuid`
                  : sql.raw(p),
      ),
    );

  return {
    keyField: 'number',
    key: (r) => r.number,
    convert(c) {
      const number = c.get('number');
      if (!number) c.bad('number', 'is required');
      const accountRef = c.get('accountRef');
      const account = accountRef === undefined ? undefined : refs.customers.get(accountRef);
      if (!accountRef) c.bad('accountRef', 'is required');
      else if (!account) c.bad('accountRef', 'is not the external reference of a customer or prospect account');
      const currency = (c.get('currency') ?? account?.currency ?? deps.settings.currency).toUpperCase();
      if (!isKnownCurrency(currency)) c.bad('currency', 'is not an ISO 4217 currency');
      const zone = account?.timezone ?? deps.settings.timezone;
      const placedAt = readTimestamp(c, 'placedAt', zone, opts, true);
      const amount = isKnownCurrency(currency) ? readMoney(c, 'amount', currency, opts, true) : null;
      const shippedAt = readTimestamp(c, 'shippedAt', zone, opts);
      const deliveredAt = readTimestamp(c, 'deliveredAt', zone, opts);
      if (shippedAt && placedAt && shippedAt < placedAt) c.bad('shippedAt', 'is before the order was placed');
      if (deliveredAt && shippedAt && deliveredAt < shippedAt) c.bad('deliveredAt', 'is before the order shipped');
      const statusText = c
        .get('status')
        ?.toLowerCase()
        .replace(/[\s-]+/g, '_');
      let status: OrderStatus = deliveredAt ? 'delivered' : shippedAt ? 'shipped' : 'received';
      if (statusText !== undefined) {
        if (!(ORDER_STATUSES as readonly string[]).includes(statusText))
          c.bad('status', `is not an order status (${ORDER_STATUSES.join(', ')})`);
        else {
          status = statusText as OrderStatus;
          if (shippedAt && PRE_SHIP.has(status)) c.bad('status', `says ${status}, but the order has a shippedAt`);
          else if (deliveredAt && status === 'shipped') c.bad('status', 'says shipped, but the order has a deliveredAt');
        }
      }
      const user = (field: string): string | null => {
        const ref = c.get(field);
        if (ref === undefined) return null;
        const id = refs.users.get(ref);
        if (!id) c.bad(field, 'is not the external reference of a user');
        return id ?? null;
      };
      const row: OrderImportRow = {
        number: number ?? '',
        account_id: account?.id ?? '',
        external_ref: c.get('externalRef') ?? null,
        placed_at: placedAt ?? deps.now,
        promised_date: readDate(c, 'promisedDate', opts),
        expected_ship_date: readDate(c, 'expectedShipDate', opts),
        amount: amount ?? 0,
        digits: isKnownCurrency(currency) ? currencyDigits(currency) : 2,
        currency,
        status,
        rep_id: user('repRef'),
        csr_id: user('csrRef'),
        shipped_at: shippedAt,
        carrier: c.get('carrier') ?? null,
        tracking_number: c.get('trackingNumber') ?? null,
        delivered_at: deliveredAt,
      };
      return row;
    },
    staging: {
      columns: STAGE_COLUMNS,
      values: (r) => STAGE_COLUMNS.map(([c]) => r[c]),
      async write(tx, from, to) {
        // Two statements per range of lines, not one INSERT … ON CONFLICT DO UPDATE: the changed
        // orders are updated from the staging table (UPDATE … FROM, only where something differs),
        // then the new ones are inserted with a plain INSERT … SELECT … WHERE NOT EXISTS — no
        // speculative insertion per row. Each statement writes its order events from its RETURNING.
        // A number is never both, nor twice: a range holds each number once (stagedRange).
        // NOTE: an order of the same number created by someone else between the two statements
        // fails the import (unique violation, rolled back) instead of being overwritten.
        const changed = await rowsOf<{ n: number; accounts: string | null }>(tx, bind(updateText, from, to));
        const added = await rowsOf<{ n: number; accounts: string | null }>(tx, bind(insertText, from, to));
        for (const res of [changed[0], added[0]]) for (const id of res?.accounts?.split(',') ?? []) touchedAccounts.add(id);
        const created = Number(added[0]?.n ?? 0);
        const updated = Number(changed[0]?.n ?? 0);
        return { created, updated, touched: created + updated };
      },
    },
    async finish(tx) {
      if (touchedAccounts.size > 0) await refreshAccountOrderStats(tx, [...touchedAccounts]);
    },
  };
}

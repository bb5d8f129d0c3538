// orders: upserted by number. A new order remembers the import that created it (import_id): its
// placed, shipped and delivered times are its history, shown in the timelines as one 'imported'
// entry, with no order event or domain event of its own (decision 0007): imported history starts
// no playbook for what already happened (docs/imports.md).
//
// An order that already exists is one Rapport may be running (playbooks, gates), so a change of
// its status is a transition, as through the API or the ERP webhook: the lifecycle decides
// (lifecycle.rules.ts walkTo — a status further along walks every step between), open playbook
// gates refuse the row (orders.gate_open, naming the step and what is missing) unless an admin
// overrides them with a reason, and the move writes its order event and its domain events
// (order.status_changed, order.shipped, order.delivered) so the playbooks hear of it. A changed
// order gets one event naming each changed field.
import { sql } from 'drizzle-orm';
import { ORDER_CATEGORIES, ORDER_STATUSES, OrderEntity, type OrderCategory, type OrderStatus } from '../../../../contract/orders.js';
import type { Evidence } from '../../../../contract/playbooks.js';
import { STAGE_KEYS } from '../../../../contract/settings.js';
import type { OpenGate } from '../../../../contract/tasks.js';
import type { Db } from '../../../db/client.js';
import { EVENTS_CHANNEL } from '../../events/index.js';
import { refreshAccountOrderStats } from '../../order-stats/index.js';
import { ORDER_PATH, walkTo } from '../../orders/index.js';
import { describeMissing, gateBlocks, gateMessage, type SignoffRecord } from '../../playbooks/index.js';
import { recordLateRisk } from '../../sweep/index.js';
import { currencyDigits, isKnownCurrency, recordAudit } from '../../shared/index.js';
import {
  changedFieldsJson,
  EXISTING_TABLE,
  rowsOf,
  STAGE_TABLE,
  stagedRange,
  type KindDeps,
  type KindHandler,
  type StageColumns,
} from '../kind.js';
import type { RefMaps } from '../refs.js';
import { inTimedParts, type StepRunner } from '../transaction.js';
import { assertReadByHand } from './declared.js';
import { readDate, readMoney, readOneOf, readTimestamp } from './read.js';

// Its SQL names every column: a field added to the declaration needs a line here (refused at start until then).
assertReadByHand(OrderEntity, [
  'number',
  'accountRef',
  'placedAt',
  'amount',
  'externalRef',
  'promisedDate',
  'expectedShipDate',
  'shippedAt',
  'deliveredAt',
  'currency',
  'status',
  'repRef',
  'csrRef',
  'carrier',
  'trackingNumber',
  'category',
]);

export interface OrderImportRow {
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
  category: OrderCategory;
  /** The status of the existing order when the row was checked (null: a new order). */
  seen_status: OrderStatus | null;
}

/** An order of the file that already exists, with its open gates (tasks gating a status). */
interface ExistingOrder {
  id: string;
  number: string;
  status: OrderStatus;
  account_id: string;
  gates:
    | { taskId: string; title: string; gateStatus: string; evidence: Evidence | null; signoffs: SignoffRecord[]; askedFor: string | null }[]
    | null;
}

/** A gate an admin's override let a row pass; written as the order's gate_override event at the end. */
interface Override {
  orderId: string;
  accountId: string;
  from: OrderStatus;
  to: OrderStatus;
  gates: OpenGate[];
}

/** In steps: the first part of the accounts (or of the new open orders, for late risk) one step settles; the next are timed. */
const SETTLE_STEP_ACCOUNTS = 50;
const LATE_RISK_STEP_ORDERS = 250;
/** The statuses late risk looks at (the sweep's: an order in one of its stages). */
const OPEN_STATUSES = STAGE_KEYS.map((k) => `'${k}'`).join(', ');

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
  category: 'category',
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
  category: 'category',
};

/** The staging table's columns (after `line`), in COPY order: the good rows of the file, converted. */
export const ORDER_STAGE_COLUMNS: StageColumns<OrderImportRow> = [
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
  ['category', 'text'],
  ['seen_status', 'text'],
];

/** How ERPs and spreadsheets name the categories, beyond their own names ("Service contract", "parts & consumables"). */
const CATEGORY_WORDS: Record<string, OrderCategory> = {
  products: 'product',
  goods: 'product',
  service: 'service_contract',
  services: 'service_contract',
  service_contracts: 'service_contract',
  contract: 'service_contract',
  maintenance: 'service_contract',
  parts: 'parts_consumables',
  spares: 'parts_consumables',
  spare_parts: 'parts_consumables',
  consumables: 'parts_consumables',
  parts_and_consumables: 'parts_consumables',
  repairs: 'repair',
};

/** Position on the forward path; off it (cancelled) an order never moves forward by its dates. */
const pathIndex = (s: OrderStatus) => {
  const i = ORDER_PATH.indexOf(s);
  return i >= 0 ? i : Infinity;
};

export function ordersKind(deps: KindDeps, refs: RefMaps): KindHandler<OrderImportRow> {
  const touchedAccounts = new Set<string>();
  // In steps: the staged lines of orders that existed (changed by the last step), the accounts
  // whose orders the last step changed, and the new orders still open (late risk looks at those).
  let existingLines = 0;
  const changedInLastStep = new Set<string>();
  const openOrderIds: string[] = [];
  // The orders of the current chunk that exist already, loaded in one query per chunk.
  let existing = new Map<string, ExistingOrder>();
  const overrides: Override[] = [];
  let hasMoved = false;
  const opts = deps.mapping;
  const update: [string, string][] = [
    ['account_id', 'r.account_id'],
    ['placed_at', 'r.placed_at'],
    ['amount', 'r.amount'],
  ];
  for (const [field, column] of Object.entries(OPTIONAL)) if (deps.provided.has(field)) update.push([column, `r.${column}`]);
  // The status was decided per row against the order as it was then (convert, below); an order
  // that moved in Rapport since keeps its own status rather than being moved back by the file.
  update.push(['status', 'case when o.status is not distinct from r.seen_status then r.status else o.status end']);
  const changesExpr = changedFieldsJson(
    update.map(([col]) => ({
      key: CHANGE_KEYS[col]!,
      changed: `o.${col} is distinct from u.${col}`,
      from: col === 'amount' ? 'round(o.amount::numeric / power(10::numeric, u.digits), u.digits)::text' : `o.${col}`,
      to: col === 'amount' ? 'round(u.amount::numeric / power(10::numeric, u.digits), u.digits)::text' : `u.${col}`,
    })),
  );
  const at = (path: number) => `array_position(${PATH}, o.status) < ${path} and array_position(${PATH}, u.status) >= ${path}`;

  const range = stagedRange('number', deps.isSkippingBadRows);
  // Changed orders: `o` is the order as it was (the statement's snapshot), `u` as updated.
  const updateTextFor = (rows: string) => `
    with r as (${rows}),
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
    ),
    -- A status move is a transition: the playbooks hear of it as they would through the API
    -- (the walk passes shipped or delivered: those events too). Dated when it happened, so an old
    -- fact in a re-imported file stays outside every playbook's horizon.
    de as (
      insert into domain_events (type, subject_type, subject_id, account_id, payload, occurred_at, source)
      select t.type, 'order', u.id, u.account_id,
             jsonb_build_object('orderId', u.id, 'number', u.number, 'accountId', u.account_id,
                                'isFirstOrder', coalesce(a.first_order_id = u.id, false), 'from', o.status, 'to', u.status),
             t.at, 'import'
        from up u join old o on o.id = u.id left join accounts a on a.id = u.account_id
        cross join lateral (
          select 'order.status_changed' as type,
                 coalesce(case u.status when 'shipped' then u.shipped_at when 'delivered' then u.delivered_at end, %NOW%) as at
          union all select 'order.shipped', coalesce(u.shipped_at, %NOW%) where ${at(6)}
          union all select 'order.delivered', coalesce(u.delivered_at, %NOW%) where ${at(7)}
        ) t
       where o.status is distinct from u.status
      returning 1
    )
    select (select count(*)::int from up) as n, (select count(*)::int from de) as moved,
           (select string_agg(distinct a::text, ',') from (select account_id as a from up union select o.account_id from old o join up u on u.id = o.id) s) as accounts`;
  const updateText = updateTextFor(range);
  // In steps: the staged rows of orders that existed when their step wrote (the others it inserted).
  const deferredUpdateText = updateTextFor(`select s.* from ${STAGE_TABLE} s join ${EXISTING_TABLE} e on e.line = s.line`);
  // New orders, with their placed and shipped days in the account's timezone set here, in the same
  // statement: the database's trigger would compute them a row at a time (decision 0022). In steps
  // they are staged (hidden until the import is published), and the rows of orders that exist are
  // noted for the last step, which changes them (deferredUpdateText).
  const insertText = `
    with r as (${range}),
    ins as (
      insert into orders (number, account_id, external_ref, placed_at, promised_date, expected_ship_date, amount, currency, status,
                          rep_id, csr_id, shipped_at, carrier, tracking_number, delivered_at, category, import_id, created_at, updated_at,
                          placed_on, shipped_on, staged_import_id)
      select r.number, r.account_id, r.external_ref, r.placed_at, r.promised_date, r.expected_ship_date, r.amount, r.currency, r.status,
             r.rep_id, r.csr_id, r.shipped_at, r.carrier, r.tracking_number, r.delivered_at, r.category, %IMPORT%, %NOW%, %NOW%,
             (r.placed_at at time zone z.zone)::date, (r.shipped_at at time zone z.zone)::date, %STAGED%
        from r
        left join accounts a on a.id = r.account_id
        cross join lateral (select coalesce(a.timezone, (select st.timezone from settings st where st.id = 1), 'UTC') as zone) z
       where not exists (select 1 from orders o where o.number = r.number)
      returning account_id, number, id, status
    )${
      deps.isInSteps
        ? `,
    ex as (insert into ${EXISTING_TABLE} (line) select r.line from r where not exists (select 1 from ins where ins.number = r.number) returning 1)`
        : ''
    }
    select (select count(*)::int from ins) as n, (select string_agg(distinct account_id::text, ',') from ins) as accounts${
      deps.isInSteps
        ? `, (select count(*)::int from ex) as existing, (select string_agg(id::text, ',') from ins where status in (${OPEN_STATUSES})) as open_ids`
        : ''
    }`;
  const bind = (text: string, from: number, to: number) =>
    sql.join(
      text
        .split(/(%FROM%|%TO%|%NOW%|%ACTOR%|%IMPORT%|%STAGED%)/)
        .map((p) =>
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
                    : p === '%STAGED%'
                      ? sql`${deps.isInSteps ? deps.importId : null}::uuid`
                      : sql.raw(p),
        ),
    );

  /**
   * The status a row gives an existing order, checked as a transition: the lifecycle, then the
   * order's open gates (an admin's override lets them pass, recorded at the end). Without a status
   * column the dates move an order forward only: a re-import never moves back an order that
   * people have moved along in Rapport.
   */
  const decideStatus = (c: Parameters<KindHandler<OrderImportRow>['convert']>[0], cur: ExistingOrder, given: OrderStatus): OrderStatus => {
    const isStatusGiven = deps.provided.has('status') && c.get('status') !== undefined;
    const to = isStatusGiven || pathIndex(given) > pathIndex(cur.status) ? given : cur.status;
    if (to === cur.status) return to;
    const field = isStatusGiven ? 'status' : to === 'delivered' ? 'deliveredAt' : 'shippedAt';
    const walk = walkTo(cur.status, to);
    if (!walk.ok) {
      const allowed = walk.allowed.length > 0 ? walk.allowed.join(', ') : 'none — the order is finished';
      c.bad(
        field,
        `moves order ${cur.number} from ${cur.status} to ${to}, which its lifecycle does not allow (allowed next: ${allowed})`,
        'orders.bad_transition',
      );
      return cur.status;
    }
    const gates: OpenGate[] = (cur.gates ?? [])
      .filter((g) => gateBlocks(g.gateStatus, to))
      .map((g) => ({
        taskId: g.taskId,
        title: g.title,
        gateStatus: g.gateStatus,
        missing: describeMissing(g.evidence, g.signoffs, g.askedFor),
      }));
    if (gates.length > 0 && !deps.overrideGates) {
      c.bad(
        field,
        `cannot move order ${cur.number} to ${to}: ${gates.map((g) => gateMessage(g.title, g.missing)).join('; ')}`,
        'orders.gate_open',
      );
      return cur.status;
    }
    if (gates.length > 0 && !c.isBad()) overrides.push({ orderId: cur.id, accountId: cur.account_id, from: cur.status, to, gates });
    return to;
  };

  return {
    keyField: 'number',
    key: (r) => r.number,
    async lookup(db, rows) {
      const numbers = [...new Set(rows.map((r) => r.get('number')).filter((n): n is string => !!n))];
      existing = new Map();
      if (numbers.length === 0) return;
      const found = await rowsOf<ExistingOrder>(
        db,
        sql`select o.id, o.number, o.status, o.account_id,
                   (select json_agg(json_build_object('taskId', t.id, 'title', t.title, 'gateStatus', t.gate_status, 'evidence', t.evidence,
                                                      'askedFor', t.outcome -> 'asks' -> -1 ->> 'askedFor',
                                                      'signoffs', (select coalesce(json_agg(json_build_object('userId', s.user_id, 'roles', s.roles)), '[]'::json)
                                                                     from task_signoffs s where s.task_id = t.id)))
                      from tasks t where t.order_id = o.id and t.gate_status is not null and t.status in ('open', 'waiting')) as gates
              from orders o where o.number in (select value from json_array_elements_text(${JSON.stringify(numbers)}::json))`,
      );
      for (const o of found) existing.set(o.number, o);
    },
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
        category: readOneOf(c, 'category', ORDER_CATEGORIES, CATEGORY_WORDS) ?? 'product',
        seen_status: null,
      };
      const cur = number ? existing.get(number) : undefined;
      if (cur && !c.isBad()) {
        row.status = decideStatus(c, cur, status);
        row.seen_status = cur.status;
      }
      return row;
    },
    staging: {
      columns: ORDER_STAGE_COLUMNS,
      values: (r) => ORDER_STAGE_COLUMNS.map(([c]) => r[c]),
      async write(tx, from, to) {
        // Two statements per range of lines, not one INSERT … ON CONFLICT DO UPDATE: the changed
        // orders are updated from the staging table (UPDATE … FROM, only where something differs),
        // then the new ones are inserted with a plain INSERT … SELECT … WHERE NOT EXISTS — no
        // speculative insertion per row. Each statement writes its order events from its RETURNING.
        // A number is never both, nor twice: a range holds each number once (stagedRange).
        // NOTE: an order of the same number created by someone else between the two statements
        // fails the import (unique violation, rolled back) instead of being overwritten.
        if (deps.isInSteps) {
          await tx.execute(sql.raw(`create temp table if not exists ${EXISTING_TABLE} (line int primary key) on commit preserve rows`));
          const added = await rowsOf<{ n: number; accounts: string | null; existing: number; open_ids: string | null }>(
            tx,
            bind(insertText, from, to),
          );
          for (const id of added[0]?.accounts?.split(',') ?? []) touchedAccounts.add(id);
          existingLines += Number(added[0]?.existing ?? 0);
          if (added[0]?.open_ids) openOrderIds.push(...added[0].open_ids.split(','));
          const created = Number(added[0]?.n ?? 0);
          return { created, updated: 0, touched: created };
        }
        const changed = await rowsOf<{ n: number; moved: number; accounts: string | null }>(tx, bind(updateText, from, to));
        if (Number(changed[0]?.moved ?? 0) > 0) hasMoved = true;
        const added = await rowsOf<{ n: number; accounts: string | null }>(tx, bind(insertText, from, to));
        for (const res of [changed[0], added[0]]) for (const id of res?.accounts?.split(',') ?? []) touchedAccounts.add(id);
        const created = Number(added[0]?.n ?? 0);
        const updated = Number(changed[0]?.n ?? 0);
        return { created, updated, touched: created + updated };
      },
      ...(deps.isInSteps && {
        async writeDeferred(tx) {
          if (existingLines === 0) return { updated: 0 };
          const changed = await rowsOf<{ n: number; moved: number; accounts: string | null }>(tx, bind(deferredUpdateText, 0, 0));
          if (Number(changed[0]?.moved ?? 0) > 0) hasMoved = true;
          for (const id of changed[0]?.accounts?.split(',') ?? []) {
            touchedAccounts.add(id);
            changedInLastStep.add(id);
          }
          return { updated: Number(changed[0]?.n ?? 0) };
        },
      }),
    },
    async finish(tx) {
      // In steps, what follows from the accounts' orders is settled once the file is visible (settle).
      if (!deps.isInSteps) await settleAccounts(tx, deps, [...touchedAccounts]);
      await recordOverrides(tx, deps, overrides);
      // As recordEvents does: the workers wake when the import commits.
      if (hasMoved) await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
    },
    async settle(tx, step) {
      await settleAccounts(tx, deps, [...touchedAccounts], step, { orderIds: openOrderIds, accountIds: [...changedInLastStep] });
    },
  };
}

/**
 * What follows from the orders of these accounts once they are written: their statistics, an
 * empty sales seat filled from their orders' rep (when the file names reps), and late risk — an
 * imported date that puts an open order at risk emits order.late_risk now (P2.1, the sweep's
 * definition, once per episode; recordEvents notifies the workers itself).
 */
export async function settleAccounts(
  tx: Db,
  deps: Pick<KindDeps, 'now' | 'provided'> | { now: Date; withSeats: boolean },
  accountIds: readonly string[],
  step?: StepRunner,
  lateRisk?: { orderIds: readonly string[]; accountIds: readonly string[] },
): Promise<void> {
  const withSeats = 'withSeats' in deps ? deps.withSeats : deps.provided.has('repRef');
  const settle = async (part: readonly string[]) => {
    await refreshAccountOrderStats(tx, part);
    if (withSeats) await fillEmptySalesSeats(tx, part);
  };
  if (!step) {
    await settle(accountIds);
    await recordLateRisk({ db: tx, now: deps.now }, { accountIds });
    return;
  }
  // In steps: a part per step, sized by how long the last took (each part's accounts' orders are
  // read through the index).
  await inTimedParts(accountIds, SETTLE_STEP_ACCOUNTS, step, settle);
  // Late risk: of the orders given (an import in steps: its new open orders, and every open order
  // of the accounts whose orders its last step changed), else of these accounts'.
  if (!lateRisk) {
    await inTimedParts(accountIds, SETTLE_STEP_ACCOUNTS, step, (part) => recordLateRisk({ db: tx, now: deps.now }, { accountIds: part }));
    return;
  }
  await inTimedParts(lateRisk.orderIds, LATE_RISK_STEP_ORDERS, step, (part) =>
    recordLateRisk({ db: tx, now: deps.now }, { orderIds: part }),
  );
  if (lateRisk.accountIds.length > 0) await step(() => recordLateRisk({ db: tx, now: deps.now }, { accountIds: lateRisk.accountIds }));
}

/**
 * An account of the file with nobody in its sales seat gets its orders' rep: the rep of its latest
 * order that names one (docs/imports.md). A seat already held is never changed. One statement.
 */
async function fillEmptySalesSeats(tx: Db, accountIds: readonly string[]) {
  // Per account, its latest order with a rep, read backwards along (account_id, placed_at, number):
  // not a sort of every order of the file's accounts.
  await tx.execute(
    sql`insert into account_team (account_id, user_id, role)
        select a.id, r.rep_id, 'sales'
          from (select value::uuid as id from json_array_elements_text(${JSON.stringify(accountIds)}::json)) a
          cross join lateral (select o.rep_id from orders o where o.account_id = a.id and o.rep_id is not null
                               order by o.placed_at desc, o.number desc limit 1) r
         where not exists (select 1 from account_team t where t.account_id = a.id and t.role = 'sales')
        on conflict do nothing`,
  );
}

/**
 * The gates an admin's override let rows pass, as transitionOrder records them: one gate_override
 * order event (with the reason) and one audit row per order — for the orders that did move.
 */
async function recordOverrides(
  tx: Parameters<NonNullable<KindHandler<OrderImportRow>['finish']>>[0],
  deps: KindDeps,
  overrides: readonly Override[],
) {
  if (overrides.length === 0 || !deps.overrideGates) return;
  const reason = deps.overrideGates.reason;
  const moved = await rowsOf<{ order_id: string; account_id: string; from_status: string; to_status: string; gates: OpenGate[] }>(
    tx,
    sql`insert into order_events (order_id, account_id, kind, from_status, to_status, changes, note, actor_id, at)
        select distinct on (v.order_id) v.order_id, v.account_id, 'gate_override', v.from_status, v.to_status,
               jsonb_build_object('gates', jsonb_build_object('from', v.gates, 'to', null)), ${reason}, ${deps.actor.userId}::uuid,
               ${deps.now.toISOString()}::timestamptz
          from json_to_recordset(${JSON.stringify(overrides.map((o) => ({ order_id: o.orderId, account_id: o.accountId, from_status: o.from, to_status: o.to, gates: o.gates })))}::json)
               as v(order_id uuid, account_id uuid, from_status text, to_status text, gates jsonb)
          join orders o on o.id = v.order_id and o.status = v.to_status
         order by v.order_id
        returning order_id, account_id, from_status, to_status, changes -> 'gates' -> 'from' as gates`,
  );
  for (const m of moved) {
    await recordAudit(
      tx,
      deps.actor,
      {
        action: 'orders.gate_override',
        entity: 'order',
        entityId: m.order_id,
        changes: { to: m.to_status, reason, gates: m.gates, importId: deps.importId },
      },
      deps.now,
    );
  }
}

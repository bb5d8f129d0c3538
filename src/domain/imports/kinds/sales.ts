// sales: a sales export with one row per order line — the customer, the order and the product on
// every row, the shape most ERPs and spreadsheets produce (docs/imports.md, "One file with
// everything"). One pass creates or updates the customers, the orders and their lines.
//
// Each line is checked by the existing kinds' rules, composed: the customer's cells (prefixed
// `account`) by the accounts kind, the order's by the orders kind (lifecycle and gates included),
// the line's by the order-lines reader. Lines are only staged while the file is read — an order's
// lines may come anywhere in it — and written once it is read:
// - identical repeats are one record: a customer's name on each of its lines is fine;
// - conflicting repeats are problems naming every line involved: an order number whose lines give
//   different customers or dates, a customer reference written with different names;
// - with --skip-bad-rows an order with any wrong line is left out whole (never half an order):
//   its other lines are rejected too, each saying why;
// - then set-based: the customers (one per reference), the orders (amount = the sum of their
//   lines unless mapped) through the orders kind's staged writer, and the lines, each at its place
//   among its order's lines in the file — so a re-import changes nothing.
import { sql } from 'drizzle-orm';
import { IMPORT_FIELDS } from '../../../../contract/imports.js';
import type { ImportBreakdown } from '../../../../contract/imports.js';
import { fieldGroup } from '../../../../contract/mapping-guess.js';
import { copyCsv, copyField } from '../../../db/copy.js';
import { addDecimals } from '../../shared/index.js';
import { isGood, type CheckedRow } from '../check.js';
import { rowsOf, STAGE_TABLE, type ImportProblem, type KindDeps, type KindHandler, type RowCells, type WriteCounts } from '../kind.js';
import type { RefMaps } from '../refs.js';
import { MAX_PROBLEMS, RoundingTally } from '../report.js';
import type { ImportTx } from '../transaction.js';
import {
  ROUNDING_COLUMNS,
  roundingValues,
  type ImportWriter,
  type KindWithWriter,
  type LateProblems,
  type WriterInput,
} from '../writer.js';
import { ACCOUNT_COLUMNS, accountsKind, type AccountImportRow } from './accounts.js';
import { readLine, type LineValues } from './order-lines.js';
import { ORDER_STAGE_COLUMNS, ordersKind, type OrderImportRow } from './orders.js';

const SALES_FIELDS = IMPORT_FIELDS.sales;
const LABELS = new Map(SALES_FIELDS.map((f) => [f.name, f.label]));
const fieldsOf = (group: 'Order' | 'Customer') => SALES_FIELDS.map((f) => f.name).filter((n) => fieldGroup('sales', n) === group);
const ACCOUNT_FIELDS = fieldsOf('Customer');
/** The order's own fields: the same on every line of an order, or its lines conflict. */
const ORDER_FIELDS = fieldsOf('Order');

const prefixed = (field: string) => `account${field.charAt(0).toUpperCase()}${field.slice(1)}`;
const unprefixed = (field: string) => `${field.charAt(7).toLowerCase()}${field.slice(8)}`;

export interface SalesImportRow {
  number: string;
  accountRef: string;
  order: OrderImportRow;
  /** The customer as the line writes it; null when the line names one already in Rapport and says nothing more of it. */
  account: AccountImportRow | null;
  line: LineValues;
  /** The order's cells as written (field → text, null when empty): lines of one order must agree. */
  orderCells: Record<string, string | null>;
  /** The customer's cells as written: lines of one customer must agree. */
  accountCells: Record<string, string | null> | null;
}

/** Staged per good line, after `line` and the rounding columns. */
const ACCOUNT_STAGE = Object.entries(ACCOUNT_COLUMNS).filter(([c]) => c !== 'created_at' && c !== 'updated_at');
const STAGE_COLUMNS: readonly (readonly [string, string])[] = [
  ['account_ref', 'text'],
  ['order_cells', 'jsonb'],
  ['account_cells', 'jsonb'],
  ...ORDER_STAGE_COLUMNS,
  ...ACCOUNT_STAGE.map(([c, type]) => [`a_${c}`, type] as const),
  ['l_sku', 'text'],
  ['l_description', 'text'],
  ['l_quantity', 'numeric'],
  ['l_unit_price', 'bigint'],
  ['l_line_amount', 'bigint'],
];
const SALES_STAGE = 'sales_stage';
/** Lines found wrong once the file was read (conflicts; with --skip-bad-rows, the rest of a left-out order). */
const SALES_LATE = 'sales_late';
/** The order numbers of the lines that were wrong as read. */
const SALES_BAD = 'sales_bad';
/** The file's customers, one row per reference, as written. */
const SALES_ACCOUNTS = 'sales_accounts';
/** Lines of the orders written per statement. */
const ORDER_WRITE_LINES = 20_000;
/** Lines listed in a conflict's reason, per value. */
const LINES_SHOWN = 5;

function stageValues(r: SalesImportRow): unknown[] {
  return [
    r.accountRef,
    JSON.stringify(r.orderCells),
    r.accountCells ? JSON.stringify(r.accountCells) : null,
    ...ORDER_STAGE_COLUMNS.map(([c]) => (c === 'account_id' && r.order.account_id === '' ? null : r.order[c])),
    ...ACCOUNT_STAGE.map(([c]) => (r.account ? r.account[c] : null)),
    r.line.sku,
    r.line.description,
    r.line.quantity,
    r.line.unit_price,
    r.line.line_amount,
  ];
}

export function salesKind(deps: KindDeps, refs: RefMaps): KindWithWriter<SalesImportRow> {
  const provided = deps.provided;
  const accountFieldsGiven = ACCOUNT_FIELDS.filter((f) => provided.has(f));
  const orderFieldsGiven = ORDER_FIELDS.filter((f) => provided.has(f));
  const isAmountGiven = provided.has('amount');
  const accounts = accountsKind(
    { ...deps, kind: 'accounts', provided: new Set(['externalRef', ...accountFieldsGiven.map(unprefixed)]) },
    refs.users,
  );
  // The orders kind sees a customer of the file not yet in Rapport as one (no id yet: it is
  // written first, and found by reference when the orders are).
  const customers = new Map(refs.customers);
  const orders = ordersKind({ ...deps, kind: 'orders', isSkippingBadRows: false }, { ...refs, customers });

  const cellsOf = (c: RowCells, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, c.get(f) ?? null]));

  return {
    keyField: 'number',
    // Lines repeat their order's number: conflicts are found once the file is read (the writer below).
    key: () => null,
    lookup: (db, rows) => orders.lookup!(db, rows),
    convert(c) {
      const accountRef = c.get('accountRef');
      const known = accountRef === undefined ? undefined : refs.customers.get(accountRef);
      const accountCells = accountFieldsGiven.length > 0 ? cellsOf(c, accountFieldsGiven) : null;
      const saysMore = accountCells !== null && Object.values(accountCells).some((v) => v !== null);
      let account: AccountImportRow | null = null;
      if (accountRef !== undefined && (!known || saysMore)) {
        if (c.get('accountName') === undefined)
          c.bad(
            'accountName',
            known
              ? 'is required when the line gives other details of the customer'
              : `is required: customer ${accountRef} is not in Rapport yet, and is created with this name`,
          );
        else account = accounts.convert(accountCellsOf(c, known?.kind));
      }
      if (accountRef !== undefined && !known)
        customers.set(accountRef, {
          id: '',
          kind: 'customer',
          currency: account?.currency ?? deps.settings.currency,
          timezone: account?.timezone ?? null,
        });
      const order = orders.convert(orderCellsOf(c, isAmountGiven))!;
      const line = readLine(c, order.currency, deps.mapping, null);
      return {
        number: order.number,
        accountRef: accountRef ?? '',
        order,
        account,
        line,
        orderCells: cellsOf(c, orderFieldsGiven),
        accountCells,
      };
    },
    openWriter: (tx, input) => SalesWriter.open(tx, input, deps, accounts, orders),
    finish: (tx) => orders.finish!(tx),
  };
}

/** The line's customer cells as the accounts kind reads them: `accountName` is its `name` … */
function accountCellsOf(c: RowCells, knownKind: string | undefined): RowCells {
  const field = (f: string) => (f === 'externalRef' ? 'accountRef' : prefixed(f));
  return {
    line: c.line,
    // A customer already in Rapport keeps its kind (a prospect stays one until it orders through Rapport).
    get: (f) => (f === 'kind' ? knownKind : c.get(field(f))),
    bad: (f, reason, code) => c.bad(field(f), reason, code),
    isBad: () => c.isBad(),
    rounded: (currency, difference) => c.rounded(currency, difference),
  };
}

/** The line's order cells as the orders kind reads them: without an amount column, the amount is the lines' sum (written later). */
function orderCellsOf(c: RowCells, isAmountGiven: boolean): RowCells {
  return {
    line: c.line,
    get: (f) => (f === 'amount' && !isAmountGiven ? '0' : c.get(f)),
    bad: (f, reason, code) => c.bad(f, reason, code),
    isBad: () => c.isBad(),
    rounded: (currency, difference) => c.rounded(currency, difference),
  };
}

/** "Order date" → the SQL text listing each value with its lines: "03/01/19" (lines 2, 3), "04/01/19" (line 7). */
const VALUES_WITH_LINES = `string_agg(
  format('%s (%s %s)', coalesce('"' || v.value || '"', 'empty'), case when cardinality(v.lines) = 1 then 'line' else 'lines' end,
         array_to_string(v.lines[1:${LINES_SHOWN}], ', ') || case when cardinality(v.lines) > ${LINES_SHOWN} then format(' and %s more', cardinality(v.lines) - ${LINES_SHOWN}) else '' end),
  ', ' order by v.lines[1])`;

/**
 * Writes into SALES_LATE the lines of each group (`key`: an order's number, a customer's reference)
 * whose cells as written (`cells`) differ, each naming the first field they differ on, every
 * value and its lines. A line already there keeps its first reason.
 */
function disagreements(key: 'number' | 'account_ref', cells: 'order_cells' | 'account_cells', what: string, labels: string) {
  const [k, c] = [sql.raw(key), sql.raw(`coalesce(s.${cells}, '{}'::jsonb)`)];
  return sql`
    with g as (select s.${k} from ${sql.raw(SALES_STAGE)} s group by s.${k} having count(distinct ${c}) > 1),
    v as (
      select s.${k} as grp, k.key as field, k.value, array_agg(s.line order by s.line) as lines
        from ${sql.raw(SALES_STAGE)} s join g on g.${k} = s.${k}
        cross join lateral jsonb_each_text(${c}) k
       group by s.${k}, k.key, k.value
    ),
    f as (
      select distinct on (v.grp) v.grp, v.field, l.text as label, ${sql.raw(VALUES_WITH_LINES)} as said
        from v join json_to_recordset(${labels}::json) as l(name text, text text, rank int) on l.name = v.field
       group by v.grp, v.field, l.text, l.rank
      having count(*) > 1
       order by v.grp, l.rank
    )
    insert into ${sql.raw(SALES_LATE)} (line, field, value, reason)
    select s.line, f.field, ${c} ->> f.field, format('%s %s is written differently on its lines — %s: %s', ${what}::text, f.grp, f.label, f.said)
      from ${sql.raw(SALES_STAGE)} s join f on f.grp = s.${k}
    on conflict (line) do nothing`;
}

class SalesWriter implements ImportWriter<SalesImportRow> {
  readonly counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  readonly rounding = new RoundingTally();
  readonly written = undefined;
  breakdown: ImportBreakdown = {
    accounts: { created: 0, updated: 0, unchanged: 0 },
    orders: { created: 0, updated: 0, unchanged: 0 },
    lines: { created: 0, updated: 0, unchanged: 0 },
  };
  private isWriting = true;
  private readonly columns = ['line', ...ROUNDING_COLUMNS.map(([c]) => c), ...STAGE_COLUMNS.map(([c]) => c)];
  /** The COPY of the previous chunk, running while this process checks the next one (its error surfaces at the next wait). */
  private inflight: Promise<void> = Promise.resolve();

  private constructor(
    private readonly tx: ImportTx,
    private readonly input: WriterInput<SalesImportRow>,
    private readonly deps: KindDeps,
    private readonly accounts: KindHandler<AccountImportRow>,
    private readonly orders: KindHandler<OrderImportRow>,
  ) {}

  static async open(
    tx: ImportTx,
    input: WriterInput<SalesImportRow>,
    deps: KindDeps,
    accounts: KindHandler<AccountImportRow>,
    orders: KindHandler<OrderImportRow>,
  ): Promise<SalesWriter> {
    const cols = [...ROUNDING_COLUMNS, ...STAGE_COLUMNS].map(([c, type]) => `${c} ${type}`).join(', ');
    // Its indexes are made once the file is read: building them after the COPYs is cheaper than keeping them during.
    await tx.execute(sql.raw(`create temp table ${SALES_STAGE} (line int not null, ${cols}) on commit drop`));
    await tx.execute(sql.raw(`create temp table ${SALES_BAD} (line int primary key, number text) on commit drop`));
    await tx.execute(
      sql.raw(
        `create temp table ${SALES_LATE} (line int primary key, field text not null, value text, reason text not null) on commit drop`,
      ),
    );
    return new SalesWriter(tx, input, deps, accounts, orders);
  }

  screen(): Promise<void> {
    return Promise.resolve();
  }

  async add(rows: readonly CheckedRow<SalesImportRow>[]): Promise<void> {
    // Staged even after a bad line: the rest of the file is still checked for conflicts.
    let csv = '';
    let bad = '';
    for (const row of rows) {
      if (!isGood(row)) {
        bad += `${row.line},${copyField(row.cells.get('number') ?? null)}\n`;
        continue;
      }
      const values = [...roundingValues(row.rounded), ...stageValues(row.value!)];
      csv += `${row.line},${values.map((v) => copyField(v as string)).join(',')}\n`;
    }
    await this.inflight;
    this.inflight = (async () => {
      await copyCsv(this.tx, SALES_STAGE, this.columns, csv);
      await copyCsv(this.tx, SALES_BAD, ['line', 'number'], bad);
    })();
    this.inflight.catch(() => undefined);
  }

  stopWriting(): void {
    this.isWriting = false;
  }

  /** The lines in conflict, each naming the others; with --skip-bad-rows also the rest of every order left out. */
  async endOfFile(): Promise<LateProblems | null> {
    const tx = this.tx;
    await this.inflight;
    await tx.execute(sql.raw(`create unique index on ${SALES_STAGE} (line)`));
    await tx.execute(sql.raw(`create index on ${SALES_STAGE} (number, line)`));
    await tx.execute(sql.raw(`analyze ${SALES_STAGE}`));
    const labels = JSON.stringify([...LABELS].map(([name, text], rank) => ({ name, text, rank })));
    // Orders whose lines disagree, then customers: on each line, the first field (in the fields' order) they disagree on.
    await tx.execute(disagreements('number', 'order_cells', 'order', labels));
    await tx.execute(disagreements('account_ref', 'account_cells', 'customer', labels));
    if (!this.deps.provided.has('amount')) {
      // Without an amount column an order is the sum of its lines, which a discount line must not take below zero.
      await tx.execute(sql`
        insert into ${sql.raw(SALES_LATE)} (line, field, value, reason)
        select s.line, 'lineAmount', s.l_line_amount::text,
               format('the lines of order %s add up to less than zero: an order cannot be negative (credit notes are not supported)', s.number)
          from ${sql.raw(SALES_STAGE)} s
         where s.number in (select number from ${sql.raw(SALES_STAGE)} group by number having sum(l_line_amount) < 0)
        on conflict (line) do nothing`);
    }
    if (this.input.isSkippingBadRows) {
      // Never half an order: the rest of an order with a wrong line is left out with it.
      await tx.execute(sql`
        with d as (
          select number, min(line) as first from (
            select number, line from ${sql.raw(SALES_BAD)} where number is not null
            union all select s.number, s.line from ${sql.raw(SALES_LATE)} l join ${sql.raw(SALES_STAGE)} s on s.line = l.line
          ) x group by number
        )
        insert into ${sql.raw(SALES_LATE)} (line, field, value, reason)
        select s.line, 'number', s.number, format('is left out with the rest of order %s, whose line %s is wrong', s.number, d.first)
          from ${sql.raw(SALES_STAGE)} s join d on d.number = s.number
        on conflict (line) do nothing`);
    }
    const [n] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(SALES_LATE)}`);
    const count = Number(n?.n ?? 0);
    if (count === 0) return null;
    const page = async (afterLine: number, limit = 5000) =>
      (
        await rowsOf<{ line: number; field: string; value: string | null; reason: string }>(
          tx,
          sql`select line, field, value, reason from ${sql.raw(SALES_LATE)} where line > ${afterLine} order by line limit ${limit}`,
        )
      ).map((p): ImportProblem => ({ line: Number(p.line), column: this.input.columnOf(p.field), value: p.value ?? '', reason: p.reason }));
    return { count, shown: await page(0, MAX_PROBLEMS), page };
  }

  settle(): Promise<void> {
    return Promise.resolve();
  }

  async flush(): Promise<void> {
    const kept = `not exists (select 1 from ${SALES_LATE} x where x.line = s.line)`;
    const totals = await rowsOf<{ currency: string; count: number; difference: string }>(
      this.tx,
      sql.raw(`select rounded_currency as currency, sum(rounded_count)::int as count, sum(rounded_difference)::text as difference
                 from ${SALES_STAGE} s where s.rounded_count > 0 and ${kept} group by rounded_currency`),
    );
    for (const t of totals) this.rounding.add(t.currency, Number(t.count), addDecimals('0', String(t.difference)));
    if (!this.isWriting) return;
    await this.writeAccounts(kept);
    await this.writeOrders(kept);
    await this.writeLines(kept);
  }

  /** One customer per reference, as its first line writes it (its other lines agree, or were left out). */
  private async writeAccounts(kept: string): Promise<void> {
    // The customers once, then written a page at a time by reference.
    await this.tx.execute(
      sql.raw(`create temp table ${SALES_ACCOUNTS} on commit drop as
        select distinct on (s.account_ref) s.account_ref, ${ACCOUNT_STAGE.map(([c]) => `s.a_${c}`).join(', ')}
          from ${SALES_STAGE} s
         where s.a_external_ref is not null and ${kept}
         order by s.account_ref, s.line`),
    );
    await this.tx.execute(sql.raw(`create unique index on ${SALES_ACCOUNTS} (account_ref)`));
    let after = '';
    for (;;) {
      const page = await rowsOf<Record<string, unknown>>(
        this.tx,
        sql`select * from ${sql.raw(SALES_ACCOUNTS)} where account_ref > ${after} order by account_ref limit 2000`,
      );
      if (page.length === 0) return;
      after = String(page[page.length - 1]!.account_ref);
      const rows = page.map(
        (p) =>
          ({
            ...Object.fromEntries(ACCOUNT_STAGE.map(([c]) => [c, p[`a_${c}`] ?? null])),
            team: [],
            created_at: this.deps.now,
            updated_at: this.deps.now,
          }) as unknown as AccountImportRow,
      );
      const c = await this.accounts.write!(this.tx, rows);
      const b = this.breakdown.accounts;
      b.created += c.created;
      b.updated += c.updated;
      b.unchanged += c.unchanged;
    }
  }

  /** One order per number, from its first line, through the orders kind's staged writer (lifecycle, events, gates). */
  private async writeOrders(kept: string): Promise<void> {
    const cols = ORDER_STAGE_COLUMNS.map(([c]) => c);
    const amount = this.deps.provided.has('amount') ? 's.amount' : 't.total';
    // A customer new to Rapport was created as a customer just now (writeAccounts): found by its key.
    const select = cols.map((c) => (c === 'account_id' ? 'coalesce(s.account_id, a.id)' : c === 'amount' ? amount : `s.${c}`));
    await this.tx.execute(
      sql.raw(`create temp table ${STAGE_TABLE} on commit drop as
        select distinct on (s.number) s.line, ${select.map((e, i) => `${e} as ${cols[i]}`).join(', ')}
          from ${SALES_STAGE} s
          join (select s.number, sum(s.l_line_amount) as total from ${SALES_STAGE} s where ${kept} group by s.number) t on t.number = s.number
          left join accounts a on s.account_id is null and a.kind = 'customer' and a.external_ref = s.account_ref
         where ${kept}
         order by s.number, s.line`),
    );
    await this.tx.execute(sql.raw(`create index on ${STAGE_TABLE} (line)`));
    const [span] = await rowsOf<{ last: number | null; n: number }>(
      this.tx,
      sql.raw(`select max(line) as last, count(*)::int as n from ${STAGE_TABLE}`),
    );
    const last = Number(span?.last ?? 0);
    const b = this.breakdown.orders;
    for (let from = 0; from < last; from += ORDER_WRITE_LINES) {
      const c = await this.orders.staging!.write(this.tx, from, Math.min(from + ORDER_WRITE_LINES, last));
      b.created += c.created;
      b.updated += c.updated;
    }
    b.unchanged = Number(span?.n ?? 0) - b.created - b.updated;
  }

  /** Each line at its place among its order's lines in the file (1, 2, …): a re-import updates the same lines. */
  private async writeLines(kept: string): Promise<void> {
    const update = ['quantity', 'unit_price', 'line_amount'];
    if (this.deps.provided.has('sku')) update.push('sku');
    if (this.deps.provided.has('description')) update.push('description');
    const [c] = await rowsOf<{ created: number; updated: number; total: number }>(
      this.tx,
      sql.raw(`
        with l as (
          select o.id as order_id, (row_number() over (partition by s.number order by s.line))::int as position,
                 s.l_sku as sku, s.l_description as description, s.l_quantity as quantity, s.l_unit_price as unit_price, s.l_line_amount as line_amount
            from ${SALES_STAGE} s join orders o on o.number = s.number
           where ${kept}
        ),
        up as (
          insert into order_lines as x (order_id, position, sku, description, quantity, unit_price, line_amount)
          select order_id, position, sku, description, quantity, unit_price, line_amount from l
          on conflict (order_id, position) do update set ${update.map((u) => `${u} = excluded.${u}`).join(', ')}
           where (${update.map((u) => `x.${u}`).join(', ')}) is distinct from (${update.map((u) => `excluded.${u}`).join(', ')})
          returning (xmax::text = '0') as inserted
        )
        select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated,
               (select count(*)::int from l) as total
          from up`),
    );
    const created = Number(c?.created ?? 0);
    const updated = Number(c?.updated ?? 0);
    const lines = { created, updated, unchanged: Number(c?.total ?? 0) - created - updated };
    this.breakdown.lines = lines;
    Object.assign(this.counts, lines);
  }
}

// order lines: each names its order by number; a line's position is its place among the lines
// of that order in the file (1, 2, …), so a re-import updates the same lines instead of adding.
import { sql } from 'drizzle-orm';
import { OrderLineEntity } from '../../../../contract/orders.js';
import { lineAmountMinor, quantityThousandths } from '../../orders/index.js';
import { rowsOf, type KindDeps, type KindHandler, type RowCells } from '../kind.js';
import type { ValueOptions } from '../values.js';
import { assertReadByHand } from './declared.js';
import { readMoney, readNumber } from './read.js';

// Its SQL names every column: a field added to the declaration needs a line here (refused at start until then).
assertReadByHand(OrderLineEntity, ['orderRef', 'sku', 'description', 'quantity', 'unitPrice', 'lineAmount']);

/** A line's own cells, converted: what an order-lines file and a sales export share. */
export interface LineValues {
  sku: string | null;
  description: string | null;
  quantity: number;
  unit_price: number;
  line_amount: number;
}

/**
 * Reads a line's cells in `currency`. `required` names the price an order-lines file must give
 * (its unit price); a sales export gives a unit price or a line amount (null: either will do).
 * With only a line amount, the unit price is the line amount ÷ the quantity to the currency's
 * smallest unit, and the line amount stays as written (docs/imports.md).
 */
export function readLine(c: RowCells, currency: string, opts: ValueOptions, required: 'unitPrice' | null): LineValues {
  const quantity = readNumber(c, 'quantity', opts, true);
  const thousandths = quantity === null ? null : quantityThousandths(quantity);
  if (quantity !== null && thousandths === null) c.bad('quantity', 'has more than 3 decimals');
  else if (quantity !== null && quantity <= 0) c.bad('quantity', 'must be greater than 0');
  if (required === null && c.get('unitPrice') === undefined && c.get('lineAmount') === undefined)
    c.bad('lineAmount', 'is required when the line has no unit price (give one or the other)');
  const unitPrice = readMoney(c, 'unitPrice', currency, opts, required === 'unitPrice', true);
  const given = readMoney(c, 'lineAmount', currency, opts, false, true);
  const lineAmount = given ?? (thousandths !== null && unitPrice !== null ? lineAmountMinor(thousandths, unitPrice) : 0);
  const derivedPrice = given !== null && thousandths !== null && thousandths > 0 ? Math.round((given * 1000) / thousandths) : 0;
  return {
    sku: c.get('sku') ?? null,
    description: c.get('description') ?? null,
    quantity: quantity ?? 0,
    unit_price: unitPrice ?? derivedPrice,
    line_amount: lineAmount,
  };
}

interface OrderLineImportRow extends LineValues {
  order_id: string;
  order_number: string;
  position: number;
}

export function orderLinesKind(deps: KindDeps): KindHandler<OrderLineImportRow> {
  // Orders named by the current chunk, loaded in one query per chunk (an orders table may hold millions).
  let orders = new Map<string, { id: string; currency: string }>();
  // Positions so far per order: the chunk's own in this map, the earlier chunks' in a temporary
  // table (an order-lines file may name millions of orders; the process keeps one chunk's worth).
  let positions = new Map<string, number>();
  let hasPositionTable = false;
  const update: string[] = ['quantity', 'unit_price', 'line_amount'];
  if (deps.provided.has('sku')) update.push('sku');
  if (deps.provided.has('description')) update.push('description');
  return {
    keyField: 'sku',
    key: (r) => (r.sku ? `${r.order_number}/${r.sku}` : null),
    async lookup(db, rows) {
      const inChunk = new Map<string, number>();
      for (const r of rows) inChunk.set(r.get('orderRef') ?? '', (inChunk.get(r.get('orderRef') ?? '') ?? 0) + 1);
      if (!hasPositionTable) {
        await db.execute(sql`create temp table import_positions (order_ref text primary key, n int not null) on commit drop`);
        hasPositionTable = true;
      }
      const totals = await rowsOf<{ order_ref: string; n: number }>(
        db,
        sql`insert into import_positions as p (order_ref, n)
            select key, n from json_to_recordset(${JSON.stringify([...inChunk].map(([key, n]) => ({ key, n })))}::json) as r(key text, n int)
            on conflict (order_ref) do update set n = p.n + excluded.n
            returning order_ref, n`,
      );
      // The position before this chunk: the total now, less this chunk's lines.
      positions = new Map(totals.map((t) => [t.order_ref, Number(t.n) - inChunk.get(t.order_ref)!]));
      const numbers = [...new Set(rows.map((r) => r.get('orderRef')).filter((n): n is string => !!n))];
      orders = new Map();
      if (numbers.length === 0) return;
      const found = await rowsOf<{ id: string; number: string; currency: string }>(
        db,
        sql`select id, number, currency from orders where number in (select value from json_array_elements_text(${JSON.stringify(numbers)}::json))`,
      );
      for (const o of found) orders.set(o.number, { id: o.id, currency: o.currency });
    },
    convert(c) {
      const orderRef = c.get('orderRef');
      const order = orderRef ? orders.get(orderRef) : undefined;
      if (!orderRef) c.bad('orderRef', 'is required');
      else if (!order) c.bad('orderRef', 'is not the number of an order');
      const line = readLine(c, order?.currency ?? deps.settings.currency, deps.mapping, 'unitPrice');
      // Every line of the file takes its place, bad or not: once fixed, it lands where it was.
      const position = (positions.get(orderRef ?? '') ?? 0) + 1;
      positions.set(orderRef ?? '', position);
      return {
        order_id: order?.id ?? '',
        order_number: orderRef ?? '',
        position,
        ...line,
      };
    },
    async write(tx, rows) {
      const returned = await rowsOf<{ inserted: boolean }>(
        tx,
        sql`insert into order_lines as l (order_id, position, sku, description, quantity, unit_price, line_amount)
            select order_id, position, sku, description, quantity, unit_price, line_amount
              from json_to_recordset(${JSON.stringify(rows)}::json)
                as r(order_id uuid, order_number text, position int, sku text, description text, quantity numeric, unit_price bigint, line_amount bigint)
            on conflict (order_id, position) do update set ${sql.raw(update.map((c) => `${c} = excluded.${c}`).join(', '))}
             where (${sql.raw(update.map((c) => `l.${c}`).join(', '))}) is distinct from (${sql.raw(update.map((c) => `excluded.${c}`).join(', '))})
            returning (xmax::text = '0') as inserted`,
      );
      const created = returned.filter((r) => r.inserted).length;
      return { created, updated: returned.length - created, unchanged: rows.length - returned.length };
    },
  };
}

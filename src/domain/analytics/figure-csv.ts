// The rows behind a figure as a CSV file a spreadsheet opens right: UTF-8 with a byte-order mark,
// a header of plain words, and every cell that starts with = + - @ tab or CR prefixed with ' so no
// spreadsheet runs it as a formula (csv-stringify's escape_formulas).
import { stringify } from 'csv-stringify/sync';
import type { FigureRows } from '../../../contract/analytics.js';

type Column = [key: string, header: string];

const COLUMNS: Record<FigureRows['rows'], Column[]> = {
  orders: [
    ['number', 'Order'],
    ['accountName', 'Account'],
    ['isFirstOrder', 'First order'],
    ['placedOn', 'Placed on'],
    ['promisedDate', 'Promised date'],
    ['shippedOn', 'Shipped on'],
    ['outcome', 'On time'],
    ['amount', 'Amount'],
    ['currency', 'Currency'],
    ['orderId', 'Order id'],
    ['accountId', 'Account id'],
  ],
  accounts: [
    ['accountName', 'Account'],
    ['orderCount', 'Orders'],
    ['firstOrderOn', 'First order on'],
    ['secondOrderOn', 'Second order on'],
    ['daysToSecondOrder', 'Days to second order'],
    ['lastOrderOn', 'Last order on'],
    ['daysSinceLastOrder', 'Days since last order'],
    ['medianGapDays', 'Usual days between orders'],
    ['accountId', 'Account id'],
  ],
  quotes: [
    ['number', 'Quote'],
    ['accountName', 'Account'],
    ['status', 'Outcome'],
    ['decidedOn', 'Decided on'],
    ['amount', 'Amount'],
    ['currency', 'Currency'],
    ['repName', 'Rep'],
    ['quoteId', 'Quote id'],
    ['accountId', 'Account id'],
  ],
};

const WORDS: Record<string, string> = { on_time: 'on time', late: 'late', won: 'won', lost: 'lost', expired: 'expired' };

export function figureRowsCsv(list: FigureRows): string {
  const columns = COLUMNS[list.rows];
  const records = (list.items as Record<string, unknown>[]).map((item) =>
    columns.map(([key]) => {
      const v = item[key];
      if (v === null || v === undefined) return '';
      if (typeof v === 'boolean') return v ? 'yes' : 'no';
      if (typeof v === 'number') return String(v);
      if (typeof v !== 'string') return JSON.stringify(v);
      return key === 'outcome' || key === 'status' ? (WORDS[v] ?? v) : v;
    }),
  );
  return stringify(records, { bom: true, header: true, columns: columns.map(([, header]) => header), escape_formulas: true });
}

import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../../../contract/imports';
import { breakdownText, fieldGroup, guessMapping, looksLikeOrderLines, problemTitle, rowsText } from './fields';

const EXPORT = [
  'Order ID',
  'Order Date',
  'Ship Date',
  'Customer ID',
  'Customer Name',
  'City',
  'Product ID',
  'Product Name',
  'Quantity',
  'Sales',
];
const line = (order: string, customer: string, product: string) => [
  order,
  '03/01/19',
  '',
  customer,
  'Acme',
  'Lyon',
  product,
  '',
  '1',
  '2.00',
];

describe('looksLikeOrderLines', () => {
  it('sees one order number on several rows with different products, and names its rows as a spreadsheet does', () => {
    const rows = [line('S-1', 'C1', 'P-1'), line('S-1', 'C1', 'P-2'), line('S-1', 'C1', 'P-3'), line('S-2', 'C2', 'P-1')];
    expect(looksLikeOrderLines(EXPORT, rows)).toEqual({ number: 'S-1', rows: [2, 3, 4] });
  });

  it('takes the first order with different products, wherever its rows are', () => {
    const rows = [
      line('S-1', 'C1', 'P-1'),
      line('S-2', 'C1', 'P-1'),
      line('S-2', 'C1', 'P-1'),
      line('S-3', 'C2', 'P-1'),
      line('S-3', 'C2', 'P-4'),
    ];
    expect(looksLikeOrderLines(EXPORT, rows)).toEqual({ number: 'S-3', rows: [5, 6] });
  });

  it('tells products apart by their description when the file has no SKU column', () => {
    const columns = ['Order number', 'Customer', 'Date', 'Product name', 'Qty'];
    const rows = [
      ['S-1', 'C1', '2019-01-03', 'Bracket', '2'],
      ['S-1', 'C1', '2019-01-03', 'Hinge', '3'],
    ];
    expect(looksLikeOrderLines(columns, rows)).toEqual({ number: 'S-1', rows: [2, 3] });
  });

  it('is null for an orders file: one row per order', () => {
    const columns = ['number', 'customer', 'order date', 'amount'];
    expect(
      looksLikeOrderLines(columns, [
        ['US-1', 'C1', '03/01/19', '10.00'],
        ['US-2', 'C1', '04/02/19', '20.00'],
      ]),
    ).toBeNull();
  });

  it('is null when a repeated number has the same product on each row (a repeat, not lines)', () => {
    expect(looksLikeOrderLines(EXPORT, [line('S-1', 'C1', 'P-1'), line('S-1', 'C1', 'P-1')])).toBeNull();
  });

  it('is null without a product column, or without a customer column (order lines of orders already imported)', () => {
    const noProduct = ['Order ID', 'Customer ID', 'Quantity'];
    expect(
      looksLikeOrderLines(noProduct, [
        ['S-1', 'C1', '1'],
        ['S-1', 'C1', '2'],
      ]),
    ).toBeNull();
    const noCustomer = ['Order ID', 'Product ID', 'Quantity'];
    expect(
      looksLikeOrderLines(noCustomer, [
        ['S-1', 'P-1', '1'],
        ['S-1', 'P-2', '2'],
      ]),
    ).toBeNull();
  });

  it('leaves out rows without an order number', () => {
    expect(looksLikeOrderLines(EXPORT, [line('', 'C1', 'P-1'), line('', 'C1', 'P-2')])).toBeNull();
  });
});

describe('rowsText', () => {
  it.each([
    [[2], '2'],
    [[2, 3], '2 and 3'],
    [[2, 3, 4], '2–4'],
    [[2, 3, 7], '2, 3 and 7'],
    [[2, 3, 4, 9], '2–4 and 9'],
    [[2, 5, 6, 7, 9], '2, 5–7 and 9'],
  ])('says rows %j as “%s”', (rows, text) => {
    expect(rowsText(rows)).toBe(text);
  });
});

describe('the sales kind’s fields', () => {
  it('are guessed from a flat export’s header, the customer’s city from a column headed City', () => {
    expect(guessMapping('sales', EXPORT)).toEqual({
      number: 'Order ID',
      externalRef: 'Order ID',
      placedAt: 'Order Date',
      shippedAt: 'Ship Date',
      accountRef: 'Customer ID',
      accountName: 'Customer Name',
      accountCity: 'City',
      sku: 'Product ID',
      description: 'Product Name',
      quantity: 'Quantity',
      lineAmount: 'Sales',
    });
  });

  it('group as the order’s, the line’s and the customer’s (the customer’s reference is the order’s)', () => {
    expect(
      ['number', 'accountRef', 'placedAt', 'sku', 'lineAmount', 'accountName', 'accountCity'].map((f) => fieldGroup('sales', f)),
    ).toEqual(['Order', 'Order', 'Order', 'Line', 'Line', 'Customer', 'Customer']);
    expect(fieldGroup('orders', 'number')).toBeNull();
  });
});

describe('breakdownText', () => {
  const counts = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });
  const record = (over: Partial<ImportRecord>): ImportRecord => ({
    id: '00000000-0000-0000-0000-000000000000',
    kind: 'sales',
    fileName: 'sales.csv',
    fileHash: '',
    status: 'succeeded',
    isDryRun: true,
    totalRows: 5,
    created: 5,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rounded: [],
    breakdown: { accounts: counts(2, 0, 0), orders: counts(3, 0, 0), lines: counts(5, 0, 0) },
    problems: [],
    error: null,
    createdBy: null,
    source: 'api',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: null,
    ...over,
  });

  it('says what a dry run would import, and what the import did, with the bad rows left out', () => {
    expect(breakdownText(record({}), true)).toBe('Would import 2 new customers, 3 new orders, 5 new lines.');
    expect(breakdownText(record({ rejected: 1 }))).toBe('Imported 2 new customers, 3 new orders, 5 new lines; 1 bad row was left out.');
    expect(breakdownText(record({ rejected: 2 }), true)).toBe(
      'Would import 2 new customers, 3 new orders, 5 new lines; 2 bad rows would be left out.',
    );
  });

  it('says nothing changed when the file is in Rapport already, rather than "imported"', () => {
    const same = { accounts: counts(0, 0, 2), orders: counts(0, 0, 3), lines: counts(0, 0, 5) };
    expect(breakdownText(record({ breakdown: same }))).toBe(
      'Changed nothing: its 2 customers, 3 orders and 5 lines are in Rapport as the file has them.',
    );
  });

  it('is null for the other kinds and for an import refused or failed', () => {
    expect(breakdownText(record({ kind: 'orders', breakdown: null }))).toBeNull();
    expect(breakdownText(record({ status: 'rejected' }))).toBeNull();
  });
});

describe('problemTitle: the title over a refused file', () => {
  const problem = (line: number) => ({ line, column: 'Sales', value: '1.2345', reason: 'has more decimals than USD allows (2)' });
  it('counts the problems and their lines when all are listed', () => {
    expect(problemTitle([problem(2), problem(2), problem(5)], { rejected: 2, totalRows: 10 })).toBe('3 problems on 2 lines');
    expect(problemTitle([problem(2)], null)).toBe('1 problem on 1 line');
  });
  it('counts every bad row when the answer lists only the first problems', () => {
    const shown = Array.from({ length: 1000 }, (_, i) => problem(i + 2));
    expect(problemTitle(shown, { rejected: 8808, totalRows: 10000 })).toBe(
      '8,808 of 10,000 rows are wrong — the first 1,000 problems are below',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { fieldGroup, guessMapping, looksLikeOrderLines, rowsText } from './fields';

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

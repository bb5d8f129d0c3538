// The `sales` kind: one flat file with a row per order line — customer, order and product on each
// row, as ERPs and spreadsheets export sales — creates the customers, the orders and their lines
// in one pass (docs/imports.md, "One file with everything"). Identical repeats are one record;
// conflicting repeats name every line involved; never half an order.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import type { ImportRecord } from '../../contract/imports.js';
import { importCsv } from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, json, signIn, useTestApp } from '../support/app.js';
import { uploadImport } from '../support/multipart.js';

interface Problem {
  line: number;
  column: string;
  value: string;
  reason: string;
}

describe.each(engines)('the sales import (one row per order line), on %s', (engine) => {
  const ctx = useTestApp(engine);

  /** A prefix of this test's own for customer references and order numbers. */
  async function setUp() {
    const admin = await signIn(ctx, ['admin']);
    const id = randomUUID().slice(0, 8);
    return { admin, c: (i: number) => `C${i}-${id}`, n: (i: number) => `S${i}-${id}` };
  }

  const orderRows = (numbers: string[]) =>
    ctx.database.query<{ number: string; account: string; placed: string; amount: string; status: string; lines: string }>(
      `select o.number, a.name as account, to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD') as placed, o.amount::text, o.status,
              (select string_agg(l.position || ':' || coalesce(l.sku, '') || 'x' || l.quantity::float8 || '=' || l.line_amount, ' ' order by l.position)
                 from order_lines l where l.order_id = o.id) as lines
         from orders o join accounts a on a.id = o.account_id
        where o.number = any($1) order by o.number`,
      [numbers],
    );

  /** A line-level export as a sales system writes it: DD/MM/YY dates, four-decimal amounts, the customer on every line. */
  const flatExport = (c: (i: number) => string, n: (i: number) => string) =>
    [
      'Order ID,Order Date,Ship Date,Customer ID,Customer Name,City,Product ID,Product Name,Quantity,Sales',
      `${n(1)},03/01/19,07/01/19,${c(1)},Acme Tools,Lyon,P-1,Bracket,2,16.4480`,
      `${n(1)},03/01/19,07/01/19,${c(1)},Acme Tools,Lyon,P-2,Hinge,3,11.7840`,
      `${n(2)},14/02/19,,${c(2)},Borel SA,Nantes,P-1,Bracket,1,8.2240`,
      `${n(1)},03/01/19,07/01/19,${c(1)},Acme Tools,Lyon,P-3,Screw,10,2.5000`,
      `${n(3)},28/02/19,,${c(1)},Acme Tools,Lyon,P-2,Hinge,1,3.9280`,
    ].join('\n');
  /** The columns of such an export (the import page proposes them from the header; a file or the API names them). */
  const exportFields = {
    number: 'Order ID',
    placedAt: 'Order Date',
    accountRef: 'Customer ID',
    accountName: 'Customer Name',
    sku: 'Product ID',
    quantity: 'Quantity',
    lineAmount: 'Sales',
  };
  const flatMapping = {
    fields: { ...exportFields, shippedAt: 'Ship Date', description: 'Product Name', accountCity: 'City' },
    dateFormat: 'DD/MM/YY',
    round: true,
  };

  it('creates the customers, the orders (the sum of their lines) and the lines from a flat export, and says so; the same file again changes nothing', async () => {
    const { admin, c, n } = await setUp();
    const csv = flatExport(c, n);
    const dry = await uploadImport(ctx, admin, { kind: 'sales', mapping: JSON.stringify(flatMapping), dryRun: 'true' }, csv);
    expect(dry.statusCode, dry.body).toBe(201);
    expect(json<ImportRecord>(dry)).toMatchObject({
      status: 'succeeded',
      isDryRun: true,
      totalRows: 5,
      rejected: 0,
      breakdown: {
        accounts: { created: 2, updated: 0, unchanged: 0 },
        orders: { created: 3, updated: 0, unchanged: 0 },
        lines: { created: 5, updated: 0, unchanged: 0 },
      },
      rounded: [{ currency: 'USD', count: 4, difference: '-0.004' }],
    });
    expect(await orderRows([n(1), n(2), n(3)])).toEqual([]);

    const res = await uploadImport(ctx, admin, { kind: 'sales', mapping: JSON.stringify(flatMapping) }, csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(json<ImportRecord>(res)).toMatchObject({ status: 'succeeded', created: 5, breakdown: json<ImportRecord>(dry).breakdown });
    expect(await orderRows([n(1), n(2), n(3)])).toEqual([
      // 16.448 → 16.45, 11.784 → 11.78, 2.50: the order is their sum (rounded in all: +0.002 −0.004 −0.004 +0.002).
      {
        number: n(1),
        account: 'Acme Tools',
        placed: '2019-01-03',
        amount: '3073',
        status: 'shipped',
        lines: '1:P-1x2=1645 2:P-2x3=1178 3:P-3x10=250',
      },
      { number: n(2), account: 'Borel SA', placed: '2019-02-14', amount: '822', status: 'received', lines: '1:P-1x1=822' },
      { number: n(3), account: 'Acme Tools', placed: '2019-02-28', amount: '393', status: 'received', lines: '1:P-2x1=393' },
    ]);
    const [acme] = await ctx.database.query<{ city: string; kind: string }>(`select city, kind from accounts where external_ref = $1`, [
      c(1),
    ]);
    expect(acme).toEqual({ city: 'Lyon', kind: 'customer' });
    // The unit price of a line given by its amount alone: the amount ÷ the quantity, to the cent.
    const [hinge] = await ctx.database.query<{ unit_price: string }>(
      `select l.unit_price::text from order_lines l join orders o on o.id = l.order_id where o.number = $1 and l.position = 2`,
      [n(1)],
    );
    expect(hinge!.unit_price).toBe('393');

    const again = json<ImportRecord>(await uploadImport(ctx, admin, { kind: 'sales', mapping: JSON.stringify(flatMapping) }, csv));
    expect(again).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 5,
      breakdown: {
        accounts: { created: 0, updated: 0, unchanged: 2 },
        orders: { created: 0, updated: 0, unchanged: 3 },
        lines: { created: 0, updated: 0, unchanged: 5 },
      },
    });
  });

  it('a later export updates by number and adds what is new; a known customer needs no name', async () => {
    const { admin, c, n } = await setUp();
    const first = await uploadImport(ctx, admin, { kind: 'sales', mapping: JSON.stringify(flatMapping) }, flatExport(c, n));
    expect(first.statusCode, first.body).toBe(201);
    // Order 2 shipped since and gained a line; order 4 is new, for a customer already in Rapport (no name needed).
    const later = [
      'Order ID,Order Date,Ship Date,Customer ID,Customer Name,Product ID,Quantity,Sales',
      `${n(2)},14/02/19,20/02/19,${c(2)},Borel SA,P-1,1,8.22`,
      `${n(2)},14/02/19,20/02/19,${c(2)},Borel SA,P-4,2,5.00`,
      `${n(4)},01/03/19,,${c(1)},,P-1,4,32.90`,
    ].join('\n');
    const res = await uploadImport(
      ctx,
      admin,
      { kind: 'sales', mapping: JSON.stringify({ fields: { ...exportFields, shippedAt: 'Ship Date' }, dateFormat: 'DD/MM/YY' }) },
      later,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(json<ImportRecord>(res).breakdown).toEqual({
      accounts: { created: 0, updated: 0, unchanged: 1 },
      orders: { created: 1, updated: 1, unchanged: 0 },
      lines: { created: 2, updated: 0, unchanged: 1 },
    });
    expect(await orderRows([n(2), n(4)])).toEqual([
      { number: n(2), account: 'Borel SA', placed: '2019-02-14', amount: '1322', status: 'shipped', lines: '1:P-1x1=822 2:P-4x2=500' },
      { number: n(4), account: 'Acme Tools', placed: '2019-03-01', amount: '3290', status: 'received', lines: '1:P-1x4=3290' },
    ]);
    // The order's move is in its timeline, as through the API.
    const events = await ctx.database.query<{ kind: string; to_status: string }>(
      `select e.kind, e.to_status from order_events e join orders o on o.id = e.order_id where o.number = $1 order by e.at, e.id`,
      [n(2)],
    );
    expect(events).toEqual([{ kind: 'status_changed', to_status: 'shipped' }]);
  });

  it('refuses conflicting repeats naming every line involved — an order with two customers or two dates, a customer with two names — and writes nothing', async () => {
    const { admin, c, n } = await setUp();
    const csv = [
      'Order ID,Order Date,Customer ID,Customer Name,Product ID,Quantity,Sales',
      `${n(1)},03/01/19,${c(1)},Acme Tools,P-1,1,10.00`,
      `${n(1)},03/01/19,${c(2)},Borel SA,P-2,1,10.00`,
      `${n(2)},04/01/19,${c(3)},Carmin,P-1,1,10.00`,
      `${n(2)},05/01/19,${c(3)},Carmin,P-1,1,10.00`,
      `${n(3)},06/01/19,${c(4)},Dufour,P-1,1,10.00`,
      `${n(4)},06/01/19,${c(4)},DUFOUR SARL,P-1,1,10.00`,
      `${n(5)},06/01/19,${c(5)},Estève,P-1,1,10.00`,
    ].join('\n');
    const before = await ctx.database.query<{ n: string }>(`select count(*)::text as n from orders`);
    const res = await uploadImport(
      ctx,
      admin,
      { kind: 'sales', mapping: JSON.stringify({ fields: exportFields, dateFormat: 'DD/MM/YY' }) },
      csv,
    );
    expect(res.statusCode, res.body).toBe(422);
    const body = json<{ errors: Problem[]; meta: { rejected: number } }>(res);
    expect(body.meta.rejected).toBe(6);
    expect(body.errors.map((e) => [e.line, e.column, e.value, e.reason])).toEqual([
      [2, 'Customer ID', c(1), `order ${n(1)} is written differently on its lines — Customer: "${c(1)}" (line 2), "${c(2)}" (line 3)`],
      [3, 'Customer ID', c(2), `order ${n(1)} is written differently on its lines — Customer: "${c(1)}" (line 2), "${c(2)}" (line 3)`],
      [
        4,
        'Order Date',
        '04/01/19',
        `order ${n(2)} is written differently on its lines — Placed on: "04/01/19" (line 4), "05/01/19" (line 5)`,
      ],
      [
        5,
        'Order Date',
        '05/01/19',
        `order ${n(2)} is written differently on its lines — Placed on: "04/01/19" (line 4), "05/01/19" (line 5)`,
      ],
      [
        6,
        'Customer Name',
        'Dufour',
        `customer ${c(4)} is written differently on its lines — Customer name: "Dufour" (line 6), "DUFOUR SARL" (line 7)`,
      ],
      [
        7,
        'Customer Name',
        'DUFOUR SARL',
        `customer ${c(4)} is written differently on its lines — Customer name: "Dufour" (line 6), "DUFOUR SARL" (line 7)`,
      ],
    ]);
    expect(await ctx.database.query(`select count(*)::text as n from orders`)).toEqual(before);
    expect(await ctx.database.query(`select 1 from accounts where external_ref = $1`, [c(5)])).toEqual([]);
  });

  it('with skipBadRows leaves a conflicting or wrong order out whole — never half an order — and the rejects file holds all its lines', async () => {
    const { c, n } = await setUp();
    const csv = [
      'Order ID,Order Date,Customer ID,Customer Name,Product ID,Quantity,Sales',
      `${n(1)},03/01/19,${c(1)},Acme Tools,P-1,1,10.00`,
      `${n(1)},04/01/19,${c(1)},Acme Tools,P-2,1,10.00`,
      `${n(2)},03/01/19,${c(1)},Acme Tools,P-1,two,10.00`,
      `${n(2)},03/01/19,${c(1)},Acme Tools,P-2,1,10.00`,
      `${n(3)},03/01/19,${c(1)},Acme Tools,P-1,1,10.00`,
    ].join('\n');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-sales-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'sales.csv');
    writeFileSync(file, csv);
    const rejectsPath = path.join(dir, 'rejects.csv');
    const result = await importCsv(contextFor(ctx, { ...systemActor('test'), kind: 'cli' }), {
      kind: 'sales',
      file,
      mapping: { fields: exportFields, dateFormat: 'DD/MM/YY' },
      shouldSkipBadRows: true,
      rejectsPath,
    });
    expect(result).toMatchObject({ status: 'succeeded', totalRows: 5, rejected: 4, created: 1 });
    expect(result.breakdown?.orders).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(result.problems.map((p) => [p.line, p.column, p.reason])).toEqual([
      [2, 'Order Date', `order ${n(1)} is written differently on its lines — Placed on: "03/01/19" (line 2), "04/01/19" (line 3)`],
      [3, 'Order Date', `order ${n(1)} is written differently on its lines — Placed on: "03/01/19" (line 2), "04/01/19" (line 3)`],
      [4, 'Quantity', 'is not a number such as 1,863.40'],
      [5, 'Order ID', `is left out with the rest of order ${n(2)}, whose line 4 is wrong`],
    ]);
    expect(await orderRows([n(1), n(2), n(3)])).toEqual([expect.objectContaining({ number: n(3), amount: '1000', lines: '1:P-1x1=1000' })]);
    const rejects = readFileSync(rejectsPath, 'utf8').trim().split('\r\n');
    expect(rejects).toHaveLength(5);
    // The wrong line as it was read, then the lines found once the file was read.
    expect(rejects.slice(1).map((r) => r.split(',').slice(0, 5).join(','))).toEqual([
      `${n(2)},03/01/19,${c(1)},Acme Tools,P-1`,
      `${n(1)},03/01/19,${c(1)},Acme Tools,P-1`,
      `${n(1)},04/01/19,${c(1)},Acme Tools,P-2`,
      `${n(2)},03/01/19,${c(1)},Acme Tools,P-2`,
    ]);
  });

  it('reads decimal commas with ";" separators from Windows-1252 bytes, and UTF-16 from its byte-order mark', async () => {
    const { admin, c, n } = await setUp();
    const text = [
      'Commande;Date;Client;Nom du client;Article;Quantité;Montant',
      `${n(1)};03.01.2019;${c(1)};Société Générale d'Outillage;P-1;2;1.234,50`,
      `${n(1)};03.01.2019;${c(1)};Société Générale d'Outillage;P-2;1;0,75`,
    ].join('\r\n');
    const mapping = {
      fields: {
        number: 'Commande',
        placedAt: 'Date',
        accountRef: 'Client',
        accountName: 'Nom du client',
        sku: 'Article',
        quantity: 'Quantité',
        lineAmount: 'Montant',
      },
      dateFormat: 'DD.MM.YYYY',
      decimal: ',',
      encoding: 'windows-1252',
    };
    const latin = Buffer.from(text, 'latin1');
    const res = await uploadImport(ctx, admin, { kind: 'sales', mapping: JSON.stringify(mapping) }, { name: 'ventes.csv', content: latin });
    expect(res.statusCode, res.body).toBe(201);
    expect(await orderRows([n(1)])).toEqual([
      expect.objectContaining({
        account: "Société Générale d'Outillage",
        placed: '2019-01-03',
        amount: '123525',
        lines: '1:P-1x2=123450 2:P-2x1=75',
      }),
    ]);
    // The same export as Excel's "Unicode text": UTF-16 with its byte-order mark, read whatever the mapping says.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(n(1), n(2)).replaceAll(n(1), n(2)), 'utf16le')]);
    const again = await uploadImport(
      ctx,
      admin,
      { kind: 'sales', mapping: JSON.stringify(mapping) },
      { name: 'ventes.txt', content: utf16 },
    );
    expect(again.statusCode, again.body).toBe(201);
    expect(json<ImportRecord>(again).breakdown?.accounts).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('reads an Excel workbook of order lines written by the library: its date cells are the days written', async () => {
    const { admin, c, n } = await setUp();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-sales-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'sales.xlsx');
    const placed = { value: new Date(Date.UTC(2019, 0, 3)), format: 'dd/mm/yyyy' };
    await writeExcelFile([
      {
        sheet: 'Sales',
        data: [
          ['Order ID', 'Order Date', 'Customer ID', 'Customer Name', 'Product ID', 'Quantity', 'Sales'],
          [n(1), placed, c(1), 'Acme Tools', 'P-1', 2, 16.45],
          [n(1), placed, c(1), 'Acme Tools', 'P-2', 3, 11.78],
        ],
      },
    ]).toFile(file);
    const res = await uploadImport(
      ctx,
      admin,
      { kind: 'sales', mapping: JSON.stringify({ fields: exportFields }) },
      { name: 'sales.xlsx', content: readFileSync(file) },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(await orderRows([n(1)])).toEqual([
      { number: n(1), account: 'Acme Tools', placed: '2019-01-03', amount: '2823', status: 'received', lines: '1:P-1x2=1645 2:P-2x3=1178' },
    ]);
  });

  it('refuses what it cannot read, writing nothing: a new customer without a name, a line without a price, a mapping that maps lineAmount twice or names an unknown date format', async () => {
    const { admin, c, n } = await setUp();
    const csv = ['number,placedAt,accountRef,accountName,quantity,lineAmount,unitPrice', `${n(1)},2019-01-03,${c(1)},,1,,`].join('\n');
    const res = await uploadImport(ctx, admin, { kind: 'sales' }, csv);
    expect(res.statusCode, res.body).toBe(422);
    expect(json<{ errors: Problem[] }>(res).errors.map((e) => [e.column, e.reason])).toEqual([
      ['accountName', `is required: customer ${c(1)} is not in Rapport yet, and is created with this name`],
      ['lineAmount', 'is required when the line has no unit price (give one or the other)'],
    ]);
    const twice = await uploadImport(
      ctx,
      admin,
      { kind: 'sales', mapping: '{"fields": {"lineAmount": "Sales", "lineAmount": "Total"}}' },
      csv,
    );
    expect(twice.statusCode, twice.body).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(twice).errors).toEqual([
      expect.objectContaining({ path: 'fields.lineAmount', message: expect.stringContaining('is given twice') }),
    ]);
    const badFormat = await uploadImport(ctx, admin, { kind: 'sales', mapping: JSON.stringify({ dateFormat: 'DD/MM/YYYYY' }) }, csv);
    expect(badFormat.statusCode, badFormat.body).toBe(400);
    expect(json<{ errors: { path: string }[] }>(badFormat).errors).toEqual([expect.objectContaining({ path: 'dateFormat' })]);
    expect(await ctx.database.query(`select 1 from accounts where external_ref = $1`, [c(1)])).toEqual([]);
  });
});

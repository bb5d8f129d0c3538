// Excel workbooks (.xlsx) through the same mapping and checks as CSV (docs/imports.md, "Excel
// workbooks"; decision 0020), each written by write-excel-file in the test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsv, parseMapping, type ImportKind } from '../../src/domain/imports/index.js';
import { WORKBOOK_MAX_BYTES } from '../../src/domain/imports/workbook.js';
import { DomainError, systemActor } from '../../src/domain/shared/index.js';
import { contextFor, countRows, engines, json, signIn, useTestApp, type TestContext } from '../support/app.js';
import { uploadImport } from '../support/multipart.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rapport-workbooks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const uid = () => Math.random().toString(16).slice(2, 10).toUpperCase();
const day = (y: number, m: number, d: number, h = 0, min = 0) => ({
  value: new Date(Date.UTC(y, m - 1, d, h, min)),
  format: h === 0 && min === 0 ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm',
});

/** A workbook written by the library, its sheets in order; the file is named .xlsx unless `name` says otherwise. */
async function workbook(sheets: { sheet: string; data: SheetData }[], name = `${uid()}.xlsx`): Promise<string> {
  const file = path.join(tmp, name);
  await writeExcelFile(sheets).toFile(file);
  return file;
}

async function run(
  ctx: TestContext,
  kind: ImportKind,
  file: string,
  mapping: unknown = null,
  more: { rejectsPath?: string; shouldSkipBadRows?: boolean } = {},
) {
  return importCsv(contextFor(ctx, systemActor('workbook test')), { kind, file, mapping: parseMapping(kind, mapping), ...more });
}

/** The error an import throws, for its code, detail and meta. */
async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

async function accountsFor(ctx: TestContext, refs: string[], timezone = 'Europe/Berlin'): Promise<void> {
  const file = await workbook([
    {
      sheet: 'Accounts',
      data: [['externalRef', 'name', 'currency', 'timezone'], ...refs.map((r) => [r, `Account ${r}`, 'USD', timezone])],
    },
  ]);
  const r = await run(ctx, 'accounts', file);
  expect(r.problems).toEqual([]);
  expect(r.created).toBe(refs.length);
}

describe.each(engines)('Excel workbook imports on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('an orders workbook uploaded through the API lands its rows: date cells are the days written, numbers exact', async () => {
    const acc = `WB-${uid()}`;
    await accountsFor(ctx, [acc]);
    const [n1, n2] = [`WO-${uid()}`, `WO-${uid()}`];
    const file = await workbook([
      {
        sheet: 'Orders',
        data: [
          ['Order no', 'Customer', 'Placed', 'Promised', 'Total'],
          [n1, acc, day(2019, 3, 1), day(2019, 3, 1), 16.45],
          [n2, acc, day(2019, 3, 1, 14, 5), day(2019, 12, 31), 1863.4],
        ],
      },
    ]);
    const admin = await signIn(ctx, ['admin']);
    const mapping = {
      fields: { number: 'Order no', accountRef: 'Customer', placedAt: 'Placed', promisedDate: 'Promised', amount: 'Total' },
    };
    const res = await uploadImport(
      ctx,
      admin,
      { kind: 'orders', mapping: JSON.stringify(mapping) },
      { name: 'orders.xlsx', content: readFileSync(file) },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({ status: 'succeeded', fileName: 'orders.xlsx', totalRows: 2, created: 2, problems: [] });
    const rows = await ctx.database.query<{ number: string; placed_at: Date; promised_date: string; amount: string }>(
      'select number, placed_at, promised_date::text, amount::text from orders where number in ($1, $2) order by placed_at',
      [n1, n2],
    );
    expect(rows).toEqual([
      // 2019-03-01 is 1 March in the account's zone (Berlin, UTC+1), not 28 February.
      { number: n1, placed_at: new Date('2019-02-28T23:00:00.000Z'), promised_date: '2019-03-01', amount: '1645' },
      { number: n2, placed_at: new Date('2019-03-01T13:05:00.000Z'), promised_date: '2019-12-31', amount: '186340' },
    ]);
  });

  it('reads number cells under a decimal-comma mapping and date cells beside text dates in the mapping’s format', async () => {
    const acc = `WB-${uid()}`;
    await accountsFor(ctx, [acc], 'UTC');
    const [n1, n2] = [`WO-${uid()}`, `WO-${uid()}`];
    const file = await workbook([
      {
        sheet: 'Aufträge',
        data: [
          ['Nr', 'Kunde', 'Datum', 'Betrag'],
          [n1, acc, day(1996, 7, 16), 1863.4],
          [n2, acc, '01/08/1996', '1.005,50'],
        ],
      },
    ]);
    const r = await run(ctx, 'orders', file, {
      fields: { number: 'Nr', accountRef: 'Kunde', placedAt: 'Datum', amount: 'Betrag' },
      dateFormat: 'DD/MM/YYYY',
      decimal: ',',
    });
    expect(r).toMatchObject({ status: 'succeeded', created: 2, problems: [] });
    const rows = await ctx.database.query<{ placed_at: Date; amount: string }>(
      'select placed_at, amount::text from orders where number in ($1, $2) order by number',
      [n1, n2].sort(),
    );
    const byNumber = Object.fromEntries([n1, n2].sort().map((n, i) => [n, rows[i]]));
    expect(byNumber[n1]).toEqual({ placed_at: new Date('1996-07-16T00:00:00.000Z'), amount: '186340' });
    expect(byNumber[n2]).toEqual({ placed_at: new Date('1996-08-01T00:00:00.000Z'), amount: '100550' });
  });

  it('reads the sheet the mapping names, by name or by number', async () => {
    const [a, b] = [`WS-${uid()}`, `WS-${uid()}`];
    const sheets = [
      { sheet: 'Notes', data: [['Read me first'], ['not accounts']] },
      {
        sheet: 'Customers',
        data: [
          ['externalRef', 'name', 'currency'],
          [a, 'By name', 'EUR'],
        ],
      },
      {
        sheet: 'More',
        data: [
          ['externalRef', 'name', 'currency'],
          [b, 'By number', 'EUR'],
        ],
      },
    ];
    const file = await workbook(sheets);
    expect(await run(ctx, 'accounts', file, { sheet: 'Customers' })).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await run(ctx, 'accounts', file, { sheet: 3 })).toMatchObject({ status: 'succeeded', created: 1 });
    const names = await ctx.database.query<{ name: string }>('select name from accounts where external_ref in ($1, $2) order by name', [
      a,
      b,
    ]);
    expect(names.map((x) => x.name)).toEqual(['By name', 'By number']);
  });

  it('a sheet the workbook does not have is refused naming the sheets it has, and nothing is written', async () => {
    const a = `WM-${uid()}`;
    const file = await workbook([
      {
        sheet: 'Customers',
        data: [
          ['externalRef', 'name'],
          [a, 'Never'],
        ],
      },
      {
        sheet: 'Suppliers',
        data: [
          ['externalRef', 'name'],
          ['S', 'Never'],
        ],
      },
    ]);
    const err = await refusal(run(ctx, 'accounts', file, { sheet: 'Accounts', defaults: { currency: 'EUR' } }));
    expect(err.code).toBe('imports.bad_workbook');
    expect(err.detail).toContain('The workbook has no sheet "Accounts": its sheets are "Customers", "Suppliers"');
    expect(err.meta).toEqual({ sheets: ['Customers', 'Suppliers'] });
    expect(await countRows(ctx.database, `accounts where external_ref = '${a}'`)).toBe(0);
    const [rec] = await ctx.database.query<{ status: string; error: string }>(
      'select status, error from imports where error like \'The workbook has no sheet "Accounts"%\' order by started_at desc limit 1',
    );
    expect(rec?.status).toBe('failed');
  });

  it('a sheet with a header but no data rows, or with nothing at all, is refused, and nothing is written', async () => {
    const file = await workbook([
      { sheet: 'Header only', data: [['externalRef', 'name', 'currency'], [], []] },
      { sheet: 'Blank', data: [] },
    ]);
    const headerOnly = await refusal(run(ctx, 'accounts', file));
    expect(headerOnly.code).toBe('imports.bad_workbook');
    expect(headerOnly.detail).toBe('The first sheet of the workbook has a header row but no data rows: there is nothing to import.');
    const blank = await refusal(run(ctx, 'accounts', file, { sheet: 'Blank' }));
    expect(blank.detail).toBe('Sheet "Blank" of the workbook is empty: an import needs a header row and data rows.');
  });

  it('a bad cell is reported with its sheet row and column, as in a CSV; skipped rows go to a CSV rejects file', async () => {
    const acc = `WB-${uid()}`;
    await accountsFor(ctx, [acc]);
    const [n1, n2] = [`WO-${uid()}`, `WO-${uid()}`];
    const file = await workbook([
      {
        sheet: 'Orders',
        data: [['number', 'accountRef', 'placedAt', 'amount'], [n1, acc, day(2020, 1, 2), 10], [], [n2, acc, day(2020, 1, 3), 12.345]],
      },
    ]);
    const bad = await run(ctx, 'orders', file);
    expect(bad.status).toBe('rejected');
    // Row 4 of the sheet: the empty row 3 is skipped but counted, as a CSV's empty line is.
    expect(bad.problems).toEqual([
      { line: 4, column: 'amount', value: '12.345', reason: 'has more decimals than USD allows (2): "12.345"' },
    ]);
    expect(await countRows(ctx.database, `orders where number = '${n1}'`)).toBe(0);

    const rejectsPath = path.join(tmp, `${uid()}.rejects.csv`);
    const kept = await run(ctx, 'orders', file, null, { shouldSkipBadRows: true, rejectsPath });
    expect(kept).toMatchObject({ status: 'succeeded', created: 1, rejected: 1, rejectsPath });
    expect(readFileSync(rejectsPath, 'utf8')).toBe(
      `number,accountRef,placedAt,amount,problem\r\n${n2},${acc},2020-01-03,12.345,"line 4, column amount: has more decimals than USD allows (2): ""12.345"""\r\n`,
    );
  });

  it('an old .xls, or a zip that is no workbook, is refused saying to save it as .xlsx or CSV', async () => {
    const xls = path.join(tmp, `${uid()}.xls`);
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const old = await refusal(run(ctx, 'accounts', xls));
    expect(old.code).toBe('imports.bad_workbook');
    expect(old.detail).toBe(
      'The file is an Excel 97–2003 workbook (.xls), which Rapport does not read: save it from Excel as an Excel Workbook (.xlsx) or as CSV, and import that.',
    );
    const zip = path.join(tmp, `${uid()}.xlsx`);
    writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64)]));
    const notWorkbook = await refusal(run(ctx, 'accounts', zip));
    expect(notWorkbook.detail).toBe(
      'The file is a zip archive but not an Excel workbook Rapport can read: save it from Excel as an Excel Workbook (.xlsx) or as CSV.',
    );
  });

  it('a workbook larger than Rapport reads whole is refused before it is read, saying to save it as CSV; nothing is written', async () => {
    const big = path.join(tmp, `${uid()}.xlsx`);
    writeFileSync(big, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(WORKBOOK_MAX_BYTES)]));
    const before = await countRows(ctx.database, 'accounts');
    const err = await refusal(run(ctx, 'accounts', big));
    expect(err.code).toBe('imports.bad_workbook');
    expect(err.detail).toBe(
      'The workbook is 20.0 MB; Rapport reads workbooks up to 20 MB whole, in memory. Save the sheet as CSV (streamed, any size) and import that.',
    );
    expect(await countRows(ctx.database, 'accounts')).toBe(before);
  });
});

// `rapport import` run in-process through main(argv): exit codes, the report of bad rows, the
// rejects file, and the Northwind walk-through of docs/imports.md on PGlite (and PostgreSQL).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { main } from '../../src/cli/main.js';
import { saveMapping } from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestPostgresDatabase, engines } from '../support/app.js';
import type { Engine } from '../support/engines.js';

const root = path.resolve('.tmp', `import-cli-${process.pid}-${randomBytes(3).toString('hex')}`);
mkdirSync(root, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NORTHWIND = path.resolve('../shared/data/northwind');
const EXAMPLES = path.resolve('docs/examples/northwind');

async function rapport(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(args);
    process.exitCode = undefined;
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    out.mockRestore();
    err.mockRestore();
  }
}

/**
 * Where one engine's `rapport` commands of a describe block write: a PGlite folder, or a PostgreSQL
 * database of its own made before its tests (so each test stands alone) and dropped after.
 */
function useCliDatabase(engine: Engine, name: string) {
  const dataDir = path.join(root, `${name}-${engine}`);
  let env: Record<string, string> = {};
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (engine !== 'postgres') return;
    const created = await createTestPostgresDatabase();
    env = { DATABASE_URL: created.url };
    drop = created.drop;
  });
  afterAll(async () => drop?.());
  return {
    /** `rapport <args>` against this database. */
    run: (args: string[]) => rapport([...args, ...(engine === 'pglite' ? ['--data-dir', dataDir] : [])], env),
    /** The database itself, to check what a command stored (closed by the caller). */
    open: () => openDatabase(engine === 'pglite' ? { dataDir } : { databaseUrl: env['DATABASE_URL']! }),
  };
}

describe('rapport import: bad usage', () => {
  const dataDir = path.join(root, 'usage');
  it('refuses an unknown kind, a missing file and a bad mapping with exit 2, naming the problem', async () => {
    const unknown = await rapport(['import', 'widgets', 'x.csv', '--data-dir', dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'unknown kind "widgets": use one of sales, accounts, suppliers, users, contacts, orders, order-lines, quotes',
    );
    const missing = await rapport(['import', 'orders', path.join(root, 'nope.csv'), '--data-dir', dataDir]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    const badJson = path.join(root, 'bad.json');
    writeFileSync(badJson, '{"number": "order_id",');
    const bad = await rapport(['import', 'orders', path.join(NORTHWIND, 'orders.csv'), '--map', badJson, '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not valid JSON');
    writeFileSync(badJson, '{"nummer": "order_id"}');
    const unknownField = await rapport(['import', 'orders', path.join(NORTHWIND, 'orders.csv'), '--map', badJson, '--data-dir', dataDir]);
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toContain('nummer: is not a field of orders imports');
    // A key given twice: JSON.parse would keep the last silently; the mapping is refused naming it.
    writeFileSync(badJson, '{"fields": {"orderRef": "Order", "lineAmount": "Total", "lineAmount": "Net"}}');
    const twice = await rapport([
      'import',
      'order-lines',
      path.join(NORTHWIND, 'order_lines.csv'),
      '--map',
      badJson,
      '--data-dir',
      dataDir,
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('fields.lineAmount: is given twice: a mapping names each key once');
  });

  it('without --map, a header that does not name the fields gets a mapping guessed from it, to check and pass; nothing is imported', async () => {
    const file = path.join(root, 'flat-sales.csv');
    writeFileSync(
      file,
      'Order ID,Order Date,Customer ID,Customer Name,City,Product ID,Quantity,Sales\nUS-1,03/01/19,C-1,Acme,Lyon,P-1,2,16.45\n',
    );
    const res = await rapport(['import', 'sales', file, '--date-format', 'MM/DD/YY', '--data-dir', dataDir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('fields.number: is required: map it to a column');
    const guessed = res.stderr.slice(res.stderr.indexOf('{'));
    expect(JSON.parse(guessed)).toEqual({
      fields: {
        number: 'Order ID',
        externalRef: 'Order ID',
        placedAt: 'Order Date',
        accountRef: 'Customer ID',
        accountName: 'Customer Name',
        accountCity: 'City',
        sku: 'Product ID',
        quantity: 'Quantity',
        lineAmount: 'Sales',
      },
      dateFormat: 'MM/DD/YY',
    });
    // Saved as a file, it imports the file as guessed.
    const mapping = path.join(root, 'flat-sales.json');
    writeFileSync(mapping, guessed);
    const ok = await rapport(['import', 'sales', file, '--map', mapping, '--dry-run', '--data-dir', dataDir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 row — 1 new customer, 1 new order, 1 new line');
  });
});

describe.each(engines)('rapport import of Northwind on %s', (engine) => {
  const cli = useCliDatabase(engine, 'nw');
  const imp = (kind: string, file: string, map: string | null, ...more: string[]) =>
    cli.run(['import', kind, file, ...(map ? ['--map', path.join(EXAMPLES, map)] : []), ...more]);

  it('imports customers, employees, suppliers, orders and lines; a second run changes nothing', async () => {
    const steps: [string, string, string, number][] = [
      ['accounts', 'customers.csv', 'customers.json', 91],
      ['users', 'employees.csv', 'employees.json', 9],
      ['suppliers', 'suppliers.csv', 'suppliers.json', 29],
      ['orders', 'orders.csv', 'orders.json', 830],
      ['order-lines', 'order_lines.csv', 'order-lines.json', 2155],
    ];
    for (const [kind, file, map, count] of steps) {
      const r = await imp(kind, path.join(NORTHWIND, file), map);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        `${count.toLocaleString('en-US')} rows — ${count.toLocaleString('en-US')} created, 0 updated, 0 unchanged`,
      );
    }
    const again = await imp('orders', path.join(NORTHWIND, 'orders.csv'), 'orders.json');
    expect(again.stdout).toContain('830 rows — 0 created, 0 updated, 830 unchanged');
    // A file-backed PGlite folder opens, migrates and checkpoints once per command: slower than in memory.
  }, 180_000);

  it('reports each bad row as `line N, column C, value "V": reason`, exits 1 and writes nothing', async () => {
    // Stands alone: its own customer (imported again, unchanged, after the walk-through).
    const customer = path.join(root, `broken-customer-${engine}.csv`);
    writeFileSync(customer, 'externalRef,name\nALFKI,Alfreds Futterkiste\n');
    expect((await imp('accounts', customer, null)).code).toBe(0);
    const file = path.join(root, `broken-${engine}.csv`);
    writeFileSync(file, 'number,accountRef,placedAt,amount\nX-1,ALFKI,2026-01-05,1.999\nX-2,ALFKI,2026-01-05,2.00\n');
    const r = await imp('orders', file, null);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2, column amount, value "1.999": has more decimals than USD allows (2): "1.999"');
    expect(r.stderr).toContain('1 of 2 rows are wrong, so nothing was imported');
    const skip = await imp('orders', file, null, '--skip-bad-rows');
    expect(skip.code).toBe(0);
    expect(skip.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 skipped');
    const rejects = path.join(root, `broken-${engine}.rejects.csv`);
    expect(existsSync(rejects)).toBe(true);
    expect(readFileSync(rejects, 'utf8')).toContain('X-1,ALFKI,2026-01-05,1.999,');
  });
});

// Dates and numbers as real exports write them (docs/imports.md, "Dates", "Numbers"): the date
// format named once, on the command line or in the mapping, as people write it; two-digit years; a
// time after the date; decimal commas, thousands separators, currency signs; nothing guessed.
describe.each(engines)('rapport import: dates and numbers as exports write them, on %s', (engine) => {
  const cli = useCliDatabase(engine, 'dates');
  const imp = (kind: string, file: string, ...more: string[]) => cli.run(['import', kind, file, ...more]);

  it('reads 03/01/19 as the format says, refuses it without one, and refuses a format that is not one', async () => {
    const accounts = path.join(root, `dates-accounts-${engine}.csv`);
    writeFileSync(accounts, 'externalRef,name\nC-1,Contoso Instruments\n');
    expect((await imp('accounts', accounts)).code).toBe(0);
    const orders = path.join(root, `dates-orders-${engine}.csv`);
    writeFileSync(
      orders,
      'number,accountRef,placedAt,promisedDate,amount\nD-1,C-1,03/01/19,03/15/19,10.00\nD-2,C-1,12/31/18 14:05,01/04/19,20.00\n',
    );

    const refused = await imp('orders', orders);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2, column placedAt, value "03/01/19"');
    // A day above 12 (12/31/18) settles it: said, not applied.
    expect(refused.stderr).toContain('The dates look like MM/DD/YY: try --date-format MM/DD/YY');

    // Every day 12 or less: both readings named, none picked.
    const ambiguous = path.join(root, `dates-ambiguous-${engine}.csv`);
    writeFileSync(ambiguous, 'number,accountRef,placedAt,amount\nD-9,C-1,03/01/19,10.00\nD-10,C-1,04/02/19,10.00\n');
    expect((await imp('orders', ambiguous)).stderr).toContain('The dates read as DD/MM/YY or MM/DD/YY alike: say which with --date-format');
    const badFormat = await imp('orders', orders, '--date-format', 'MM/DD');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--date-format must be a date format such as DD/MM/YYYY, MM/DD/YY');
    expect(badFormat.stderr).toContain('not "MM/DD"');

    const ok = await imp('orders', orders, '--date-format', 'MM/DD/YY');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 rows — 2 created, 0 updated, 0 unchanged');
    // The same in a mapping, as people write it: the same orders, unchanged.
    const map = path.join(root, `dates-${engine}.json`);
    writeFileSync(map, JSON.stringify({ fields: {}, dateFormat: 'MM/DD/YY' }));
    const again = await imp('orders', orders, '--map', map);
    expect(again.stdout).toContain('2 rows — 0 created, 0 updated, 2 unchanged');
    // Read as dates of 2019 and 2018 (the time kept), not of 1919 or the 1st of March's twin.
    const database = await cli.open();
    try {
      const rows = await database.query<{ number: string; placed: string; promised: string }>(
        `select number, to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as placed, promised_date::text as promised from orders where number like 'D-%' order by number`,
      );
      expect(rows).toEqual([
        { number: 'D-1', placed: '2019-03-01 00:00', promised: '2019-03-15' },
        { number: 'D-2', placed: '2018-12-31 14:05', promised: '2019-01-04' },
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('reads the UTF-16, tab-separated text of Excel\'s "Unicode text" by its byte-order mark, and refuses a broken one with its line', async () => {
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const accounts = path.join(root, `unicode-accounts-${engine}.txt`);
    writeFileSync(accounts, utf16('externalRef\tname\tcity\r\nU-1\tMüller Präzision GmbH\tKöln\r\nU-2\t"Søren & Co, ApS"\tÅrhus\r\n'));
    const ok = await imp('accounts', accounts);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 rows — 2 created');
    const database = await cli.open();
    try {
      const rows = await database.query<{ name: string; city: string }>(
        `select name, city from accounts where external_ref like 'U-%' order by external_ref`,
      );
      expect(rows).toEqual([
        { name: 'Müller Präzision GmbH', city: 'Köln' },
        { name: 'Søren & Co, ApS', city: 'Århus' },
      ]);
    } finally {
      await database.close();
    }
    // A lone surrogate on line 3: refused with its line, nothing written, no U+FFFD stored.
    const broken = path.join(root, `unicode-broken-${engine}.txt`);
    writeFileSync(
      broken,
      Buffer.concat([utf16('externalRef\tname\r\nU-3\tGood\r\nU-4\tBad'), Buffer.from([0x00, 0xd8]), Buffer.from('\r\n', 'utf16le')]),
    );
    const refused = await imp('accounts', broken);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Line 3 is not UTF-16LE text');
  }, 120_000);

  it('reads decimal commas of a ";" file with --decimal , — thousands dots, a euro sign — and refuses an accountant\'s (negative)', async () => {
    const accounts = path.join(root, `numbers-accounts-${engine}.csv`);
    writeFileSync(accounts, 'externalRef;name;currency\nN-1;Nordwind Messtechnik;EUR\n');
    expect((await imp('accounts', accounts)).code).toBe(0);
    const orders = path.join(root, `numbers-orders-${engine}.csv`);
    writeFileSync(orders, 'number;accountRef;placedAt;amount\nN-100;N-1;2019-03-01;1.863,40 €\nN-101;N-1;2019-03-02;(12,50)\n');
    const refused = await imp('orders', orders, '--decimal', ',');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3, column amount, value "(12,50)": is a negative amount in parentheses (a credit note?)');
    expect(refused.stderr).not.toContain('line 2');
    const point = await imp('orders', orders, '--decimal', '.', '--skip-bad-rows');
    expect(point.stdout).toContain('0 created');
    const bad = await imp('orders', orders, '--decimal', 'comma');
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--decimal must be "." or ",", not "comma"') });
    const ok = await imp('orders', orders, '--decimal', ',', '--skip-bad-rows');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 skipped');
    const database = await cli.open();
    try {
      const rows = await database.query<{ amount: string; currency: string }>(
        `select amount::text, currency from orders where number = 'N-100'`,
      );
      expect(rows).toEqual([{ amount: '186340', currency: 'EUR' }]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('rounds four-decimal amounts with --round and says how many and by how much; without it, refuses them and names --round', async () => {
    const accounts = path.join(root, `round-accounts-${engine}.csv`);
    writeFileSync(accounts, 'externalRef,name\nR-1,Roundwood Labs\n');
    expect((await imp('accounts', accounts)).code).toBe(0);
    const orders = path.join(root, `round-orders-${engine}.csv`);
    writeFileSync(orders, 'number,accountRef,placedAt,amount\nR-100,R-1,2019-03-01,16.4480\nR-101,R-1,2019-03-02,2.0050\n');
    const refused = await imp('orders', orders);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 2, column amount, value "16.4480": has more decimals than USD allows (2)');
    expect(refused.stderr).toContain('--round rounds them half to even and counts them');
    const dry = await imp('orders', orders, '--round', '--dry-run');
    expect(dry.stdout).toContain("2 amounts would be rounded to their currency's smallest unit (USD 2, in all −0.003)");
    const ok = await imp('orders', orders, '--round');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 rows — 2 created');
    // 16.448 → 16.45 (+0.002), 2.005 → 2.00 (half to even, −0.005).
    expect(ok.stdout).toContain("2 amounts rounded to their currency's smallest unit (USD 2, in all −0.003).");
    const database = await cli.open();
    try {
      const rows = await database.query<{ number: string; amount: string }>(
        `select number, amount::text from orders where number like 'R-1%' order by number`,
      );
      expect(rows).toEqual([
        { number: 'R-100', amount: '1645' },
        { number: 'R-101', amount: '200' },
      ]);
      const [record] = await database.query<{ rounded: unknown }>(
        `select rounded from imports where kind = 'orders' and status = 'succeeded' and not is_dry_run and file_name = $1`,
        [path.basename(orders)],
      );
      expect(record!.rounded).toEqual([{ currency: 'USD', count: 2, difference: '-0.003' }]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('--map takes the name of a saved mapping, options included; a name that is not saved is bad usage naming those that are', async () => {
    const accounts = path.join(root, `saved-accounts-${engine}.csv`);
    writeFileSync(accounts, 'externalRef,name\nS-1,Saved Mapping Co\n');
    expect((await imp('accounts', accounts)).code).toBe(0);
    const database = await cli.open();
    try {
      await saveMapping(
        { db: database.db, actor: systemActor('test'), now: new Date() },
        {
          kind: 'orders',
          name: 'ERP sales',
          mapping: { fields: { number: 'Order ID', accountRef: 'Customer', placedAt: 'Date', amount: 'Sales' }, dateFormat: 'MM/DD/YY' },
        },
      );
    } finally {
      await database.close();
    }
    const orders = path.join(root, `saved-orders-${engine}.csv`);
    writeFileSync(orders, 'Order ID,Customer,Date,Sales\nS-100,S-1,12/31/18,10.00\n');
    const ok = await imp('orders', orders, '--map', 'ERP sales');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 row — 1 created');
    const unknown = await imp('orders', orders, '--map', 'ERP');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no such mapping file, and no saved mapping of orders imports is named "ERP" (saved: "ERP sales")');
  }, 120_000);
});

describe.each(engines)('rapport import of an Excel workbook on %s', (engine) => {
  const cli = useCliDatabase(engine, 'workbook');
  const imp = (kind: string, file: string, ...more: string[]) => cli.run(['import', kind, file, ...more]);

  it('reads the sheet --sheet names (by name or number), its date cells as the days written; a missing sheet names those there are', async () => {
    const book = path.join(root, `workbook-${engine}.xlsx`);
    await writeExcelFile([
      { sheet: 'Read me', data: [['Exported from the ERP on 2019-03-04']] },
      {
        sheet: 'Customers',
        data: [
          ['externalRef', 'name', 'currency'],
          ['X-1', 'Excel Instruments', 'EUR'],
        ],
      },
      {
        sheet: 'Orders',
        data: [
          ['number', 'accountRef', 'placedAt', 'amount'],
          ['X-100', 'X-1', { value: new Date(Date.UTC(2019, 2, 1)), format: 'dd/mm/yyyy' }, 1863.4],
          ['X-101', 'X-1', { value: new Date(Date.UTC(2019, 2, 2, 9, 30)), format: 'dd/mm/yyyy hh:mm' }, 'twelve'],
        ],
      },
    ]).toFile(book);

    const missing = await imp('accounts', book, '--sheet', 'Kunden');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The workbook has no sheet "Kunden": its sheets are "Read me", "Customers", "Orders"');
    expect((await imp('accounts', book, '--sheet', '')).code).toBe(2);

    const accounts = await imp('accounts', book, '--sheet', 'Customers');
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(accounts.stdout).toContain('1 row — 1 created');

    // A bad cell: its sheet row and column, as a CSV's; the rejects file is CSV beside the workbook.
    const bad = await imp('orders', book, '--sheet', '3', '--skip-bad-rows');
    expect(bad.code, bad.stderr).toBe(0);
    expect(bad.stderr).toContain('line 3, column amount, value "twelve": is not a number such as 1,863.40');
    expect(bad.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 skipped');
    const rejects = path.join(root, `workbook-${engine}.rejects.csv`);
    expect(readFileSync(rejects, 'utf8')).toContain('X-101,X-1,2019-03-02 09:30,twelve,');
    const database = await cli.open();
    try {
      const rows = await database.query<{ placed: string; amount: string }>(
        `select to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as placed, amount::text from orders where number = 'X-100'`,
      );
      // The account has no timezone: the organisation's, UTC in a new database.
      expect(rows).toEqual([{ placed: '2019-03-01 00:00', amount: '186340' }]);
    } finally {
      await database.close();
    }
  }, 120_000);
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsv, type ImportKind } from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { multipart } from '../support/multipart.js';

const NORTHWIND = path.resolve('../shared/data/northwind');
const EXAMPLES = path.resolve('docs/examples/northwind');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rapport-imports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const actor = systemActor('import test');

function fileWith(name: string, text: string | Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const exampleMapping = (name: string): unknown => JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8'));

async function run(
  ctx: TestContext,
  kind: ImportKind,
  file: string,
  mapping?: unknown,
  more: { isDryRun?: boolean; shouldSkipBadRows?: boolean; rejectsPath?: string } = {},
) {
  return importCsv(contextFor(ctx, actor), { kind, file, mapping, ...more });
}

const NORTHWIND_FILES: [ImportKind, string, string][] = [
  ['accounts', 'customers.csv', 'customers.json'],
  ['users', 'employees.csv', 'employees.json'],
  ['suppliers', 'suppliers.csv', 'suppliers.json'],
  ['orders', 'orders.csv', 'orders.json'],
  ['order-lines', 'order_lines.csv', 'order-lines.json'],
];

describe.each(engines)('CSV imports on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('imports the Northwind files with the committed mappings; counts match the files', async () => {
    const created: Record<string, number> = {};
    for (const [kind, file, mapping] of NORTHWIND_FILES) {
      const r = await run(ctx, kind, path.join(NORTHWIND, file), exampleMapping(mapping));
      expect(r.problems, kind).toEqual([]);
      expect(r.status).toBe('succeeded');
      created[kind] = r.created;
    }
    expect(created).toEqual({ accounts: 91, users: 9, suppliers: 29, orders: 830, 'order-lines': 2155 });
    const [alfki] = await ctx.database.query<{ order_count: number; currency: string }>(
      "select order_count, currency from accounts where external_ref = 'ALFKI' and kind = 'customer'",
    );
    expect(alfki).toEqual({ order_count: 6, currency: 'USD' });
    const statuses = await ctx.database.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from orders group by status order by status',
    );
    // 21 orders have no shipped date yet (the data's README).
    expect(statuses).toEqual([
      { status: 'received', n: 21 },
      { status: 'shipped', n: 809 },
    ]);
    const [o] = await ctx.database.query<{
      id: string;
      account_id: string;
      amount: string;
      promised_date: string;
      carrier: string;
      rep: string;
      lines: number;
      events: number;
      file_name: string;
    }>(
      `select o.id, o.account_id, o.amount::text, o.promised_date::text, o.carrier, u.name as rep,
              (select count(*)::int from order_lines l where l.order_id = o.id) as lines,
              (select count(*)::int from order_events e where e.order_id = o.id) as events,
              i.file_name
         from orders o join users u on u.id = o.rep_id join imports i on i.id = o.import_id where o.number = '10249'`,
    );
    expect(o).toMatchObject({
      amount: '186340',
      promised_date: '1996-08-16',
      carrier: 'Speedy Express',
      rep: 'Michael Suyama',
      lines: 2,
      // The order row is its own history (decision 0007): it remembers its import, no event of its own.
      events: 0,
      file_name: 'orders.csv',
    });

    // …and shows it as one entry: on the order page and in the account timeline, dated in the account's zone.
    const gm = await signIn(ctx, ['gm']);
    const detail = json<{ events: { kind: string; at: string; note: string; changes: Record<string, { to: string }> | null }[] }>(
      await ctx.app.inject({ method: 'GET', url: `/api/v1/orders/${o!.id}`, headers: gm.headers }),
    );
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({ kind: 'imported', note: 'From orders.csv' });
    expect(Object.keys(detail.events[0]!.changes ?? {})).toEqual(['shippedAt']);
    const timeline = json<{ items: { id: string; type: string; title: string; detail: string | null; orderNumber: string }[] }>(
      await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${o!.account_id}/timeline?limit=100`, headers: gm.headers }),
    );
    // Paged two at a time, the imported entries come in the same order, none twice, none missing.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = json(
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/accounts/${o!.account_id}/timeline?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          headers: gm.headers,
        }),
      );
      paged.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(timeline.items.map((t) => t.id));
    expect(timeline.items.filter((t) => t.type === 'imported').length).toBeGreaterThan(2);
    expect(timeline.items.find((t) => t.orderNumber === '10249')).toMatchObject({
      type: 'imported',
      title: 'Order 10249 placed (imported)',
      detail: 'From orders.csv · shipped 1996-07-10',
    });
  });

  it('a second import of the same files changes nothing', async () => {
    const before = await countRows(ctx.database, 'order_events');
    for (const [kind, file, mapping] of NORTHWIND_FILES) {
      const r = await run(ctx, kind, path.join(NORTHWIND, file), exampleMapping(mapping));
      expect({ kind, created: r.created, updated: r.updated, unchanged: r.unchanged }).toEqual({
        kind,
        created: 0,
        updated: 0,
        unchanged: r.totalRows,
      });
    }
    expect(await countRows(ctx.database, 'order_events')).toBe(before);
    expect(await countRows(ctx.database, 'orders')).toBe(830);
  });

  it('a broken copy of orders.csv is refused whole, naming each bad line', async () => {
    const lines = readFileSync(path.join(NORTHWIND, 'orders.csv'), 'utf8').split('\n');
    // Splitting on commas and joining back is lossless; the first six columns and the last are never quoted.
    const cells = (i: number) => lines[i - 1]!.split(',');
    const set = (i: number, col: number, value: string) => {
      const c = cells(i);
      c[col] = value;
      lines[i - 1] = c.join(',');
    };
    set(3, 3, '1996-13-45'); // order_date
    set(5, 1, 'NOSUCH'); // customer_id
    set(7, cells(7).length - 1, '12.345'); // order_total, the last column
    lines.push(`99999,${cells(2).slice(1).join(',')}`, `${cells(9)[0]},${cells(10).slice(1).join(',')}`);
    const dupLine = lines.length;
    const file = fileWith('orders-broken.csv', lines.join('\n'));
    const mapping = exampleMapping('orders.json');
    const eventsBefore = await countRows(ctx.database, 'order_events');
    const r = await run(ctx, 'orders', file, mapping);
    expect(r.status).toBe('rejected');
    expect(r.created + r.updated + r.unchanged).toBe(0);
    expect(r.problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [3, 'order_date', '1996-13-45'],
      [5, 'customer_id', 'NOSUCH'],
      [7, 'order_total', '12.345'],
      [dupLine, 'order_id', cells(9)[0]],
    ]);
    expect(r.problems[2]!.reason).toContain('more decimals than USD allows');
    expect(r.problems[3]!.reason).toBe('repeats the number of line 9');
    expect(await countRows(ctx.database, 'orders')).toBe(830);
    expect(await countRows(ctx.database, 'order_events')).toBe(eventsBefore);
    const [rec] = await ctx.database.query<{ status: string; rejected_count: number; file_name: string; problems: unknown[] }>(
      'select status, rejected_count, file_name, problems from imports where id = $1',
      [r.id],
    );
    expect(rec).toMatchObject({ status: 'rejected', rejected_count: 4, file_name: 'orders-broken.csv' });
    expect(rec!.problems).toHaveLength(4);
  });

  it('with skipBadRows writes the good rows and the rejects beside the input', async () => {
    const file = fileWith(
      'orders-skip.csv',
      ['number,accountRef,placedAt,amount', 'S-1,ALFKI,2026-01-05,10.00', 'S-2,NOPE,2026-01-05,10.00', 'S-3,ANATR,2026-01-06,11.50'].join(
        '\n',
      ),
    );
    const rejectsPath = path.join(tmp, 'orders-skip.rejects.csv');
    const r = await run(ctx, 'orders', file, undefined, { shouldSkipBadRows: true, rejectsPath });
    expect(r).toMatchObject({ status: 'succeeded', created: 2, rejected: 1, rejectsPath });
    expect(readFileSync(rejectsPath, 'utf8')).toBe(
      'number,accountRef,placedAt,amount,problem\r\nS-2,NOPE,2026-01-05,10.00,"line 3, column accountRef: is not the external reference of a customer or prospect account"\r\n',
    );
    const [a] = await ctx.database.query<{ order_count: number }>(
      "select order_count from accounts where external_ref = 'ANATR' and kind = 'customer'",
    );
    expect(a!.order_count).toBeGreaterThan(0);
  });

  it('reads a BOM, `;` delimiters and quoted newlines; reports lines as in the file', async () => {
    const text = '\uFEFFexternalRef;name;city\r\nB-1;"Bäckerei\r\nMüller";Köln\r\nB-2;"Semi; Colon";Bonn\r\n;Nameless;Essen\r\n';
    const r = await run(ctx, 'accounts', fileWith('bom.csv', text), { defaults: { currency: 'EUR' } });
    expect(r.problems).toEqual([{ line: 5, column: 'externalRef', value: '', reason: 'is required' }]);
    const ok = await run(ctx, 'accounts', fileWith('bom2.csv', text.replace('\r\n;Nameless;Essen', '\r\nB-3;Nameless;Essen')), {
      defaults: { currency: 'EUR' },
    });
    expect(ok).toMatchObject({ status: 'succeeded', created: 3 });
    const rows = await ctx.database.query<{ name: string; currency: string }>(
      "select name, currency from accounts where external_ref like 'B-%' order by external_ref",
    );
    expect(rows).toEqual([
      { name: 'Bäckerei\r\nMüller', currency: 'EUR' },
      { name: 'Semi; Colon', currency: 'EUR' },
      { name: 'Nameless', currency: 'EUR' },
    ]);
  });

  it('reads dates in the mapping’s format and decimal commas; date-only times are 00:00 in the account’s zone', async () => {
    await ctx.database.query("update accounts set timezone = 'Europe/Berlin' where external_ref = 'B-1'");
    const file = fileWith(
      'eu-orders.csv',
      'Nr;Kunde;Datum;Betrag\nEU-1;B-1;16/07/1996;1.863,40\nEU-2;B-1;31/02/1996;5,5\nEU-3;B-1;01/08/1996;1,005\n',
    );
    const mapping = {
      fields: { number: 'Nr', accountRef: 'Kunde', placedAt: 'Datum', amount: 'Betrag' },
      dateFormat: 'dd/MM/yyyy',
      decimal: ',',
    };
    const bad = await run(ctx, 'orders', file, mapping);
    expect(bad.problems.map((p) => [p.line, p.column, p.reason])).toEqual([
      [3, 'Datum', 'is not a date in the form DD/MM/YYYY or YYYY-MM-DD'],
      [4, 'Betrag', 'has more decimals than EUR allows (2): "1.005"'],
    ]);
    const good = await run(ctx, 'orders', fileWith('eu-orders-ok.csv', 'Nr;Kunde;Datum;Betrag\nEU-1;B-1;16/07/1996;1.863,40\n'), mapping);
    expect(good.created).toBe(1);
    const [o] = await ctx.database.query<{ amount: string; currency: string; placed_at: Date }>(
      "select amount::text, currency, placed_at from orders where number = 'EU-1'",
    );
    expect(o).toEqual({ amount: '186340', currency: 'EUR', placed_at: new Date('1996-07-15T22:00:00.000Z') });
  });

  it('a dry run counts exactly and writes nothing; every import is recorded', async () => {
    const file = fileWith('dry.csv', 'externalRef,name\nD-1,Dry One\nB-1,Bäckerei Müller\n');
    const r = await run(ctx, 'accounts', file, { defaults: { currency: 'EUR' } }, { isDryRun: true });
    expect(r).toMatchObject({ status: 'succeeded', isDryRun: true, created: 1, updated: 1, unchanged: 0 });
    expect(await countRows(ctx.database, "accounts where external_ref = 'D-1'")).toBe(0);
    const [rec] = await ctx.database.query<Record<string, unknown>>(
      'select kind, status, is_dry_run, total_rows, created_count, updated_count, file_hash from imports where id = $1',
      [r.id],
    );
    expect(rec).toMatchObject({
      kind: 'accounts',
      status: 'succeeded',
      is_dry_run: true,
      total_rows: 2,
      created_count: 1,
      updated_count: 1,
    });
    expect(rec!['file_hash']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each(engines)('imports API on %s', (engine) => {
  const ctx = useTestApp(engine);
  let admin: Session;
  const upload = (fields: Record<string, string>, file?: { name: string; content: string | Buffer }) => {
    const body = multipart(fields, file);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });

  it('imports a small file at once: 201 with the import record', async () => {
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    const res = await upload(
      { kind: 'accounts', mapping: JSON.stringify({ externalRef: 'id', name: 'company' }), dryRun: 'false' },
      { name: 'companies.csv', content: 'id,company\nA-1,Acme\nA-2,Globex\n' },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({
      kind: 'accounts',
      fileName: 'companies.csv',
      status: 'succeeded',
      totalRows: 2,
      created: 2,
      createdBy: { id: admin.userId, name: 'Ada Admin' },
      source: 'api',
      problems: [],
    });
    expect(res.headers['location']).toBe(`/api/v1/imports/${json(res)['id'] as string}`);
  });

  it('refuses bad rows with 422 problem+json naming line, column, value and reason; nothing written', async () => {
    const res = await upload(
      { kind: 'orders' },
      { name: 'o.csv', content: 'number,accountRef,placedAt,amount\nO-1,A-1,2026-02-30,1.00\nO-2,NOPE,2026-02-01,1.00\n' },
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = json<{ code: string; errors: Record<string, unknown>[]; meta: { importId: string } }>(res);
    expect(body.code).toBe('imports.bad_row');
    expect(body.errors).toEqual([
      {
        path: 'line 2, column placedAt',
        message: expect.any(String),
        line: 2,
        column: 'placedAt',
        value: '2026-02-30',
        reason: 'is not a date YYYY-MM-DD (or a date-time with offset)',
      },
      {
        path: 'line 3, column accountRef',
        message: expect.any(String),
        line: 3,
        column: 'accountRef',
        value: 'NOPE',
        reason: 'is not the external reference of a customer or prospect account',
      },
    ]);
    expect(await countRows(ctx.database, 'orders')).toBe(0);
    const rec = await get(`/api/v1/imports/${body.meta.importId}`);
    expect(json(rec)).toMatchObject({ status: 'rejected', rejected: 2, problems: [{ line: 2 }, { line: 3 }] });
  });

  it('names wrong form fields and a bad mapping with 400', async () => {
    const res = await upload({ kind: 'widgets', dryRun: 'maybe' });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toEqual(['kind', 'file', 'dryRun']);
    const bad = await upload({ kind: 'orders', mapping: '{"nummer": "x"}' }, { name: 'o.csv', content: 'a\n1\n' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)['code']).toBe('imports.bad_mapping');
  });

  it('imports a large file in the background: 202, then the record to poll', async () => {
    const pad = 'x'.repeat(1000);
    const rows = ['externalRef,name,notes', ...Array.from({ length: 5300 }, (_, i) => `L-${i},Large ${i},${pad}`)];
    const res = await upload({ kind: 'accounts' }, { name: 'large.csv', content: rows.join('\n') });
    expect(res.statusCode, res.body).toBe(202);
    const id = json(res)['id'] as string;
    expect(res.headers['location']).toBe(`/api/v1/imports/${id}`);
    await ctx.app.ctx.backgroundImports.settled(id);
    expect(json(await get(`/api/v1/imports/${id}`))).toMatchObject({ status: 'succeeded', totalRows: 5300, created: 5300 });
  });

  it('lists imports newest first, paged', async () => {
    const first = await get('/api/v1/imports?limit=2');
    expect(first.statusCode).toBe(200);
    const page = json<{ items: { fileName: string }[]; nextCursor: string }>(first);
    expect(page.items).toHaveLength(2);
    const next = json<{ items: unknown[] }>(await get(`/api/v1/imports?limit=2&cursor=${page.nextCursor}`));
    expect(next.items.length).toBeGreaterThan(0);
  });

  it('documents the import routes in OpenAPI', async () => {
    const doc = json<{ paths: Record<string, Record<string, { description?: string }>> }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' }),
    );
    expect(doc.paths['/api/v1/imports']?.['post']?.description).toContain('multipart/form-data');
    expect(Object.keys(doc.paths)).toContain('/api/v1/imports/{id}');
  });
});

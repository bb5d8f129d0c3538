// The streaming import's guarantees (issue 3): repeated keys found by the database (both lines
// named), nothing visible from an import that fails part-way, and imports whose process died
// marked failed instead of 'running' forever.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  failInterruptedImports,
  importCsv,
  INTERRUPTED_IMPORT_ERROR,
  type ImportCsvInput,
  type ImportKind,
} from '../../src/domain/imports/index.js';
import { IMPORT_LOCK_CLASS, importLockKey } from '../../src/domain/imports/liveness.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, countRows, engines, signIn, useTestApp, type TestContext } from '../support/app.js';
import { useTempFiles } from '../support/temp-files.js';

const files = useTempFiles('import-staging');
const actor = systemActor('import test');

const fileWith = files.linesFile;

function run(ctx: TestContext, kind: ImportKind, file: string, more: Partial<ImportCsvInput> = {}) {
  return importCsv(contextFor(ctx, actor), { kind, file, ...more });
}

/** An orders file of `n` rows (more than one chunk of 2,000 when n > 2000) on the accounts. */
function orderLines(n: number, prefix: string): string[] {
  const rows = ['number,accountRef,placedAt,amount,shippedAt'];
  for (let i = 1; i <= n; i++) rows.push(`${prefix}-${i},A-${(i % 2) + 1},2026-01-05,${i}.00,${i % 3 === 0 ? '2026-01-09' : ''}`);
  return rows;
}

/** An import record as another process left it (by default 'running': the process died mid-import). */
async function insertImport(ctx: TestContext, status: 'running' | 'succeeded' = 'running'): Promise<string> {
  const [row] = await ctx.database.query<{ id: string }>(
    "insert into imports (kind, file_name, file_hash, status, source) values ('orders', 'killed.csv', 'x', $1, 'cli') returning id",
    [status],
  );
  return row!.id;
}

describe.each(engines)('streaming CSV import on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('names both lines of a number repeated across chunks, and writes nothing', async () => {
    const accounts = fileWith('accounts.csv', ['externalRef,name', 'A-1,Alpha', 'A-2,Beta']);
    expect((await run(ctx, 'accounts', accounts, { mapping: { defaults: { currency: 'USD' } } })).created).toBe(2);
    const lines = orderLines(4500, 'D');
    lines[4001] = lines[4001]!.replace('D-4001,', 'D-3,'); // line 4002 repeats line 4 (another chunk)
    lines[4101] = lines[4101]!.replace('D-4101,', 'D-3,'); // and line 4102 too
    const r = await run(ctx, 'orders', fileWith('dups.csv', lines));
    expect(r.status).toBe('rejected');
    expect(r.problems).toEqual([
      { line: 4002, column: 'number', value: 'D-3', reason: 'repeats the number of line 4' },
      { line: 4102, column: 'number', value: 'D-3', reason: 'repeats the number of line 4' },
    ]);
    expect(await countRows(ctx.database, 'orders')).toBe(0);
  });

  it('with skipBadRows keeps the first of repeated numbers and puts the others in the rejects file', async () => {
    const lines = orderLines(2500, 'K');
    lines[2301] = lines[2301]!.replace('K-2301,', 'K-7,');
    const rejectsPath = path.join(files.dir, 'skip.rejects.csv');
    const r = await run(ctx, 'orders', fileWith('skip.csv', lines), { shouldSkipBadRows: true, rejectsPath });
    expect(r).toMatchObject({ status: 'succeeded', created: 2499, rejected: 1 });
    expect(readFileSync(rejectsPath, 'utf8')).toBe(
      `number,accountRef,placedAt,amount,shippedAt,problem\r\n${lines[2301]},"line 2302, column number: repeats the number of line 8"\r\n`,
    );
    const [k7] = await ctx.database.query<{ amount: string }>("select amount::text from orders where number = 'K-7'");
    expect(k7!.amount).toBe('700');
    const again = await run(ctx, 'orders', fileWith('skip.csv', lines), { shouldSkipBadRows: true });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2499, rejected: 1 });
  });

  it('a failure after rows were written leaves none of them visible, and the import failed', async () => {
    const ordersBefore = await countRows(ctx.database, 'orders');
    const eventsBefore = await countRows(ctx.database, 'order_events');
    const boom = new Error('disk full (simulated)');
    const failing = run(ctx, 'orders', fileWith('fails.csv', orderLines(3000, 'F')), {
      // Thrown once the orders and their events are written, inside the transaction.
      onProgress: (p) => {
        if (p.written !== undefined && p.written > 0) throw boom;
      },
    });
    await expect(failing).rejects.toBe(boom);
    expect(await countRows(ctx.database, 'orders')).toBe(ordersBefore);
    expect(await countRows(ctx.database, 'order_events')).toBe(eventsBefore);
    expect(await countRows(ctx.database, "orders where number like 'F-%'")).toBe(0);
    const [rec] = await ctx.database.query<{ status: string }>("select status from imports where file_name = 'fails.csv'");
    expect(rec!.status).toBe('failed');

    // A kind written chunk by chunk: the third chunk fails after two were written.
    const accountsBefore = await countRows(ctx.database, 'accounts');
    const rows = ['externalRef,name', ...Array.from({ length: 5000 }, (_, i) => `X-${i},Company ${i}`)];
    const chunked = run(ctx, 'accounts', fileWith('accounts-fail.csv', rows), {
      mapping: { defaults: { currency: 'USD' } },
      onProgress: (p) => {
        if (p.rows > 4000) throw boom;
      },
    });
    await expect(chunked).rejects.toBe(boom);
    expect(await countRows(ctx.database, 'accounts')).toBe(accountsBefore);
  });

  it('marks failed an import left running by a process that is gone, at the start of the next import', async () => {
    const dead = await insertImport(ctx);
    const finished = await insertImport(ctx, 'succeeded');
    const r = await run(ctx, 'accounts', fileWith('next.csv', ['externalRef,name', 'N-1,Next']), {
      mapping: { defaults: { currency: 'USD' } },
    });
    expect(r.status).toBe('succeeded');
    const rows = await ctx.database.query<{ id: string; status: string; error: string | null; finished_at: Date | null }>(
      'select id, status, error, finished_at from imports where id = any($1)',
      [[dead, finished, r.id]],
    );
    const record = (id: string) => rows.find((x) => x.id === id)!;
    expect(record(dead)).toMatchObject({ status: 'failed', error: INTERRUPTED_IMPORT_ERROR });
    // Marked by the next import, as it started.
    expect(new Date(record(dead).finished_at!).toISOString()).toBe(ctx.clock.now().toISOString());
    // Only the dead one: an import that had finished, and the next import itself, keep their records.
    expect(record(finished)).toMatchObject({ status: 'succeeded', error: null, finished_at: null });
    expect(record(r.id)).toMatchObject({ status: 'succeeded', error: null });
  });

  // Issue 9 (14): a killed CLI import showed `running` until the next import.
  it('says an import whose process is gone failed as soon as someone looks at the imports', async () => {
    const dead = await insertImport(ctx);
    const admin = await signIn(ctx, ['admin']);
    const one = await ctx.app.inject({ method: 'GET', url: `/api/v1/imports/${dead}`, headers: { cookie: admin.cookie } });
    expect(one.json()).toMatchObject({ status: 'failed', error: INTERRUPTED_IMPORT_ERROR });
    const other = await insertImport(ctx);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/imports?limit=100', headers: { cookie: admin.cookie } });
    expect(list.json<{ items: { id: string; status: string }[] }>().items.find((i) => i.id === other)).toMatchObject({ status: 'failed' });
  });

  it('leaves alone an import that is still running in this process', async () => {
    const seen: { check?: Promise<string[]> } = {};
    const r = await run(ctx, 'orders', fileWith('live.csv', orderLines(2500, 'L')), {
      // Started while the import runs (the record says 'running').
      onProgress: () => void (seen.check ??= failInterruptedImports(contextFor(ctx))),
    });
    expect(seen.check).toBeDefined();
    expect(await seen.check).toEqual([]);
    expect(r.status).toBe('succeeded');
    const [rec] = await ctx.database.query<{ status: string }>('select status from imports where id = $1', [r.id]);
    expect(rec!.status).toBe('succeeded');
  });
});

// Another process's import is told apart by its advisory lock, which only PostgreSQL has between
// processes (PGlite is one process per data folder).
describe.runIf(engines.includes('postgres'))('interrupted imports on PostgreSQL, across processes', () => {
  const ctx = useTestApp('postgres');

  it('an import whose lock another connection holds is alive; once that connection ends, it is marked failed', async () => {
    const id = await insertImport(ctx);
    // Stands for another process running that import: its own connection holding the lock.
    const other = new pg.Client({ connectionString: (ctx.database.pool!.options as { connectionString: string }).connectionString });
    await other.connect();
    await other.query('select pg_advisory_lock($1, $2)', [IMPORT_LOCK_CLASS, importLockKey(id)]);
    expect(await failInterruptedImports(contextFor(ctx))).toEqual([]);
    await other.end(); // the process dies: the server drops its connection and its locks
    expect(await failInterruptedImports(contextFor(ctx))).toEqual([id]);
    const [rec] = await ctx.database.query<{ status: string; error: string }>('select status, error from imports where id = $1', [id]);
    expect(rec).toEqual({ status: 'failed', error: INTERRUPTED_IMPORT_ERROR });
  });
});

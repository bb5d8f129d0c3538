// An orders import on PGlite runs in steps (issue 9, decision 0023): each chunk of the file is its
// own short transaction, so the app's other requests are answered between two chunks instead of
// waiting for the whole file; what the steps wrote stays hidden from them until the last step
// publishes the import, and is deleted when the file is rejected or the process died. On
// PostgreSQL the import stays one transaction and stages nothing.
import { describe, expect, it } from 'vitest';
import {
  failInterruptedImports,
  importCsv,
  INTERRUPTED_IMPORT_ERROR,
  SETTLED_AFTER_RESTART,
  type ImportCsvInput,
} from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, signIn, useTestApp, type TestContext } from '../support/app.js';
import { useTempFiles } from '../support/temp-files.js';

const files = useTempFiles('import-steps');
const actor = systemActor('import test');
const fileWith = files.linesFile;

/** `n` orders numbered `prefix-1…n` on the accounts S-1 and S-2: several chunks (steps) of the import from 2,500 on. */
function orderLines(n: number, prefix: string): string[] {
  const rows = ['number,accountRef,placedAt,amount'];
  for (let i = 1; i <= n; i++) rows.push(`${prefix}-${i},S-${(i % 2) + 1},2026-01-05,${i}.00`);
  return rows;
}

function run(ctx: TestContext, file: string, more: Partial<ImportCsvInput> = {}) {
  return importCsv(contextFor(ctx, actor), { kind: 'orders', file, ...more });
}

/** Orders whose number starts with `prefix`, as the app sees them. */
async function visible(ctx: TestContext, prefix: string): Promise<number> {
  const [r] = await ctx.database.query<{ n: number }>(`select count(*)::int as n from orders where number like $1`, [`${prefix}-%`]);
  return r!.n;
}

/** The same, hidden ones included: as the database's superuser, whom no policy hides anything from. */
async function stored(ctx: TestContext, prefix: string): Promise<number> {
  if (ctx.engine === 'postgres') return visible(ctx, prefix);
  const [, , r] = await ctx.database.pglite!.exec(
    `begin; set local role postgres; select count(*)::int as n from orders where number like '${prefix}-%'; commit;`,
  );
  return (r!.rows[0] as { n: number }).n;
}

describe.each(engines)('an orders import on %s', (engine) => {
  const ctx = useTestApp(engine);
  /** One number the app reads (`valueSql`), and whether the import of `fileName` was published when it read it: one statement. */
  const stateOf = async (fileName: string, valueSql: string) => {
    const [r] = await ctx.database.query<{ value: number; published: boolean | null }>(
      `select (${valueSql})::int as value, (select bool_or(is_published) from imports where file_name = $1) as published`,
      [fileName],
    );
    return { value: r!.value, isPublished: r!.published === true };
  };
  let accountsReady: Promise<void> | null = null;
  const withAccounts = () =>
    (accountsReady ??= (async () => {
      const accounts = fileWith('accounts.csv', ['externalRef,name', 'S-1,Steps One', 'S-2,Steps Two']);
      const r = await importCsv(contextFor(ctx, actor), { kind: 'accounts', file: accounts, mapping: { defaults: { currency: 'USD' } } });
      if (r.status !== 'succeeded') throw new Error(`accounts import ${r.status}`);
    })());

  it('lets other requests in between its chunks, which see none of the file until all of it appears at once', async () => {
    await withAccounts();
    const admin = await signIn(ctx, ['admin']);
    // What a request made while the import runs sees: started from the progress callback, which
    // the import calls after each chunk (and as its last step writes).
    const seen: Promise<{ page: number } & Awaited<ReturnType<typeof stateOf>>>[] = [];
    const result = await run(ctx, fileWith('steps.csv', orderLines(5000, 'ST')), {
      onProgress: () => {
        seen.push(
          (async () => {
            const page = await ctx.app.inject({ method: 'GET', url: '/api/v1/accounts?limit=25', headers: { cookie: admin.cookie } });
            return { page: page.statusCode, ...(await stateOf('steps.csv', `select count(*)::int from orders where number like 'ST-%'`)) };
          })(),
        );
      },
    });
    expect(result).toMatchObject({ status: 'succeeded', created: 5000 });
    const answers = await Promise.all(seen);
    expect(answers.length).toBeGreaterThan(2);
    expect(answers.every((a) => a.page === 200)).toBe(true);
    // Never a part of the file: none of it, or all of it.
    expect(answers.every((a) => a.value === 0 || a.value === 5000)).toBe(true);
    if (engine === 'pglite') {
      // Reads were answered while the import ran (before it was published), and saw none of it.
      const before = answers.filter((a) => !a.isPublished);
      expect(before.length).toBeGreaterThan(1);
      expect(before.every((a) => a.value === 0)).toBe(true);
      expect(answers.filter((a) => a.isPublished).every((a) => a.value === 5000)).toBe(true);
    }
    expect(await visible(ctx, 'ST')).toBe(5000);
    // The accounts' statistics count the file.
    const [stats] = await ctx.database.query<{ n: number }>(
      `select sum(order_count)::int as n from accounts where external_ref in ('S-1', 'S-2')`,
    );
    expect(stats!.n).toBe(5000);
  });

  it('changes an order that existed only in its last step: until then a read sees the order as it was', async () => {
    await withAccounts();
    expect((await run(ctx, fileWith('before.csv', ['number,accountRef,placedAt,amount', 'CH-1,S-1,2026-01-05,10.00']))).status).toBe(
      'succeeded',
    );
    const lines = orderLines(4500, 'CN');
    lines.push('CH-1,S-1,2026-01-05,99.00');
    const seen: ReturnType<typeof stateOf>[] = [];
    const result = await run(ctx, fileWith('change.csv', lines), {
      onProgress: () => seen.push(stateOf('change.csv', `select amount from orders where number = 'CH-1'`)),
    });
    expect(result).toMatchObject({ status: 'succeeded', created: 4500, updated: 1 });
    const answers = await Promise.all(seen);
    expect(answers.every((a) => a.value === 1000 || a.value === 9900)).toBe(true);
    if (engine === 'pglite') {
      const before = answers.filter((a) => !a.isPublished);
      expect(before.length).toBeGreaterThan(1);
      expect(before.every((a) => a.value === 1000)).toBe(true);
    }
    const [after] = await ctx.database.query<{ amount: string }>(`select amount::text from orders where number = 'CH-1'`);
    expect(after!.amount).toBe('9900');
    const events = await ctx.database.query<{ changes: Record<string, unknown> }>(
      `select e.changes from order_events e join orders o on o.id = e.order_id where o.number = 'CH-1' and e.kind = 'updated'`,
    );
    expect(events.map((e) => e.changes)).toEqual([{ amount: { from: '10.00', to: '99.00' } }]);
  });

  it('runs two orders files started together, each whole (on PGlite one after the other)', async () => {
    await withAccounts();
    const [a, b] = await Promise.all([
      run(ctx, fileWith('twin-a.csv', orderLines(4500, 'TA'))),
      run(ctx, fileWith('twin-b.csv', orderLines(2500, 'TB'))),
    ]);
    expect(a).toMatchObject({ status: 'succeeded', created: 4500 });
    expect(b).toMatchObject({ status: 'succeeded', created: 2500 });
    expect([await visible(ctx, 'TA'), await visible(ctx, 'TB')]).toEqual([4500, 2500]);
  });

  it('keeps nothing of a file rejected in its last chunk, not even hidden', async () => {
    await withAccounts();
    const lines = orderLines(4500, 'RJ');
    lines[4400] = 'RJ-4400,S-1,not a date,1.00';
    const result = await run(ctx, fileWith('rejected.csv', lines));
    expect(result).toMatchObject({ status: 'rejected', created: 0 });
    expect(result.problems[0]).toMatchObject({ line: 4401, column: 'placedAt' });
    expect(await stored(ctx, 'RJ')).toBe(0);
    // Its numbers are free: the corrected file imports whole.
    lines[4400] = 'RJ-4400,S-1,2026-01-05,1.00';
    expect(await run(ctx, fileWith('corrected.csv', lines))).toMatchObject({ status: 'succeeded', created: 4500 });
  });

  it('leaves no order staged once published, on either engine the way it runs there', async () => {
    await withAccounts();
    const result = await run(ctx, fileWith('marks.csv', orderLines(2500, 'MK')));
    expect(result.status).toBe('succeeded');
    const [r] = await ctx.database.query<{ staged: number; published: boolean }>(
      `select (select count(*)::int from orders where number like 'MK-%' and staged_import_id is not null) as staged,
              (select is_published from imports where id = $1) as published`,
      [result.id],
    );
    // PGlite: the rows keep the id of the import that wrote them, visible through its published
    // record; PostgreSQL: one transaction, nothing staged.
    expect(r).toEqual(engine === 'pglite' ? { staged: 2500, published: true } : { staged: 0, published: false });
  });
});

// What only an import in steps leaves behind when its process dies: PGlite only (on PostgreSQL
// an import is one transaction, and crash-import.test.ts kills it on both engines).
describe('an orders import in steps whose process died, on pglite', () => {
  const ctx = useTestApp('pglite');

  it('hides the orders of an import whose process died, and deletes them at the next start', async () => {
    // What a process killed between two steps leaves: an import 'running', its first chunks' orders staged.
    const [imp] = await ctx.database.query<{ id: string }>(
      "insert into imports (kind, file_name, file_hash, status, source) values ('orders', 'killed.csv', 'x', 'running', 'cli') returning id",
    );
    const [account] = await ctx.database.query<{ id: string }>(
      `insert into accounts (name, kind, external_ref, currency) values ('Killed', 'customer', 'KL-1', 'USD') returning id`,
    );
    await ctx.database.pglite!.transaction(async (tx) => {
      await tx.query(`select set_config('rapport.import', $1, true)`, [imp!.id]);
      await tx.query(
        `insert into orders (number, account_id, placed_at, amount, currency, staged_import_id)
         select 'KL-' || i, $1, now(), 100, 'USD', $2 from generate_series(1, 50) i`,
        [account!.id, imp!.id],
      );
    });
    expect(await visible(ctx, 'KL')).toBe(0);
    expect(await stored(ctx, 'KL')).toBe(50);
    expect(await failInterruptedImports(contextFor(ctx))).toEqual([imp!.id]);
    expect(await stored(ctx, 'KL')).toBe(0);
    const [record] = await ctx.database.query<{ status: string; error: string }>(`select status, error from imports where id = $1`, [
      imp!.id,
    ]);
    expect(record).toEqual({ status: 'failed', error: INTERRUPTED_IMPORT_ERROR });
  });

  it('finishes at the next start an import whose process died after its file appeared', async () => {
    // Killed after the last step published the file, before the accounts' statistics were refreshed.
    const [imp] = await ctx.database.query<{ id: string }>(
      "insert into imports (kind, file_name, file_hash, status, source, is_published) values ('orders', 'late.csv', 'x', 'running', 'cli', true) returning id",
    );
    const [account] = await ctx.database.query<{ id: string; n: number }>(
      `insert into accounts (name, kind, external_ref, currency) values ('Late Stats', 'customer', 'LS-1', 'USD') returning id, order_count as n`,
    );
    await ctx.database.query(
      `insert into orders (number, account_id, placed_at, amount, currency, staged_import_id)
       select 'LS-' || i, $1, timestamptz '2026-02-01T10:00:00Z' + i * interval '1 day', 100, 'USD', $2 from generate_series(1, 3) i`,
      [account!.id, imp!.id],
    );
    expect(account!.n).toBe(0);
    expect(await visible(ctx, 'LS')).toBe(3);
    expect(await failInterruptedImports(contextFor(ctx))).toEqual([]);
    const [after] = await ctx.database.query<{ n: number; first: string }>(
      `select a.order_count as n, o.number as first from accounts a join orders o on o.id = a.first_order_id where a.id = $1`,
      [account!.id],
    );
    expect(after).toEqual({ n: 3, first: 'LS-1' });
    expect(await visible(ctx, 'LS')).toBe(3);
    const [record] = await ctx.database.query<{ status: string; error: string }>(`select status, error from imports where id = $1`, [
      imp!.id,
    ]);
    expect(record).toEqual({ status: 'succeeded', error: SETTLED_AFTER_RESTART });
  });
});

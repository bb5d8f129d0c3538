// A small driver for the daily sweep benchmark alone (npm run bench runs it with the others):
// generates a dataset once per engine and size (kept for the next run), prints the selection
// table, then times a first real sweep (selection + event writes) on a throw-away copy.
//   npx tsx bench/daily-sweep-run.ts --engine pglite,postgres --size S --runs 5
//   npx tsx bench/daily-sweep-run.ts --engine postgres --orders 100000 --accounts 10000
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { runSweep } from '../src/domain/sweep/index.js';
import { packageRoot } from '../src/paths.js';
import { renderDailySweep, runDailySweepBench, type DailySweepBenchResult } from './daily-sweep.js';
import { generateDataset, SIZES, type SizeName } from './generate.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    accounts: { type: 'string' },
    orders: { type: 'string' },
    engine: { type: 'string', default: 'pglite,postgres' },
    runs: { type: 'string', default: '5' },
    'as-of': { type: 'string', default: '2026-06-30' },
    'database-url': { type: 'string', default: process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    fresh: { type: 'boolean', default: false },
    writes: { type: 'boolean', default: true },
  },
});

const size = SIZES[values.size.toUpperCase() as SizeName];
if (!size) throw new Error(`--size must be S, M or L, not ${values.size}`);
const accounts = Number(values.accounts ?? size.accounts);
const orders = Number(values.orders ?? size.orders);
const tag = `${accounts}a_${orders}o`;
const log = (line: string) => void process.stderr.write(`${line}\n`);
const withDb = (name: string) => {
  const u = new URL(values['database-url']);
  u.pathname = `/${name}`;
  return u.toString();
};
async function admin(text: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: values['database-url'] });
  await c.connect();
  try {
    return (await c.query<Record<string, unknown>>(text)).rows;
  } finally {
    await c.end();
  }
}

/** Opens the dataset for an engine, generating it the first time (or with --fresh). */
async function dataset(
  engine: 'pglite' | 'postgres',
): Promise<{ database: Database; copy: () => Promise<{ database: Database; drop: () => Promise<void> }> }> {
  if (engine === 'pglite') {
    const dir = path.join(packageRoot, '.tmp', 'bench', `sweep-pglite-${tag}`);
    const ready = path.join(dir, '.generated');
    if (values.fresh || !existsSync(ready)) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const database = await openDatabase({ dataDir: dir });
      await database.migrate();
      await generateDataset(database, { accounts, orders, progress: log });
      await database.close();
      writeFileSync(ready, '');
    }
    return {
      database: await openDatabase({ dataDir: dir }),
      copy: async () => {
        const to = `${dir}-copy`;
        rmSync(to, { recursive: true, force: true });
        cpSync(dir, to, { recursive: true });
        rmSync(path.join(to, 'postmaster.pid'), { force: true });
        const database = await openDatabase({ dataDir: to });
        return { database, drop: async () => (await database.close(), rmSync(to, { recursive: true, force: true })) };
      },
    };
  }
  const name = `rapport_sweep_bench_${tag}`;
  const exists = (await admin(`select 1 from pg_database where datname = '${name}'`)).length > 0;
  if (values.fresh || !exists) {
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`create database ${name}`);
    const database = await openDatabase({ databaseUrl: withDb(name) });
    await database.migrate();
    await generateDataset(database, { accounts, orders, progress: log });
    await database.close();
  }
  return {
    database: await openDatabase({ databaseUrl: withDb(name) }),
    copy: async () => {
      const to = `${name}_copy`;
      await admin(`drop database if exists ${to} with (force)`);
      await admin(`create database ${to} template ${name}`);
      const database = await openDatabase({ databaseUrl: withDb(to) });
      return { database, drop: async () => (await database.close(), void (await admin(`drop database if exists ${to} with (force)`))) };
    },
  };
}

const results: DailySweepBenchResult[] = [];
const writes: string[] = [];
for (const engine of values.engine.split(',').map((e) => e.trim()) as ('pglite' | 'postgres')[]) {
  const { database, copy } = await dataset(engine);
  results.push(await runDailySweepBench(database, { asOf: values['as-of'], runs: Number(values.runs), label: `${engine} ${tag}` }));
  await database.close();
  if (values.writes) {
    // The first sweep after an import: every episode is new, so this is the write-heavy case.
    const c = await copy();
    try {
      const t = performance.now();
      const r = await runSweep({ db: c.database.db, now: new Date(`${values['as-of']}T12:00:00Z`) }, { asOf: values['as-of'] });
      const ms = performance.now() - t;
      const n = Object.values(r.emitted).reduce((a, b) => a + b, 0);
      writes.push(`| ${engine} ${tag} | ${n} | ${ms.toFixed(0)} |`);
    } finally {
      await c.drop();
    }
  }
}
process.stdout.write(renderDailySweep(results));
if (writes.length > 0)
  process.stdout.write(['', '| first real sweep | events written | ms |', '|---|---:|---:|', ...writes, ''].join('\n'));

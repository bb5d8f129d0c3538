// A driver for the kpis benchmark alone (bench/kpis.ts), on the datasets bench/daily-sweep-run.ts
// generates and keeps (.tmp/bench/sweep-pglite-<size>, database rapport_sweep_bench_<size>).
//   npx tsc -p tsconfig.bench.json && node dist/bench/bench/kpis-run.js --engine pglite,postgres --size S --runs 5
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { packageRoot } from '../src/paths.js';
import { generateDataset, SIZES, type SizeName } from './generate.js';
import { renderKpis, runKpisBench, type KpisBenchResult } from './kpis.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    engine: { type: 'string', default: 'pglite,postgres' },
    runs: { type: 'string', default: '5' },
    'as-of': { type: 'string', default: '2026-06-30' },
    'database-url': { type: 'string', default: process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const size = SIZES[values.size.toUpperCase() as SizeName];
if (!size) throw new Error(`--size must be S, M or L, not ${values.size}`);
const tag = `${size.accounts}a_${size.orders}o`;
const log = (line: string) => void process.stderr.write(`${line}\n`);

async function dataset(engine: 'pglite' | 'postgres'): Promise<Database> {
  if (engine === 'pglite') {
    const dir = path.join(packageRoot, '.tmp', 'bench', `sweep-pglite-${tag}`);
    if (!existsSync(path.join(dir, '.generated'))) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const database = await openDatabase({ dataDir: dir });
      await database.migrate();
      await generateDataset(database, { ...size, progress: log });
      await database.close();
      writeFileSync(path.join(dir, '.generated'), '');
    }
    return openDatabase({ dataDir: dir });
  }
  const name = `rapport_sweep_bench_${tag}`;
  const url = new URL(values['database-url']);
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = '${name}'`)).rowCount! > 0;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  if (!exists) {
    await database.migrate();
    await generateDataset(database, { ...size, progress: log });
  }
  return database;
}

const results: KpisBenchResult[] = [];
for (const engine of values.engine.split(',').map((e) => e.trim()) as ('pglite' | 'postgres')[]) {
  const database = await dataset(engine);
  await database.migrate();
  results.push(await runKpisBench(database, { asOf: values['as-of'], runs: Number(values.runs), label: `${engine} ${tag}` }));
  await database.close();
}
process.stdout.write(renderKpis(results));

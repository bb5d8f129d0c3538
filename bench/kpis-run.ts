// A driver for the kpis benchmark alone (bench/kpis.ts), printing its table, on the kept datasets
// (bench/kept-dataset.ts). `npm run bench -- --only kpis` writes the same into docs/benchmarks.md.
//   npx tsc -p tsconfig.bench.json && node dist/bench/bench/kpis-run.js --engine pglite,postgres --size S --runs 5
import { parseArgs } from 'node:util';
import { SIZES, type SizeName } from './generate.js';
import { openKeptDataset } from './kept-dataset.js';
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
const sizeName = values.size.toUpperCase() as SizeName;
const size = SIZES[sizeName];
if (!size) throw new Error(`--size must be S, M or L, not ${values.size}`);
const tag = `${size.accounts}a_${size.orders}o`;
const log = (line: string) => void process.stderr.write(`${line}\n`);

const results: KpisBenchResult[] = [];
for (const engine of values.engine.split(',').map((e) => e.trim()) as ('pglite' | 'postgres')[]) {
  const database = await openKeptDataset(engine, sizeName, { databaseUrl: values['database-url'], log });
  results.push(await runKpisBench(database, { asOf: values['as-of'], runs: Number(values.runs), label: `${engine} ${tag}` }));
  await database.close();
}
process.stdout.write(renderKpis(results));

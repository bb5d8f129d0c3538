// `npm run bench`: generates each dataset, runs every benchmark ≥ 3 times on each engine with its
// baseline in the same run, and writes docs/benchmarks.md. Benchmarks, not tests: nothing here
// fails on a slow figure; a missed goal is reported with the margin.
//   npm run bench -- --size S --engine pglite --runs 3
//   npm run bench -- --size L --engine postgres      (L only on PostgreSQL, only when asked)
//   npm run bench -- --only load --engine pglite,postgres   (only the mixed load, 60 s per engine:
//     rewrites the load section of docs/benchmarks.md and keeps every other figure)
//   npm run bench -- --only web                       (only the first screen in Chromium: initial JS
//     and My day ready time, bench/web.ts; needs npm run build:web)
//   npm run bench -- --only kpis                      (only the kpis beside the hand-written SQL, on the kept
//     datasets of bench/kept-dataset.ts)
//   npm run bench -- --only import                    (only import vs COPY, and the sales import, at
//     S and M on both engines, each on a fresh database)
//   npm run bench -- --only reads --engine pglite     (only page reads during a 1M-row orders import,
//     bench/reads-during-import.ts; --reads-rows N for another size, 0 leaves it out of a full run)
//   npm run bench -- --load-seconds 0                 (a full run without the load)
//   npm run bench -- --smoke   (CI: every benchmark once on the XS dataset, short windows, written
//     to .tmp/bench/smoke.md and never to docs/benchmarks.md; it checks the benchmarks run, not figures)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { buildApp } from '../src/http/app.js';
import { packageRoot } from '../src/paths.js';
import { createBenchToken, runApiReads, type ApiReadsOptions, type ApiReadsRun, type Scenario } from './api-reads.js';
import { renderDailySweep, runDailySweepBench, type DailySweepBenchResult } from './daily-sweep.js';
import { KPIS_HEADING, renderKpis, runKpisBench, type KpisBenchResult } from './kpis.js';
import { openKeptDataset } from './kept-dataset.js';
import { renderEventLatency, renderTrackingLatency, runEventLatency, type EventLatencyResult } from './event-latency.js';
import { generateDataset, SIZES, type GenerateResult, type SizeName } from './generate.js';
import { freshDatabase, measureImportVsCopy, type ImportVsCopyResult } from './import-vs-copy.js';
import { runLoadBench, type LoadBenchResult } from './load.js';
import {
  extractSection,
  IMPORT_HEADING,
  LOAD_HEADING,
  renderImport,
  renderLoad,
  renderReport,
  spliceSection,
  type EngineSizeResult,
} from './report.js';
import {
  measureReadsDuringImport,
  READS_DURING_IMPORT_HEADING,
  renderReadsDuringImport,
  type ReadsDuringImportResult,
} from './reads-during-import.js';
import { renderWeb, runWebBench, WEB_HEADING } from './web.js';

type Engine = 'pglite' | 'postgres';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'S,M' },
    engine: { type: 'string', default: 'pglite,postgres' },
    runs: { type: 'string', default: '3' },
    'rate-seconds': { type: 'string', default: '8' },
    'saturation-seconds': { type: 'string', default: '6' },
    'database-url': { type: 'string', default: process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string', default: path.join(packageRoot, 'docs', 'benchmarks.md') },
    keep: { type: 'boolean', default: false },
    // 1M-row imports take minutes each: M is measured once unless asked (the report says how many).
    'm-import-runs': { type: 'string', default: '1' },
    // Which import-vs-COPY cases to run: sizes, each optionally limited to one engine (`S,M:postgres`).
    import: { type: 'string', default: 'S,M' },
    'latency-samples': { type: 'string', default: '200' },
    // Mixed reads and writes at a constant rate (bench/load.ts), on a fresh database per engine.
    'load-seconds': { type: 'string', default: '60' },
    'load-rate': { type: 'string', default: '200' },
    // Page reads during an orders import of this many rows, on each engine (bench/reads-during-import.ts);
    // 0 leaves it out. The goal is set for 1M rows on PGlite.
    'reads-rows': { type: 'string', default: '1000000' },
    // `load` / `web`: run only that and rewrite only its section of --out.
    only: { type: 'string' },
    smoke: { type: 'boolean', default: false },
  },
});
const smoke = values.smoke;
const outFile = smoke ? path.join(packageRoot, '.tmp', 'bench', 'smoke.md') : values.out;

const sizes = (smoke ? 'XS' : values.size).split(',').map((s) => s.trim().toUpperCase()) as SizeName[];
const enginesWanted = values.engine.split(',').map((s) => s.trim());
const runs = smoke ? 1 : Math.max(3, Number(values.runs));
const options: ApiReadsOptions = {
  rate: 200,
  rateSeconds: smoke ? 1 : Number(values['rate-seconds']),
  saturationSeconds: smoke ? 1 : Number(values['saturation-seconds']),
  saturationConnections: 10,
};
const log = (line: string) => void process.stderr.write(`${line}\n`);
// My day's ready time varies by half a second between cold loads of one build on a 2-core machine:
// its median takes more runs than the server figures do.
const webRuns = smoke ? 1 : Math.max(runs, 9);

for (const s of sizes) if (!(s in SIZES)) throw new Error(`--size must be XS, S, M or L, not ${s}`);
for (const e of enginesWanted) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engine must be pglite or postgres, not ${e}`);
const engineList = enginesWanted as Engine[];
const only = values.only?.split(',').map((s) => s.trim());
if (only && only.some((o) => !['load', 'web', 'kpis', 'import', 'reads'].includes(o)))
  throw new Error(`--only takes load, web, kpis, import or reads (the other benchmarks run together), not ${values.only}`);
const loadSeconds = smoke ? 2 : Number(values['load-seconds']);
const latencySamples = smoke ? 5 : Number(values['latency-samples']);
const importCases = smoke ? 'XS' : values.import;
const loadRate = Number(values['load-rate']);
if (!(loadSeconds >= 0) || !(loadRate > 0)) throw new Error('--load-seconds must be ≥ 0 and --load-rate > 0');
const machineNow = (loadBefore: number[]) => ({
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: os.totalmem() / 2 ** 30,
  os: `${os.type()} ${os.release()}`,
  loadBefore,
  loadAfter: os.loadavg(),
});

interface Prepared {
  location: string;
  database: Database;
  cleanup: () => Promise<void>;
}

async function prepare(engine: Engine, size: SizeName): Promise<Prepared> {
  if (engine === 'pglite') {
    const dir = path.join(packageRoot, '.tmp', 'bench', `pglite-${size}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const database = await openDatabase({ dataDir: dir });
    return { location: dir, database, cleanup: async () => void (values.keep || rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `rapport_bench_${size.toLowerCase()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: values['database-url'] });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(values['database-url']);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    location: url.toString(),
    database,
    cleanup: async () => {
      if (values.keep) return;
      const a = new pg.Client({ connectionString: values['database-url'] });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The read paths, found through the real API: list pages follow `nextCursor`. */
async function scenariosFor(database: Database, token: string, gen: GenerateResult): Promise<Scenario[]> {
  const app = await buildApp({
    database,
    config: loadConfig({ RAPPORT_DATA_DIR: '.tmp/unused', LOG_LEVEL: 'silent' }, { rateLimitPerMinute: 1e8 }),
    serveWeb: false,
  });
  try {
    const laterPages: string[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= 40; page++) {
      const url: string = `/api/v1/accounts?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
      if (page > 20) laterPages.push(url);
      cursor = res.json<{ nextCursor: string | null }>().nextCursor;
      if (!cursor) break;
    }
    if (laterPages.length === 0) throw new Error('too few accounts for a later page');
    return [
      { name: 'accounts, first page', paths: ['/api/v1/accounts?limit=25'] },
      { name: 'accounts, pages 21–40 (cursor)', paths: laterPages },
      { name: 'account timeline', paths: gen.sampleAccountIds.map((id) => `/api/v1/accounts/${id}/timeline?limit=25`) },
      { name: 'order page', paths: gen.sampleOrderIds.map((id) => `/api/v1/orders/${id}`) },
    ];
  } finally {
    await app.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function medians(results: ApiReadsRun[]): EngineSizeResult['reads'] {
  const names = Object.keys(results[0]!.rate);
  return {
    rate: Object.fromEntries(
      names.map((n) => [
        n,
        {
          p50: median(results.map((r) => r.rate[n]!.p50)),
          p99: median(results.map((r) => r.rate[n]!.p99)),
          p99s: results.map((r) => r.rate[n]!.p99),
          achievedRps: median(results.map((r) => r.rate[n]!.achievedRps)),
          failed: results.reduce((a, r) => a + r.rate[n]!.non2xx + r.rate[n]!.errors, 0),
        },
      ]),
    ),
    saturation: Object.fromEntries(
      names.map((n) => [n, { rps: median(results.map((r) => r.saturation[n]!)), runs: results.map((r) => r.saturation[n]!) }]),
    ),
    rssBytes: median(results.map((r) => r.rssBytes)),
  };
}

/**
 * Import vs COPY (issue 3): `rapport import orders FILE` (importCsv) against a bare COPY of the
 * same rows, each on a fresh database of its own, at every size and engine of this run (L: skipped,
 * 10 M rows would take the bench past an hour). Median of `runs` runs.
 */
async function importVsCopy(): Promise<ImportVsCopyResult[]> {
  const out: ImportVsCopyResult[] = [];
  for (const engine of engineList) {
    for (const size of sizes) {
      if (size === 'L') continue;
      const wanted = importCases.split(',').map((x) => x.trim().split(':'));
      if (!wanted.some(([s, e]) => s?.toUpperCase() === size && (e === undefined || e === engine))) continue;
      log(`== import vs COPY: ${engine}, ${SIZES[size].orders.toLocaleString('en')} orders`);
      const { database, drop } = await freshDatabase(engine, values['database-url'], `${engine}-${size}`);
      try {
        out.push({
          ...(await measureImportVsCopy(database, {
            rows: SIZES[size].orders,
            accounts: SIZES[size].accounts,
            runs: size === 'S' ? runs : Math.max(1, Number(values['m-import-runs'])),
            dir: path.join(packageRoot, '.tmp', 'bench'),
            log,
          })),
          size,
        });
      } finally {
        await database.close();
        await drop();
      }
    }
  }
  return out;
}

/** Page reads while an orders import runs, on each engine, on a fresh database of its own. */
async function readsDuringImport(): Promise<ReadsDuringImportResult[]> {
  const rows = smoke ? 1_000 : Number(values['reads-rows']);
  const out: ReadsDuringImportResult[] = [];
  if (rows <= 0) return out;
  for (const engine of engineList) {
    log(`== page reads during an import: ${engine}, ${rows.toLocaleString('en')} rows`);
    out.push(
      await measureReadsDuringImport({
        engine,
        adminUrl: values['database-url'],
        rows,
        accounts: Math.min(SIZES.M.accounts, Math.max(1_000, Math.round(rows / 20))),
        rate: 20,
        windowSeconds: smoke ? 1 : 5,
        log,
      }),
    );
  }
  return out;
}

/** The mixed load on each engine, each on a fresh database of its own (created and dropped here). */
async function loadOnEngines(): Promise<LoadBenchResult[]> {
  const out: LoadBenchResult[] = [];
  for (const engine of engineList) {
    log(`== load: ${engine}, ${loadRate} req/s mixed reads and writes for ${loadSeconds} s`);
    const { location, cleanup } = await freshLoadTarget(engine);
    try {
      out.push(await runLoadBench({ engine, location, rate: loadRate, seconds: loadSeconds, log }));
    } finally {
      await cleanup();
    }
  }
  return out;
}

async function freshLoadTarget(engine: Engine): Promise<{ location: string; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = path.join(packageRoot, '.tmp', 'bench', `load-pglite-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return { location: dir, cleanup: async () => void (values.keep || rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `rapport_bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: values['database-url'] });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(values['database-url']);
  url.pathname = `/${name}`;
  return {
    location: url.toString(),
    cleanup: async () => {
      if (values.keep) return;
      const a = new pg.Client({ connectionString: values['database-url'] });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

const machineLine = () => {
  const m = machineNow(os.loadavg());
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, ${m.os}; Node ${process.version}`;
};
if (only) {
  // Only these: their sections of the existing report are replaced, every other figure stays.
  let doc = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '# Benchmarks\n';
  if (only.includes('load')) {
    const started = new Date();
    const loadBefore = os.loadavg();
    const loadResults = await loadOnEngines();
    doc = spliceSection(doc, renderLoad({ date: started, machine: machineNow(loadBefore), node: process.version, results: loadResults }));
  }
  if (only.includes('web')) doc = spliceSection(doc, renderWeb(await runWebBench({ runs: webRuns, log }), machineLine()), WEB_HEADING);
  if (only.includes('import'))
    doc = spliceSection(
      doc,
      `${renderImport(await importVsCopy()).trim()}\n\n- Measured alone (\`--only import\`), ${new Date().toISOString()}; ${machineLine()}`,
      IMPORT_HEADING,
    );
  if (only.includes('reads'))
    doc = spliceSection(doc, renderReadsDuringImport(await readsDuringImport(), machineLine()), READS_DURING_IMPORT_HEADING);
  if (only.includes('kpis')) {
    const results: KpisBenchResult[] = [];
    for (const engine of engineList)
      for (const size of sizes) {
        log(`== kpis on ${engine}, size ${size}`);
        const database = await openKeptDataset(engine, size, { databaseUrl: values['database-url'], log });
        try {
          results.push(await runKpisBench(database, { asOf: '2026-06-30', runs, label: `${engine} ${size}` }));
        } finally {
          await database.close();
        }
      }
    doc = spliceSection(
      doc,
      `${renderKpis(results).trim()}\n\n- Measured alone (\`--only kpis\`), ${new Date().toISOString()}; ${machineLine()}`,
      KPIS_HEADING,
    );
  }
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, doc);
  log(`Wrote the ${only.join(' and ')} section of ${outFile}`);
  process.exit(0);
}

const results: EngineSizeResult[] = [];
const sweeps: DailySweepBenchResult[] = [];
const kpis: KpisBenchResult[] = [];
const latencies: (EventLatencyResult & { size: SizeName })[] = [];
const started = new Date();
const loadBefore = os.loadavg();
for (const engine of engineList) {
  for (const size of sizes) {
    if (size === 'L' && engine !== 'postgres') {
      log(`Skipping L on ${engine}: L runs on PostgreSQL only.`);
      continue;
    }
    log(
      `== ${engine}, size ${size} (${SIZES[size].accounts.toLocaleString('en')} accounts, ${SIZES[size].orders.toLocaleString('en')} orders)`,
    );
    const prepared = await prepare(engine, size);
    let closed = false;
    try {
      const t = Date.now();
      await prepared.database.migrate();
      const gen = await generateDataset(prepared.database, { ...SIZES[size], progress: log });
      const generateSeconds = (Date.now() - t) / 1000;
      const rows = Object.values(gen.rows).reduce((a, b) => a + b, 0);
      log(
        `  generated ${rows.toLocaleString('en')} rows in ${generateSeconds.toFixed(1)} s (COPY ${gen.seconds.copy.toFixed(1)} s, indexes ${gen.seconds.indexes.toFixed(1)} s, stats ${gen.seconds.stats.toFixed(1)} s, analyze ${gen.seconds.analyze.toFixed(1)} s)`,
      );
      log('  daily sweep vs hand-written SQL');
      sweeps.push(await runDailySweepBench(prepared.database, { runs, label: `${engine} ${size}` }));
      log('  kpis vs hand-written SQL');
      kpis.push(await runKpisBench(prepared.database, { asOf: '2026-06-30', runs, label: `${engine} ${size}` }));
      const token = await createBenchToken(prepared.database);
      const scenarios = await scenariosFor(prepared.database, token, gen);
      // The server runs in its own process; PGlite allows one process per data folder.
      await prepared.database.close();
      closed = true;
      const runResults: ApiReadsRun[] = [];
      for (let i = 1; i <= runs; i++) {
        log(`  run ${i}/${runs}`);
        runResults.push(await runApiReads({ engine, location: prepared.location }, token, scenarios, options, log));
      }
      // Last, as it adds accounts and orders: event → tasks latency on this dataset, `rapport start` in a child process.
      log('  event → tasks latency');
      latencies.push({
        ...(await runEventLatency({ engine, location: prepared.location, samples: latencySamples, log })),
        size,
      });
      log('  order shipped → tracking message latency');
      latencies.push({
        ...(await runEventLatency({ engine, kind: 'tracking', location: prepared.location, samples: latencySamples, log })),
        size,
      });
      results.push({
        engine,
        size,
        generation: { rows: gen.rows, totalRows: rows, seconds: generateSeconds, parts: gen.seconds },
        reads: medians(runResults),
        runs,
      });
    } finally {
      if (!closed) await prepared.database.close();
      await prepared.cleanup();
    }
  }
}

const markdown = renderReport({
  date: started,
  machine: machineNow(loadBefore),
  node: process.version,
  options,
  results,
  importVsCopy: await importVsCopy(),
});
// Last, on fresh databases of its own: the mixed load (--load-seconds 0 leaves it out).
const loadStarted = new Date();
const loadAvgBefore = os.loadavg();
const loadResults = loadSeconds > 0 ? await loadOnEngines() : [];
const sections = [
  renderDailySweep(sweeps),
  renderKpis(kpis),
  ...sizes
    .filter((size) => latencies.some((l) => l.size === size))
    .flatMap((size) => [
      renderEventLatency(latencies.filter((l) => l.size === size && l.kind === 'tasks')).replace(
        '## Event → tasks visible',
        `## Event → tasks visible (${size} dataset)`,
      ),
      renderTrackingLatency(latencies.filter((l) => l.size === size && l.kind === 'tracking')).replace(
        '## Order shipped → tracking message queued',
        `## Order shipped → tracking message queued (${size} dataset)`,
      ),
    ]),
];
if (loadResults.length > 0)
  sections.push(renderLoad({ date: loadStarted, machine: machineNow(loadAvgBefore), node: process.version, results: loadResults }));
else {
  // --load-seconds 0: the last measured load section stays (it carries its own date).
  const kept = existsSync(outFile) ? extractSection(readFileSync(outFile, 'utf8'), LOAD_HEADING) : null;
  if (kept) sections.push(kept);
}
const reads = await readsDuringImport();
if (reads.length > 0) sections.push(renderReadsDuringImport(reads, machineLine()));
// The first screen in Chromium (bench/web.ts), on the built web UI.
log('== the first screen in Chromium');
sections.push(renderWeb(await runWebBench({ runs: webRuns, log }), machineLine()));
// Hand-written notes on the profiles behind missed goals (bench/notes.md) close the report.
const notesFile = path.join(packageRoot, 'bench', 'notes.md');
if (existsSync(notesFile)) sections.push(readFileSync(notesFile, 'utf8'));
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, `${markdown.trimEnd()}\n\n${sections.join('\n')}`);
log(`Wrote ${outFile}`);

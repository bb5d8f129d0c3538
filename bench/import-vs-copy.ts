// Import vs COPY (issue 3): `rapport import orders FILE` (importCsv, the code the command runs)
// — and the same orders as a sales export, one row per order line (`rapport import sales FILE`) —
// against a bare COPY of the same rows into an orders-shaped table, on the same engine. Both are
// timed from an empty orders table; the accounts and staff the file names are loaded first.
//   npx tsx bench/import-vs-copy.ts --engine postgres --rows 100000 --runs 3
//   node --cpu-prof --import tsx bench/import-vs-copy.ts --engine pglite --rows 100000 --runs 1
//   npx tsx bench/import-vs-copy.ts --engine postgres --rows 1000000 --import-only   (peak RSS; no COPY, no re-import)
import { createReadStream, createWriteStream, mkdirSync, openAsBlob, rmSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { from as copyFrom } from 'pg-copy-streams';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { importCsv } from '../src/domain/imports/index.js';
import { systemActor, seededRandom } from '../src/domain/shared/index.js';
import { packageRoot } from '../src/paths.js';
import { generateDataset } from './generate.js';

export type Engine = 'pglite' | 'postgres';

export interface ImportVsCopyResult {
  engine: Engine;
  /** The dataset size this stands for (S, M) when run by `npm run bench`. */
  size?: string;
  rows: number;
  /** Seconds of each run, in order. */
  importRuns: number[];
  copyRuns: number[];
  /** Medians. */
  importSeconds: number;
  copySeconds: number;
  /** A second import of the same file (every row unchanged), one run. */
  reimportSeconds: number;
  /** Highest resident set size seen during the import runs (PGlite's heap included). */
  peakRssBytes: number;
  /**
   * The same orders as a sales export, one row per order line (1 to 3 an order, the customer's name
   * on each): `rapport import sales FILE` from an empty orders table, then again (all unchanged).
   * Null with --import-only.
   */
  sales: { lines: number; seconds: number; reimportSeconds: number } | null;
}

export interface ImportVsCopyInput {
  rows: number;
  accounts: number;
  runs: number;
  /** Where the CSV files are written (removed after). */
  dir: string;
  log?: (line: string) => void;
  /** Only the first import (no COPY, no re-import): for a peak-RSS reading at 1M rows. */
  isImportOnly?: boolean;
}

const DAY = 86_400_000;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const COPY_COLUMNS =
  'account_id, number, external_ref, placed_at, promised_date, expected_ship_date, amount, currency, status, rep_id, csr_id, shipped_at, carrier, tracking_number, delivered_at';

/**
 * Writes the orders file the import reads (external references, dates as the ERP exports them)
 * and the same rows resolved to ids for COPY (what a bare COPY needs).
 */
export async function writeFiles(
  database: Database,
  input: ImportVsCopyInput,
  importFile: string,
  /** null: no COPY file (a measurement that only imports). */
  copyFile: string | null,
  salesFile?: string,
): Promise<number> {
  const accounts = await database.query<{ id: string; external_ref: string; name: string }>(
    "select id, external_ref, name from accounts where kind = 'customer' and external_ref is not null order by external_ref",
  );
  const users = await database.query<{ id: string; external_ref: string; roles: string[] | string }>(
    'select id, external_ref, roles from users where external_ref is not null order by external_ref',
  );
  const isCsr = (u: { roles: string[] | string }) => String(u.roles).includes('csr');
  const reps = users.filter((u) => !isCsr(u));
  const csrs = users.filter(isCsr);
  const rand = seededRandom(20_260_701);
  const endAt = new Date('2026-06-30T00:00:00Z').getTime();
  const startAt = endAt - 3 * 365 * DAY;
  const imp = createWriteStream(importFile);
  const cp = copyFile ? createWriteStream(copyFile) : null;
  const sl = salesFile ? createWriteStream(salesFile) : null;
  let salesLines = 0;
  if (sl)
    sl.write(
      'number,accountRef,accountName,placedAt,promisedDate,shippedAt,deliveredAt,status,repRef,csrRef,carrier,trackingNumber,sku,quantity,lineAmount\n',
    );
  let bufS = '';
  const write = async (s: ReturnType<typeof createWriteStream>, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  await write(
    imp,
    'number,accountRef,placedAt,amount,externalRef,promisedDate,expectedShipDate,shippedAt,deliveredAt,currency,status,repRef,csrRef,carrier,trackingNumber\n',
  );
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  let bufI = '';
  let bufC = '';
  for (let i = 0; i < input.rows; i++) {
    const a = accounts[Math.floor(accounts.length * rand() ** 2)]!;
    const rep = reps[Math.floor(rand() * reps.length)]!;
    const csr = csrs[Math.floor(rand() * csrs.length)]!;
    // Whole days, as ERP exports usually give them: 00:00 in the account's zone on import.
    const placed = startAt + Math.floor(rand() * 3 * 365) * DAY;
    const promised = placed + (10 + Math.floor(rand() * 20)) * DAY;
    const r = rand();
    let shipped: number | null = null;
    let delivered: number | null = null;
    let status = '';
    if (r < 0.02) status = 'cancelled';
    else if (endAt - placed > 45 * DAY || r > 0.7) {
      shipped = Math.max(placed, Math.min(endAt - DAY, promised + Math.floor((rand() - 0.8) * 10) * DAY));
      delivered = shipped + (1 + Math.floor(rand() * 5)) * DAY;
      if (delivered >= endAt) delivered = null;
    } else status = ['received', 'data_review', 'in_production', 'inspection', 'ready_to_ship'][Math.floor(rand() * 5)]!;
    const amountMinor = 100 * (50 + Math.floor(rand() * 50_000));
    const amount = `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
    const number = `IMP-${String(i + 1).padStart(8, '0')}`;
    const carrier = shipped === null ? '' : ['UPS', 'FedEx', 'DHL'][Math.floor(rand() * 3)]!;
    const tracking = shipped === null ? '' : `1Z${String(Math.floor(rand() * 1e12)).padStart(12, '0')}`;
    bufI += `${number},${a.external_ref},${date(placed)},${amount},ERP-${i + 1},${date(promised)},${date(promised)},${shipped === null ? '' : date(shipped)},${delivered === null ? '' : date(delivered)},USD,${status},${rep.external_ref},${csr.external_ref},${carrier},${tracking}\n`;
    // The resolved row: what the import would store (timestamps at 00:00 UTC here — COPY has no
    // account zones; the bytes moved are the same).
    const st = status || (delivered !== null ? 'delivered' : shipped !== null ? 'shipped' : 'received');
    bufC += `${a.id},${number},ERP-${i + 1},${date(placed)}T00:00:00Z,${date(promised)},${date(promised)},${amountMinor},USD,${st},${rep.id},${csr.id},${shipped === null ? '' : `${date(shipped)}T00:00:00Z`},${carrier},${tracking},${delivered === null ? '' : `${date(delivered)}T00:00:00Z`}\n`;
    if (sl) {
      // The same order as 1 to 3 lines whose amounts add up to it.
      const k = 1 + (i % 3);
      const share = Math.floor(amountMinor / k);
      const name = `"${a.name.replace(/"/g, '""')}"`;
      for (let l = 0; l < k; l++) {
        const minor = l === k - 1 ? amountMinor - share * (k - 1) : share;
        bufS += `${number},${a.external_ref},${name},${date(placed)},${date(promised)},${shipped === null ? '' : date(shipped)},${delivered === null ? '' : date(delivered)},${status},${rep.external_ref},${csr.external_ref},${carrier},${tracking},SKU-${(i + l) % 500},${1 + l},${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}\n`;
      }
      salesLines += k;
    }
    if (bufI.length > 1 << 20) {
      await write(imp, bufI);
      if (cp) await write(cp, bufC);
      if (sl) await write(sl, bufS);
      bufI = '';
      bufC = '';
      bufS = '';
    }
  }
  await write(imp, bufI);
  if (cp) await write(cp, bufC);
  if (sl) await write(sl, bufS);
  imp.end();
  cp?.end();
  sl?.end();
  await Promise.all([once(imp, 'close'), ...(cp ? [once(cp, 'close')] : []), ...(sl ? [once(sl, 'close')] : [])]);
  return salesLines;
}

/** COPY of the resolved rows into a table shaped like orders (same columns, defaults and indexes). */
async function copyOnce(database: Database, copyFile: string): Promise<number> {
  await database.exec('drop table if exists bench_copy_orders; create table bench_copy_orders (like orders including all)');
  const sql = `copy bench_copy_orders (${COPY_COLUMNS}) from %SRC% with (format csv)`;
  const t = performance.now();
  if (database.engine === 'pglite') {
    await database.pglite!.query(sql.replace('%SRC%', "'/dev/blob'"), [], { blob: await openAsBlob(copyFile) });
  } else {
    const client = await database.pool!.connect();
    try {
      await pipeline(createReadStream(copyFile), client.query(copyFrom(sql.replace('%SRC%', 'stdin'))));
    } finally {
      client.release();
    }
  }
  const seconds = (performance.now() - t) / 1000;
  await database.exec('drop table bench_copy_orders');
  return seconds;
}

async function emptyOrders(database: Database): Promise<void> {
  await database.exec('truncate orders, order_lines, order_events, quotes, quote_events cascade');
  await database.exec('update accounts set order_count = 0, first_order_id = null, first_order_at = null, last_order_at = null');
}

async function importOnce(
  database: Database,
  file: string,
  kind: 'orders' | 'sales' = 'orders',
): Promise<{ seconds: number; created: number; unchanged: number; peakRss: number; orders: number }> {
  let peakRss = process.memoryUsage.rss();
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const t = performance.now();
  try {
    const r = await importCsv(
      { db: database.db, actor: { ...systemActor('bench'), kind: 'cli' }, now: new Date('2026-07-01T00:00:00Z') },
      { kind, file, source: 'cli' },
    );
    if (r.status !== 'succeeded') throw new Error(`import ${r.status}: ${JSON.stringify(r.problems.slice(0, 3))}`);
    const orders = r.breakdown ? r.breakdown.orders.created : r.created;
    return { seconds: (performance.now() - t) / 1000, created: r.created, unchanged: r.unchanged, peakRss, orders };
  } finally {
    clearInterval(sample);
  }
}

/** The whole measurement on a fresh, migrated database. */
export async function measureImportVsCopy(database: Database, input: ImportVsCopyInput): Promise<ImportVsCopyResult> {
  const log = input.log ?? (() => undefined);
  mkdirSync(input.dir, { recursive: true });
  const importFile = path.join(input.dir, `orders-${input.rows}.csv`);
  const copyFile = path.join(input.dir, `orders-${input.rows}.copy.csv`);
  const salesFile = path.join(input.dir, `sales-${input.rows}.csv`);
  try {
    await generateDataset(database, { accounts: input.accounts, orders: 0 });
    const salesLines = await writeFiles(database, input, importFile, copyFile, input.isImportOnly ? undefined : salesFile);
    await database.exec('analyze');
    const importRuns: number[] = [];
    const copyRuns: number[] = [];
    let peakRssBytes = 0;
    let reimportSeconds = 0;
    for (let i = 1; i <= input.runs; i++) {
      const c = input.isImportOnly ? 0 : await copyOnce(database, copyFile);
      copyRuns.push(c);
      await emptyOrders(database);
      const r = await importOnce(database, importFile);
      if (r.created !== input.rows) throw new Error(`import created ${r.created} of ${input.rows} orders`);
      importRuns.push(r.seconds);
      peakRssBytes = Math.max(peakRssBytes, r.peakRss);
      log(
        `  import-vs-copy run ${i}/${input.runs}: import ${r.seconds.toFixed(1)} s, COPY ${c.toFixed(1)} s (${database.engine}, ${input.rows} rows)`,
      );
      if (i === input.runs && !input.isImportOnly) {
        const again = await importOnce(database, importFile);
        if (again.unchanged !== input.rows) throw new Error(`re-import left ${input.rows - again.unchanged} rows changed`);
        reimportSeconds = again.seconds;
        log(`  re-import (all unchanged): ${again.seconds.toFixed(1)} s`);
      }
    }
    let sales: ImportVsCopyResult['sales'] = null;
    if (!input.isImportOnly) {
      await emptyOrders(database);
      const first = await importOnce(database, salesFile, 'sales');
      if (first.orders !== input.rows || first.created !== salesLines)
        throw new Error(`sales import made ${first.orders} orders, ${first.created} lines of ${input.rows}, ${salesLines}`);
      const again = await importOnce(database, salesFile, 'sales');
      if (again.unchanged !== salesLines) throw new Error(`sales re-import left ${salesLines - again.unchanged} lines changed`);
      sales = { lines: salesLines, seconds: first.seconds, reimportSeconds: again.seconds };
      log(
        `  sales import: ${salesLines} lines (${input.rows} orders) in ${first.seconds.toFixed(1)} s; again (all unchanged) ${again.seconds.toFixed(1)} s`,
      );
    }
    return {
      engine: database.engine,
      rows: input.rows,
      sales,
      importRuns,
      copyRuns,
      importSeconds: median(importRuns),
      copySeconds: median(copyRuns),
      reimportSeconds,
      peakRssBytes,
    };
  } finally {
    rmSync(importFile, { force: true });
    rmSync(copyFile, { force: true });
    rmSync(salesFile, { force: true });
  }
}

/** A fresh database for one measurement: a PGlite folder or a PostgreSQL database, dropped after. */
export async function freshDatabase(
  engine: Engine,
  adminUrl: string,
  tag: string,
  isExplained = false,
): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = path.join(packageRoot, '.tmp', 'bench', `import-${tag}`);
    rmSync(dir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    return { database, drop: async () => void rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `rapport_bench_import_${tag.replace(/\W/g, '_')}_${process.pid}`.toLowerCase();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  // --explain: the plan of every statement over 200 ms goes to the server log (auto_explain), with
  // buffers and trigger times ("Trigger for constraint …": the row-by-row foreign-key checks);
  // every statement's duration is logged too (log_min_duration_statement = 0), for a breakdown by phase.
  if (isExplained)
    await admin.query(
      `alter database ${name} set session_preload_libraries = 'auto_explain'; alter database ${name} set auto_explain.log_min_duration = 200; alter database ${name} set auto_explain.log_analyze = on; alter database ${name} set auto_explain.log_triggers = on; alter database ${name} set auto_explain.log_buffers = on; alter database ${name} set log_min_duration_statement = 0`,
    );
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.migrate();
  return {
    database,
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'pglite,postgres' },
      rows: { type: 'string', default: '100000' },
      accounts: { type: 'string' },
      runs: { type: 'string', default: '1' },
      'database-url': { type: 'string', default: process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      explain: { type: 'boolean', default: false },
      'import-only': { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const accounts = Number(values.accounts ?? Math.max(100, Math.round(rows / 20)));
  for (const engine of values.engine.split(',') as Engine[]) {
    const { database, drop } = await freshDatabase(engine, values['database-url'], `${engine}-${rows}`, values.explain);
    try {
      const r = await measureImportVsCopy(database, {
        rows,
        accounts,
        runs: Number(values.runs),
        isImportOnly: values['import-only'],
        dir: path.join(packageRoot, '.tmp', 'bench'),
        log: (l) => void process.stderr.write(`${l}\n`),
      });
      process.stdout.write(
        `${engine} ${rows} rows: import ${r.importSeconds.toFixed(2)} s (${Math.round(rows / r.importSeconds)} rows/s), COPY ${r.copySeconds.toFixed(2)} s (${Math.round(rows / r.copySeconds)} rows/s), ratio ${(r.copySeconds / r.importSeconds).toFixed(3)}, re-import ${r.reimportSeconds.toFixed(2)} s, peak RSS ${Math.round(r.peakRssBytes / 2 ** 20)} MiB` +
          (r.sales
            ? `; sales ${r.sales.lines} lines ${r.sales.seconds.toFixed(2)} s (${Math.round(r.sales.lines / r.sales.seconds)} lines/s), again ${r.sales.reimportSeconds.toFixed(2)} s`
            : '') +
          '\n',
      );
    } finally {
      await database.close();
      await drop();
    }
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]).replace(/\.js$/, '.ts') === path.resolve(import.meta.filename).replace(/\.js$/, '.ts')
) {
  await cli();
}

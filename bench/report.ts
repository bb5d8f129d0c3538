// Renders docs/benchmarks.md from one `npm run bench` invocation.
import type { ApiReadsOptions } from './api-reads.js';
import type { SizeName } from './generate.js';
import type { ImportVsCopyResult } from './import-vs-copy.js';
import type { LoadBenchResult } from './load.js';

export const GOALS = { p99Ms: 25, saturationRatio: 0.3, rssMiB: 500, importRatio: 0.5, importMillionSeconds: 20 };

export interface EngineSizeResult {
  engine: 'pglite' | 'postgres';
  size: SizeName;
  runs: number;
  generation: {
    rows: Record<string, number>;
    totalRows: number;
    seconds: number;
    parts: { copy: number; indexes: number; stats: number; analyze: number };
  };
  reads: {
    rate: Record<string, { p50: number; p99: number; p99s: number[]; achievedRps: number; failed: number }>;
    saturation: Record<string, { rps: number; runs: number[] }>;
    rssBytes: number;
  };
}

export interface ReportInput {
  date: Date;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; loadBefore: number[]; loadAfter: number[] };
  node: string;
  options: ApiReadsOptions;
  results: EngineSizeResult[];
  importVsCopy: ImportVsCopyResult[] | null;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en');
const n1 = (x: number) => x.toFixed(1);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

function p99Verdict(p99: number): string {
  return p99 < GOALS.p99Ms
    ? `met (${n1(GOALS.p99Ms - p99)} ms under)`
    : `**missed by ${n1(p99 - GOALS.p99Ms)} ms** (${n1(p99 / GOALS.p99Ms)}×)`;
}

function ratioVerdict(ratio: number): string {
  return ratio >= GOALS.saturationRatio
    ? 'met'
    : `**missed by ${n1((1 - ratio / GOALS.saturationRatio) * 100)} %** (${ratio.toFixed(3)} vs ${GOALS.saturationRatio})`;
}

export function renderReport(input: ReportInput): string {
  const { machine: m, results } = input;
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(
    'Written by `npm run bench` (bench/run.ts). Benchmarks, not tests: no test asserts a time. Every figure is the median of the runs; each run measures the baseline (a bare Fastify hello-world on the same machine) right before the app.',
    '',
  );
  out.push(`- Date: ${input.date.toISOString()}`);
  out.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${n1(m.memoryGiB)} GiB, ${m.os}`);
  out.push(`- Node: ${input.node}`);
  out.push(
    `- Load average (1/5/15 min) before: ${load(m.loadBefore)}; after: ${load(m.loadAfter)} — the machine is shared, so figures carry that noise.`,
  );
  out.push(
    `- Method: latency at ${input.options.rate} req/s constant arrival rate, open loop (bench/open-loop.ts: request k is due at k / rate and timed from that due time, so a slow answer counts against every request behind it — no coordinated omission), ${input.options.rateSeconds} s after a 2 s warm-up; saturation with autocannon, ${input.options.saturationConnections} connections for ${input.options.saturationSeconds} s, no rate. The server runs in its own Node process (the real app: buildApp + listen, Bearer token, rate limit raised) on the generated database; RSS is read from that process after the load.`,
  );
  out.push('');

  out.push('## Data generation (bench/generate.ts, COPY)', '');
  out.push(
    '| engine | size | rows | total s | COPY s | index rebuild s | account stats s | analyze s | rows/s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const g = r.generation;
    out.push(
      `| ${r.engine} | ${r.size} | ${n0(g.totalRows)} | ${n1(g.seconds)} | ${n1(g.parts.copy)} | ${n1(g.parts.indexes)} | ${n1(g.parts.stats)} | ${n1(g.parts.analyze)} | ${n0(g.totalRows / g.seconds)} |`,
    );
  }
  out.push('');

  out.push(`## API reads at ${input.options.rate} req/s — goal p99 < ${GOALS.p99Ms} ms (the goal is set for the M dataset)`, '');
  out.push(
    '| engine | size | endpoint | p50 ms | p99 ms | p99 per run | achieved req/s | failed | baseline p99 ms (hello-world) | goal |',
    '|---|---|---|---:|---:|---|---:|---:|---:|---|',
  );
  for (const r of results) {
    const base = r.reads.rate['hello']!;
    for (const [name, f] of Object.entries(r.reads.rate)) {
      if (name === 'hello') continue;
      out.push(
        `| ${r.engine} | ${r.size} | ${name} | ${f.p50} | ${f.p99} | ${f.p99s.join(', ')} | ${n0(f.achievedRps)} | ${f.failed} | ${base.p99} | ${p99Verdict(f.p99)} |`,
      );
    }
  }
  out.push('');

  out.push(`## Saturation throughput — goal ≥ ${GOALS.saturationRatio} × bare Fastify`, '');
  out.push(
    '| engine | size | endpoint | req/s | req/s per run | baseline req/s (hello-world) | ratio | goal |',
    '|---|---|---|---:|---|---:|---:|---|',
  );
  for (const r of results) {
    const base = r.reads.saturation['hello']!.rps;
    for (const [name, f] of Object.entries(r.reads.saturation)) {
      if (name === 'hello') continue;
      const ratio = f.rps / base;
      out.push(
        `| ${r.engine} | ${r.size} | ${name} | ${n0(f.rps)} | ${f.runs.map(n0).join(', ')} | ${n0(base)} | ${ratio.toFixed(3)} | ${ratioVerdict(ratio)} |`,
      );
    }
  }
  out.push('');

  out.push(`## Server memory after load — goal RSS < ${GOALS.rssMiB} MB (set for the M dataset on PGlite)`, '');
  out.push('| engine | size | RSS MiB | goal |', '|---|---|---:|---|');
  for (const r of results) {
    const mib = r.reads.rssBytes / 2 ** 20;
    const goal =
      r.engine === 'pglite'
        ? mib < GOALS.rssMiB
          ? `met (${n0(GOALS.rssMiB - mib)} MiB under)`
          : `**missed by ${n0(mib - GOALS.rssMiB)} MiB**`
        : 'n/a (the database is another process)';
    out.push(`| ${r.engine} | ${r.size} | ${n0(mib)} | ${goal} |`);
  }
  out.push('');

  out.push(renderImport(input.importVsCopy), '');

  return out.join('\n');
}

// Load (issue 9) ---------------------------------------------------------------------------------

export const LOAD_HEADING = '## Load: mixed reads and writes at a constant rate';

export interface LoadReportInput {
  date: Date;
  machine: ReportInput['machine'];
  node: string;
  results: LoadBenchResult[];
}

/**
 * The load section of docs/benchmarks.md: one run per engine (not a median), with its own date and
 * machine, since `npm run bench -- --only load` rewrites only this section.
 */
export function renderLoad(input: LoadReportInput): string {
  const { machine: m } = input;
  const out: string[] = [LOAD_HEADING, ''];
  const first = input.results[0];
  out.push(
    `${first ? `${first.rate} req/s for ${first.seconds} s` : 'Not measured'} on each engine, open loop (bench/open-loop.ts: every request timed from its due time), after a 2 s warm-up of the same mix. The mix (bench/load.ts), per 20 requests: 5 writes — a new account, a new order (the first order of an account the run created, so a playbook run starts), an order change (PATCH), two notes, each POST with its own \`Idempotency-Key\` — and 15 reads: account list, account page, account timeline, order page and \`/api/v1/me\`, 3 each. The server is \`rapport start\` (HTTP and the job runner in one process, rate limit raised) in its own process on a fresh database with 50 accounts and 100 orders made through the API before the run; the client uses a Bearer token. Every non-2xx answer and every socket error is an error. One run per engine, no goal set: the figures say what the mix costs, the quick form in CI (test/integration/load.test.ts) asserts 0 errors.`,
    '',
    `- Date: ${input.date.toISOString()}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${n1(m.memoryGiB)} GiB, ${m.os}; Node ${input.node}`,
    `- Load average (1/5/15 min) before: ${load(m.loadBefore)}; after: ${load(m.loadAfter)} — shared machine, the figures carry that noise.`,
    '',
    '| engine | sent | writes | errors | p50 ms | p95 ms | p99 ms | max ms | achieved req/s | slowest seconds of the run: max (p50) ms | 1-min load avg (start → end) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  );
  for (const r of input.results) {
    out.push(
      `| ${r.engine} | ${n0(r.sent)} | ${n0(r.writes)} | ${r.errors} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${n1(r.achievedRps)} | ${r.worstSeconds.map((w) => `s${w.second}: ${w.max} (${w.p50})`).join(', ')} | ${r.loadAvg[0]} → ${r.loadAvg[1]} |`,
    );
  }
  if (input.results.length > 0) {
    out.push('', 'Per request kind, p50 / p99 ms:', '');
    out.push(`| kind | ${input.results.map((r) => r.engine).join(' | ')} |`, `|---|${input.results.map(() => '---:|').join('')}`);
    for (const kind of Object.keys(input.results[0]!.byKind)) {
      out.push(
        `| ${kind} | ${input.results.map((r) => `${r.byKind[kind as keyof typeof r.byKind].p50} / ${r.byKind[kind as keyof typeof r.byKind].p99}`).join(' | ')} |`,
      );
    }
  }
  const samples = input.results.flatMap((r) => r.errorSamples.map((s) => `${r.engine}: ${s}`));
  if (samples.length > 0) out.push('', 'First errors:', '', ...samples.map((s) => `- \`${s.replace(/`/g, "'").slice(0, 400)}\``));
  out.push('');
  return out.join('\n');
}

export const IMPORT_HEADING = '## Import vs COPY';

/** The import section: `rapport import orders` against COPY, and the same orders as a sales export. */
export function renderImport(importVsCopy: ImportVsCopyResult[] | null): string {
  const out: string[] = [];
  out.push(
    `## Import vs COPY — goal ≥ ${GOALS.importRatio} × COPY's rows/s; 1M rows under ${GOALS.importMillionSeconds} s on PostgreSQL`,
    '',
  );
  if (importVsCopy === null || importVsCopy.length === 0) out.push('Not measured in this run.');
  else {
    out.push(
      '`rapport import orders FILE` (importCsv: parse and check every row; every 20,000 lines one COPY into a staging table and a set-based write of the new and changed orders while the next lines are read; repeated numbers; account statistics; one transaction — decision 0007) against a bare `COPY` of the same rows, resolved to ids, into a table made `like orders including all` (same columns, defaults and indexes). Both from an empty orders table; median of the runs. Re-import: the same file again, every row unchanged (one run). Peak RSS: the bench process during the imports (PGlite runs inside it; the process also holds the generated accounts and has just written the files).',
      '',
      '| engine | size | rows | import s | import s per run | COPY s | COPY s per run | import rows/s | COPY rows/s | ratio | re-import s | peak RSS MiB | goal ratio | goal time |',
      '|---|---|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---|---|',
    );
    for (const r of importVsCopy) {
      const ratio = r.copySeconds / r.importSeconds;
      const ratioGoal =
        ratio >= GOALS.importRatio
          ? 'met'
          : `**missed by ${n1((1 - ratio / GOALS.importRatio) * 100)} %** (${ratio.toFixed(3)} vs ${GOALS.importRatio})`;
      // The time goal is for 1M rows on PostgreSQL; other sizes are scaled to 1M rows for the verdict.
      const perMillion = (r.importSeconds * 1_000_000) / r.rows;
      const timeGoal =
        r.engine !== 'postgres'
          ? 'n/a (PostgreSQL goal)'
          : perMillion < GOALS.importMillionSeconds
            ? `met (${n1(perMillion)} s per 1M rows)`
            : `**missed by ${n1(perMillion - GOALS.importMillionSeconds)} s** (${n1(perMillion)} s per 1M rows)`;
      out.push(
        `| ${r.engine} | ${r.size ?? ''} | ${n0(r.rows)} | ${n1(r.importSeconds)} | ${r.importRuns.map(n1).join(', ')} | ${n1(r.copySeconds)} | ${r.copyRuns.map(n1).join(', ')} | ${n0(r.rows / r.importSeconds)} | ${n0(r.rows / r.copySeconds)} | ${ratio.toFixed(3)} | ${n1(r.reimportSeconds)} | ${n0(r.peakRssBytes / 2 ** 20)} | ${ratioGoal} | ${timeGoal} |`,
      );
    }
    out.push(
      '',
      '### The same orders as a sales export (`rapport import sales FILE`)',
      '',
      'One row per order line (1 to 3 lines an order, the customer and its name on each; the order is the sum of its lines): customers, orders and lines in one pass (docs/imports.md, "One file with everything"). From an empty orders table; then the same file again, every line unchanged. One run each.',
      '',
      '| engine | size | orders | lines | sales import s | lines/s | orders/s | orders import s (above) | again s |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of importVsCopy) {
      if (!r.sales) continue;
      out.push(
        `| ${r.engine} | ${r.size ?? ''} | ${n0(r.rows)} | ${n0(r.sales.lines)} | ${n1(r.sales.seconds)} | ${n0(r.sales.lines / r.sales.seconds)} | ${n0(r.rows / r.sales.seconds)} | ${n1(r.importSeconds)} | ${n1(r.sales.reimportSeconds)} |`,
      );
    }
    out.push(
      '',
      'Where the import time goes (profiled at 100k rows, `node --cpu-prof --import tsx bench/import-vs-copy.ts`, and `--explain` for the statements on PostgreSQL): see docs/imports.md, "Memory and speed".',
    );
  }
  return out.join('\n');
}

/** The load section of `doc` (heading to the next `## `), or null. */
/** The section of `doc` under `heading` (to the next `## `), or null when it has none. */
export function extractSection(doc: string, heading: string = LOAD_HEADING): string | null {
  const start = doc.indexOf(heading);
  if (start < 0) return null;
  const next = doc.indexOf('\n## ', start + heading.length);
  return doc.slice(start, next >= 0 ? next + 1 : undefined);
}

/**
 * `doc` with its section under `heading` replaced by `section` (to the next `## `), or, when it
 * has none, with `section` inserted before the hand-written notes (or at the end).
 */
export function spliceSection(
  doc: string,
  section: string,
  heading: string = LOAD_HEADING,
  notesHeading = '## What the profiles show',
): string {
  const body = section.trimEnd() + '\n\n';
  const start = doc.indexOf(heading);
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + heading.length);
    return doc.slice(0, start) + body + (next >= 0 ? doc.slice(next + 1) : '');
  }
  const notes = doc.indexOf(`\n${notesHeading}`);
  if (notes >= 0) return doc.slice(0, notes + 1) + body + doc.slice(notes + 1);
  return doc.trimEnd() + '\n\n' + body;
}

// Event → tasks visible latency (issue 4, goal p99 < 200 ms): the real server with its job runner in
// a child process; the client creates first orders of new accounts one after another at a steady
// pace and, after each create answers, polls the tasks list until the order's tasks show.
// Run alone (after `tsc -p tsconfig.bench.json`):
//   node dist/bench/bench/event-latency.js --engine pglite,postgres --samples 200
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { packageRoot } from '../src/paths.js';
import { createBenchToken } from './api-reads.js';
import type { LatencyParentMessage, LatencyServerMessage } from './event-latency-server.js';

export const EVENT_LATENCY_GOAL_P99_MS = 200;

export interface EventLatencyOptions {
  engine: 'pglite' | 'postgres';
  /**
   * tasks (default): a first order's create answered → its playbook tasks listed. tracking: an
   * order's move to shipped (with carrier and tracking number) sent → its tracking message in the
   * outbox (`GET /api/v1/messages?orderId=…`), issue 10.
   */
  kind?: 'tasks' | 'tracking';
  /** PGlite data folder (no other process may hold it) or PostgreSQL URL. Migrated here if needed. */
  location: string;
  /** Measured orders (default 200). */
  samples?: number;
  /** Unmeasured orders first, so JIT and caches are warm (default 10). */
  warmup?: number;
  /** One order started every this many ms, or right after the previous one's tasks showed (default 100). */
  intervalMs?: number;
  /** How often the client asks for the tasks (default 5 ms). */
  pollMs?: number;
  /** A sample whose tasks have not shown by then counts as timed out (default 10 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface EventLatencyResult {
  engine: 'pglite' | 'postgres';
  kind: 'tasks' | 'tracking';
  samples: number;
  timedOut: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  intervalMs: number;
  pollMs: number;
  /** 1-minute load average when the run started and ended: on 2 cores, above ~2 means contention. */
  loadAvg: [number, number];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startChild(engine: string, location: string) {
  const proc = fork(new URL('./event-latency-server.js', import.meta.url), [engine, location], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`event-latency server exited with ${code}`)));
    proc.on('message', (m: LatencyServerMessage) => {
      if (m.type === 'listening') resolve(m.port);
    });
  });
  proc.removeAllListeners('exit');
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.send({ type: 'stop' } satisfies LatencyParentMessage);
      }),
  };
}

export async function runEventLatency(opts: EventLatencyOptions): Promise<EventLatencyResult> {
  const {
    engine,
    kind = 'tasks',
    location,
    samples = 200,
    warmup = 10,
    intervalMs = 100,
    pollMs = 5,
    timeoutMs = 10_000,
    log = () => undefined,
  } = opts;
  const database = await openDatabase(engine === 'postgres' ? { databaseUrl: location } : { dataDir: location });
  let token: string;
  try {
    await database.migrate();
    token = await createBenchToken(database);
  } finally {
    await database.close();
  }
  const child = await startChild(engine, location);
  const base = `http://127.0.0.1:${child.port}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async <T>(url: string, body: unknown): Promise<T> => {
    const res = await fetch(base + url, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const tasksShown = async (orderId: string): Promise<boolean> => {
    const res = await fetch(`${base}/api/v1/tasks?mine=false&status=active&limit=1&orderId=${orderId}`, { headers });
    if (res.status !== 200) throw new Error(`GET tasks: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { items: unknown[] }).items.length > 0;
  };
  const trackingQueued = async (orderId: string): Promise<boolean> => {
    const res = await fetch(`${base}/api/v1/messages?orderId=${orderId}`, { headers });
    if (res.status !== 200) throw new Error(`GET messages: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { items: { template: string }[] }).items.some((m) => m.template === 'tracking');
  };
  /** One sample: sets up what is not measured, then returns when the measured act began, the order, and what to wait for. */
  const sampleOf = async (i: number): Promise<{ started: number; orderId: string; shown: (id: string) => Promise<boolean> }> => {
    const account = await post<{ id: string }>('/api/v1/accounts', { name: `Latency ${tag} ${i}` });
    if (kind === 'tasks') {
      const order = await post<{ id: string }>('/api/v1/orders', { accountId: account.id, number: `LAT-${tag}-${i}`, amount: '1000.00' });
      return { started: performance.now(), orderId: order.id, shown: tasksShown };
    }
    // A repeat order (its first order is the account's other one: no first-order gates), walked to ready to ship.
    await post(`/api/v1/accounts/${account.id}/contacts`, {
      name: 'Jane Buyer',
      email: `buyer-${tag}-${i}@customer.test`,
      isPrimary: true,
    });
    await post('/api/v1/orders', { accountId: account.id, number: `LAT-${tag}-${i}-1`, amount: '1000.00' });
    const order = await post<{ id: string }>('/api/v1/orders', { accountId: account.id, number: `LAT-${tag}-${i}-2`, amount: '1000.00' });
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship']) await move(order.id, { to });
    const started = performance.now();
    await move(order.id, { to: 'shipped', carrier: 'UPS', trackingNumber: `1Z999AA1${String(i).padStart(10, '0')}` });
    return { started, orderId: order.id, shown: trackingQueued };
  };
  const move = async (orderId: string, body: Record<string, string>) => {
    const res = await fetch(`${base}/api/v1/orders/${orderId}/transitions`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`POST transitions ${body['to']}: ${res.status} ${await res.text()}`);
  };
  const latencies: number[] = [];
  let timedOut = 0;
  const loadBefore = os.loadavg()[0]!;
  const tag = randomBytes(3).toString('hex');
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const slot = performance.now();
      const sample = await sampleOf(i);
      let shown = false;
      while (performance.now() - sample.started < timeoutMs) {
        if (await sample.shown(sample.orderId)) {
          shown = true;
          break;
        }
        await sleep(pollMs);
      }
      const latency = performance.now() - sample.started;
      if (i >= warmup) {
        if (shown) latencies.push(latency);
        else timedOut += 1;
      }
      if ((i + 1) % 50 === 0) log(`    ${engine}: ${i + 1}/${warmup + samples} orders`);
      const rest = intervalMs - (performance.now() - slot);
      if (rest > 0) await sleep(rest);
    }
  } finally {
    await child.stop();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    engine,
    kind,
    samples: latencies.length,
    timedOut,
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    intervalMs,
    pollMs,
    loadAvg: [Math.round(loadBefore * 10) / 10, Math.round(os.loadavg()[0]! * 10) / 10],
  };
}

/** The markdown section for docs/benchmarks.md. */
export function renderEventLatency(results: EventLatencyResult[]): string {
  const goal = EVENT_LATENCY_GOAL_P99_MS;
  const lines = [
    '## Event → tasks visible',
    '',
    `Goal: p99 < ${goal} ms from a first order's create answer to its playbook tasks in the tasks list.`,
    '',
    'How: `rapport start` (HTTP and the job runner in one process, as a user runs it) in a child process;',
    'the client creates a new account and its first order through the API, one order at a time at a steady pace,',
    'and from the moment the create answers polls `GET /api/v1/tasks?mine=false&status=active&orderId=…` until',
    "the order's tasks show; the latency is taken when that poll answers (so it includes one poll round trip and",
    'up to one poll interval). The first orders of each run are a warm-up and not counted.',
    '',
    '| engine | samples | p50 | p90 | p99 | max | pace, poll | load avg (start → end) | goal p99 < 200 ms |',
    '|---|---:|---:|---:|---:|---:|---|---|---|',
  ];
  for (const r of results) {
    const margin = goal - r.p99Ms;
    const verdict =
      r.timedOut > 0
        ? `missed: ${r.timedOut} orders showed no tasks`
        : margin > 0
          ? `met by ${margin.toFixed(0)} ms`
          : `missed by ${(-margin).toFixed(0)} ms`;
    lines.push(
      `| ${r.engine} | ${r.samples} | ${r.p50Ms} ms | ${r.p90Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | every ${r.intervalMs} ms, ${r.pollMs} ms | ${r.loadAvg[0]} → ${r.loadAvg[1]} | ${verdict} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The markdown section of the tracking latency (issue 10): no goal set, measured beside event → tasks. */
export function renderTrackingLatency(results: EventLatencyResult[]): string {
  const lines = [
    '## Order shipped → tracking message queued',
    '',
    'How: as "Event → tasks visible", on a fresh database; per sample, not measured: a new account with a primary',
    'contact, its first order and a second one (no first-order gates), the second walked to ready to ship. Measured:',
    'from sending `POST /api/v1/orders/{id}/transitions {to: shipped, carrier, trackingNumber}` until',
    '`GET /api/v1/messages?orderId=…` lists the tracking message — the row is written in the shipping transaction',
    '(the outbox), so this is the move itself plus one poll round trip. Sending it is the outbox job’s, and not timed.',
    '',
    '| engine | samples | p50 | p90 | p99 | max | pace, poll | load avg (start → end) |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results)
    lines.push(
      `| ${r.engine} | ${r.samples}${r.timedOut > 0 ? ` (${r.timedOut} timed out)` : ''} | ${r.p50Ms} ms | ${r.p90Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | every ${r.intervalMs} ms, ${r.pollMs} ms | ${r.loadAvg[0]} → ${r.loadAvg[1]} |`,
    );
  return lines.join('\n') + '\n';
}

// Run alone: fresh databases, both engines by default; --kind tracking for the shipped → tracking message figure.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'pglite,postgres' },
      kind: { type: 'string', default: 'tasks' },
      samples: { type: 'string', default: '200' },
      interval: { type: 'string', default: '100' },
      'database-url': { type: 'string', default: process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
  });
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  const kind = values.kind === 'tracking' ? 'tracking' : 'tasks';
  const results: EventLatencyResult[] = [];
  for (const engine of values.engine.split(',').map((s) => s.trim()) as ('pglite' | 'postgres')[]) {
    if (engine === 'pglite') {
      const dir = path.join(packageRoot, '.tmp', 'bench', `event-latency-${process.pid}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      try {
        results.push(
          await runEventLatency({ engine, kind, location: dir, samples: Number(values.samples), intervalMs: Number(values.interval), log }),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      const name = `rapport_bench_latency_${process.pid}`;
      const admin = new pg.Client({ connectionString: values['database-url'] });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(values['database-url']);
      url.pathname = `/${name}`;
      try {
        results.push(
          await runEventLatency({
            engine,
            kind,
            location: url.toString(),
            samples: Number(values.samples),
            intervalMs: Number(values.interval),
            log,
          }),
        );
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    }
    log(JSON.stringify(results[results.length - 1]));
  }
  process.stdout.write(kind === 'tracking' ? renderTrackingLatency(results) : renderEventLatency(results));
}

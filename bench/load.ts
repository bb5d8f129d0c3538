// Mixed reads and writes at a constant arrival rate (issue 9, "Load"): the open-loop generator
// (bench/open-loop.ts) sends request k at k / rate whatever happened before, each built by
// `mixedRequest`: a quarter writes (new accounts, their first orders, order changes, notes), the
// rest the pages a browser reads (account list, account, timeline, order, /me). Every non-2xx
// answer and every socket error is an error; the first few are kept with their bodies.
//
// Used by the quick forms in CI (test/integration/load.test.ts, multi-process.test.ts: behaviour
// only, 0 errors) and by `npm run bench -- --only load` (runLoadBench: the figures in
// docs/benchmarks.md).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { openDatabase } from '../src/db/client.js';
import { createBenchToken } from './api-reads.js';
import { openLoop, percentile, type OpenLoopRequest } from './open-loop.js';

/** A browser session (cookie and its CSRF token) or an integration's Bearer token. */
export type LoadAuth = { cookie: string; csrf: string } | { token: string };

export interface LoadSeeds {
  accountIds: string[];
  orderIds: string[];
}

export function authHeaders(auth: LoadAuth): Record<string, string> {
  return 'token' in auth ? { authorization: `Bearer ${auth.token}` } : { cookie: auth.cookie, 'x-csrf-token': auth.csrf };
}

/** `http://127.0.0.1:3000`, `3000` or a port number → where to send. */
function target(where: string | number): { host: string; port: number; base: string } {
  if (typeof where === 'number' || /^\d+$/.test(where))
    return { host: '127.0.0.1', port: Number(where), base: `http://127.0.0.1:${where}` };
  const u = new URL(where);
  if (u.protocol !== 'http:') throw new Error(`load runs over plain http, not ${u.protocol}`);
  return { host: u.hostname, port: Number(u.port || 80), base: `${u.protocol}//${u.host}` };
}

/**
 * A few accounts with two orders each, through the API (so it works against any server, a proxy
 * included). The accounts are new, so their first orders start playbook runs like any other.
 */
export async function seedForLoad(
  where: string | number,
  auth: LoadAuth,
  { accounts = 8, ordersPerAccount = 2, tag = randomBytes(3).toString('hex') } = {},
): Promise<LoadSeeds> {
  const { base } = target(where);
  const headers = { ...authHeaders(auth), 'content-type': 'application/json' };
  const post = async (path: string, body: unknown): Promise<{ id: string }> => {
    const res = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`seeding: POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const seeds: LoadSeeds = { accountIds: [], orderIds: [] };
  for (let a = 0; a < accounts; a++) {
    const account = await post('/api/v1/accounts', {
      name: `Load seed ${tag} ${a}`,
      kind: 'customer',
      currency: 'USD',
      city: 'Springfield',
    });
    seeds.accountIds.push(account.id);
    for (let o = 0; o < ordersPerAccount; o++) {
      const order = await post('/api/v1/orders', {
        accountId: account.id,
        number: `LS-${tag}-${a}-${o}`,
        amount: `${1000 + a * 10 + o}.00`,
      });
      seeds.orderIds.push(order.id);
    }
  }
  return seeds;
}

export const LOAD_KINDS = [
  'account list',
  'account page',
  'account timeline',
  'order page',
  'me',
  'create account',
  'create order',
  'update order',
  'log note',
] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];
export const WRITE_KINDS: readonly LoadKind[] = ['create account', 'create order', 'update order', 'log note'];

/**
 * The mix, per 20 requests: 5 writes (25 %) — one new account, one new order (the first order of
 * an account this run created when one has answered, else a second order of a seed account), one
 * order change, two notes — and 15 reads: 3 each of account list, account page, timeline, order
 * page and /me.
 */
// prettier-ignore
const CYCLE: LoadKind[] = [
  'create account', 'account list', 'order page', 'account page', 'log note',
  'account timeline', 'me', 'account list', 'update order', 'order page',
  'account page', 'account timeline', 'create order', 'me', 'account list',
  'order page', 'log note', 'account page', 'account timeline', 'me',
];

export interface LoadOptions {
  /** Base URL (`http://127.0.0.1:PORT`) or port of the server (or of a proxy in front of servers). */
  target: string | number;
  auth: LoadAuth;
  seeds: LoadSeeds;
  /** Requests per second (default 200). */
  rate?: number;
  seconds: number;
  /** Unique per run: order numbers and Idempotency-Keys carry it (default: random). */
  tag?: string;
  /** Failures kept with their bodies (default 5). */
  errorSampleLimit?: number;
  sockets?: number;
  /**
   * How long to wait for the last answers after the last request went out (default 120 s): a
   * server slower than the rate answers its queue late, which is latency, not an error. A request
   * still unanswered then counts as an error.
   */
  drainMs?: number;
}

export interface LatencySummary {
  sent: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult extends LatencySummary {
  /** `METHOD path → status: body` of the first failures. */
  errorSamples: string[];
  /** Of `errors`: socket errors and requests never answered (the rest are non-2xx answers). */
  socketErrors: number;
  achievedRps: number;
  rate: number;
  seconds: number;
  /** Writes among `sent`. */
  writes: number;
  byKind: Record<LoadKind, LatencySummary>;
  /** What the 2xx writes made: accounts, orders (of which first orders), order changes, notes. */
  made: { accounts: number; orders: number; firstOrders: number; orderChanges: number; notes: number };
  /** The three seconds of the run (by due time, from 0) with the slowest request: where the tail comes from. */
  worstSeconds: { second: number; max: number; p50: number }[];
}

const idOf = (body: string): string => (JSON.parse(body) as { id: string }).id;
const round = (x: number) => Math.round(x * 10) / 10;

function summarise(latencies: number[], errors: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent: latencies.length,
    errors,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** Runs the mixed load and sums it up. Never throws on a failed request: they are counted. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const { host, port } = target(o.target);
  const rate = o.rate ?? 200;
  const tag = o.tag ?? randomBytes(4).toString('hex');
  const { accountIds, orderIds } = o.seeds;
  if (accountIds.length === 0 || orderIds.length === 0) throw new Error('runLoad needs seed accounts and orders');
  const kinds: LoadKind[] = [];
  const failedAt = new Set<number>();
  // Accounts this run created, waiting for their first order (each gets one).
  const fresh: string[] = [];
  const made = { accounts: 0, orders: 0, firstOrders: 0, orderChanges: 0, notes: 0 };
  const pick = <T>(xs: readonly T[], k: number) => xs[Math.floor(k / CYCLE.length) % xs.length]!;

  const build = (k: number): OpenLoopRequest => {
    const kind = CYCLE[k % CYCLE.length]!;
    kinds[k] = kind;
    const write = { 'idempotency-key': `load-${tag}-${k}` };
    const account = pick(accountIds, k + (k % 7));
    const order = pick(orderIds, k + (k % 5));
    switch (kind) {
      case 'account list':
        return { method: 'GET', path: k % 40 < 20 ? '/api/v1/accounts?limit=25' : '/api/v1/accounts?limit=25&sort=-createdAt' };
      case 'account page':
        return { method: 'GET', path: `/api/v1/accounts/${account}` };
      case 'account timeline':
        return { method: 'GET', path: `/api/v1/accounts/${account}/timeline?limit=25` };
      case 'order page':
        return { method: 'GET', path: `/api/v1/orders/${order}` };
      case 'me':
        return { method: 'GET', path: '/api/v1/me' };
      case 'create account':
        return {
          method: 'POST',
          path: '/api/v1/accounts',
          headers: write,
          body: { name: `Load ${tag} ${k}`, kind: 'customer', currency: 'USD', city: 'Shelbyville' },
        };
      case 'create order': {
        const newAccount = fresh.shift();
        return {
          method: 'POST',
          path: '/api/v1/orders',
          headers: write,
          body: {
            accountId: newAccount ?? account,
            number: `LD-${tag}-${k}`,
            amount: `${500 + (k % 1000)}.00`,
            promisedDate: '2030-01-15',
          },
        };
      }
      case 'update order':
        return {
          method: 'PATCH',
          path: `/api/v1/orders/${order}`,
          headers: write,
          body: { lots: (k % 50) + 1, amount: `${2000 + (k % 500)}.50`, externalRef: `ERP-${tag}-${k}` },
        };
      case 'log note':
        return {
          method: 'POST',
          path: '/api/v1/activities',
          headers: write,
          body: { accountId: account, kind: 'note', subject: `Load note ${tag} ${k}`, body: 'Asked about lead times for the second lot.' },
        };
    }
  };

  const r = await openLoop({
    host,
    port,
    headers: authHeaders(o.auth),
    rate,
    seconds: o.seconds,
    sockets: o.sockets,
    drainMs: o.drainMs ?? 120_000,
    errorSampleLimit: o.errorSampleLimit ?? 5,
    request: build,
    onResponse: (k, status, body) => {
      if (status === null || status < 200 || status > 299) {
        failedAt.add(k);
        return;
      }
      const kind = kinds[k];
      if (kind === 'create account') {
        made.accounts += 1;
        fresh.push(idOf(body));
      } else if (kind === 'create order') {
        made.orders += 1;
        if ((JSON.parse(body) as { isFirstOrder?: boolean }).isFirstOrder) made.firstOrders += 1;
      } else if (kind === 'update order') made.orderChanges += 1;
      else if (kind === 'log note') made.notes += 1;
    },
  });
  const byKind = Object.fromEntries(
    LOAD_KINDS.map((kind) => {
      const ks = kinds.flatMap((kk, k) => (kk === kind ? [k] : []));
      return [
        kind,
        summarise(
          ks.map((k) => r.latencies[k]!),
          ks.filter((k) => failedAt.has(k)).length,
        ),
      ];
    }),
  ) as Record<LoadKind, LatencySummary>;
  return {
    ...summarise(r.latencies, r.failed),
    errorSamples: r.errorSamples.map((e) => `${e.method} ${e.path} → ${e.status ?? 'no answer'}: ${e.detail}`),
    socketErrors: r.socketErrors,
    achievedRps: round(r.achievedRps),
    rate,
    seconds: o.seconds,
    writes: kinds.filter((k) => WRITE_KINDS.includes(k)).length,
    byKind,
    made,
    worstSeconds: worstSeconds(r.latencies, rate),
  };
}

function worstSeconds(latencies: number[], rate: number): LoadResult['worstSeconds'] {
  const seconds: LoadResult['worstSeconds'] = [];
  for (let from = 0; from < latencies.length; from += rate) {
    const xs = latencies.slice(from, from + rate).sort((a, b) => a - b);
    seconds.push({ second: from / rate, max: round(xs[xs.length - 1]!), p50: round(percentile(xs, 50)) });
  }
  return seconds.sort((a, b) => b.max - a.max).slice(0, 3);
}

/** One line for a log: `2000 sent, 0 errors, p50 4.1 ms, p95 …, p99 …, max …, 199.8 req/s`. */
export function describeLoad(r: LoadResult): string {
  return `${r.sent} sent (${r.writes} writes), ${r.errors} errors, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, max ${r.max} ms, ${r.achievedRps} req/s`;
}

// The benchmark (long form) --------------------------------------------------------------------

export interface LoadBenchResult extends LoadResult {
  engine: 'pglite' | 'postgres';
  /** 1-minute load average when the measured run started and ended. */
  loadAvg: [number, number];
}

/**
 * `rapport start` (role all: HTTP and the job runner, as a user runs it) in a child process on a
 * fresh database `location` (a PGlite folder, or a PostgreSQL URL), a Bearer token written to it,
 * seeds through the API, a 2 s warm-up of the same mix, then `seconds` measured.
 */
export async function runLoadBench(opts: {
  engine: 'pglite' | 'postgres';
  location: string;
  rate: number;
  seconds: number;
  log: (line: string) => void;
}): Promise<LoadBenchResult> {
  const database = await openDatabase(opts.engine === 'postgres' ? { databaseUrl: opts.location } : { dataDir: opts.location });
  let token: string;
  try {
    await database.migrate();
    token = await createBenchToken(database);
  } finally {
    await database.close();
  }
  // The event-latency benchmark's child: startServer(role all), rate limit raised, port over IPC.
  const proc = fork(new URL('./event-latency-server.js', import.meta.url), [opts.engine, opts.location], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`load server exited with ${code}`)));
    proc.on('message', (m: { type: string; port?: number }) => {
      if (m.type === 'listening') resolve(m.port!);
    });
  });
  proc.removeAllListeners('exit');
  try {
    const auth = { token };
    const seeds = await seedForLoad(port, auth, { accounts: 50, ordersPerAccount: 2 });
    const warm = await runLoad({ target: port, auth, seeds, rate: opts.rate, seconds: 2 });
    if (warm.errors > 0) opts.log(`    warm-up: ${warm.errors} errors: ${warm.errorSamples.join(' | ')}`);
    const before = os.loadavg()[0]!;
    const result = await runLoad({ target: port, auth, seeds, rate: opts.rate, seconds: opts.seconds });
    opts.log(`    ${opts.engine}: ${describeLoad(result)}`);
    for (const s of result.errorSamples) opts.log(`      ${s}`);
    return { ...result, engine: opts.engine, loadAvg: [round(before), round(os.loadavg()[0]!)] };
  } finally {
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.send({ type: 'stop' });
    });
  }
}

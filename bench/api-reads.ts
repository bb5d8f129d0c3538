// API reads under a constant arrival rate (open loop, bench/open-loop.ts: latency counted from each
// request's due time), then saturation throughput (autocannon, 10 connections, closed loop), each
// side by side with a bare Fastify hello-world measured in the same run.
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import type { Database } from '../src/db/client.js';
import { users } from '../src/db/schema/index.js';
import { createApiToken } from '../src/domain/users/index.js';
import { openLoop, percentile } from './open-loop.js';
import type { ParentMessage, ServerMessage } from './server.js';

export interface ServerTarget {
  engine: 'pglite' | 'postgres';
  /** PGlite data folder, or the PostgreSQL URL. */
  location: string;
}

export interface Scenario {
  name: string;
  paths: string[];
}

export interface LatencyFigure {
  p50: number;
  p99: number;
  max: number;
  achievedRps: number;
  non2xx: number;
  errors: number;
}

export interface ApiReadsRun {
  rate: Record<string, LatencyFigure>;
  /** Requests per second at saturation, per scenario; `hello` is the bare Fastify baseline. */
  saturation: Record<string, number>;
  rssBytes: number;
}

export interface ApiReadsOptions {
  rate: number;
  rateSeconds: number;
  saturationSeconds: number;
  saturationConnections: number;
}

interface Child {
  proc: ChildProcess;
  port: number;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

async function startChild(args: string[]): Promise<Child> {
  const proc = fork(new URL('./server.js', import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    proc.on('message', (m: ServerMessage) => {
      if (m.type === 'listening') resolve(m.port);
    });
  });
  proc.removeAllListeners('exit');
  const ask = (m: ParentMessage) => proc.send(m);
  return {
    proc,
    port,
    memory: () =>
      new Promise((resolve) => {
        const on = (m: ServerMessage) => {
          if (m.type === 'memory') {
            proc.off('message', on);
            resolve(m);
          }
        };
        proc.on('message', on);
        ask({ type: 'memory' });
      }),
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        ask({ type: 'stop' });
      }),
  };
}

/** A signed-in integration: a user and an API token, written straight to the database. */
export async function createBenchToken(database: Database): Promise<string> {
  const [user] = await database.db
    .insert(users)
    .values({ email: `bench-${Date.now()}@bench.example`, name: 'Bench', roles: ['admin'] })
    .returning();
  const created = await createApiToken(
    {
      db: database.db,
      actor: { kind: 'cli', userId: user!.id, name: 'bench', roles: ['admin'], ip: null, requestId: null },
      now: new Date(),
    },
    'bench',
  );
  return created.token;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: unknown, result) =>
      err ? reject(err instanceof Error ? err : new Error('autocannon failed', { cause: err })) : resolve(result),
    );
  });
}

/** Rotates through the paths so each request reads another account or order. */
function rotating(port: number, paths: string[], token: string | null): Pick<autocannon.Options, 'url' | 'headers' | 'requests'> {
  let i = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }),
      },
    ],
  };
}

async function atRate(port: number, paths: string[], token: string | null, o: ApiReadsOptions): Promise<LatencyFigure> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  // Warm-up (caches, JIT), not recorded.
  await openLoop({ port, paths, headers, rate: o.rate, seconds: 2 });
  const r = await openLoop({ port, paths, headers, rate: o.rate, seconds: o.rateSeconds });
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const ms = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: ms(percentile(sorted, 50)),
    p99: ms(percentile(sorted, 99)),
    max: ms(sorted[sorted.length - 1] ?? NaN),
    achievedRps: r.achievedRps,
    non2xx: r.non2xx,
    errors: r.socketErrors,
  };
}

async function saturate(port: number, paths: string[], token: string | null, o: ApiReadsOptions): Promise<{ rps: number; non2xx: number }> {
  const r = await cannon({ ...rotating(port, paths, token), connections: o.saturationConnections, duration: o.saturationSeconds });
  return { rps: r.requests.average, non2xx: r.non2xx + r.errors };
}

export async function runApiReads(
  target: ServerTarget,
  token: string,
  scenarios: Scenario[],
  o: ApiReadsOptions,
  log: (l: string) => void,
): Promise<ApiReadsRun> {
  const run: ApiReadsRun = { rate: {}, saturation: {}, rssBytes: 0 };
  const hello = await startChild(['hello']);
  try {
    run.rate['hello'] = await atRate(hello.port, ['/'], null, o);
    run.saturation['hello'] = (await saturate(hello.port, ['/'], null, o)).rps;
  } finally {
    await hello.stop();
  }
  const app = await startChild([target.engine, target.location]);
  try {
    for (const s of scenarios) {
      const fig = await atRate(app.port, s.paths, token, o);
      run.rate[s.name] = fig;
      log(
        `    ${s.name}: p50 ${fig.p50} ms, p99 ${fig.p99} ms at ${fig.achievedRps.toFixed(0)} req/s${fig.non2xx + fig.errors > 0 ? ` (${fig.non2xx} non-2xx, ${fig.errors} errors/timeouts)` : ''}`,
      );
    }
    for (const s of scenarios) {
      const sat = await saturate(app.port, s.paths, token, o);
      // Failed answers are not throughput.
      run.saturation[s.name] = sat.non2xx > 0 ? sat.rps * (1 - sat.non2xx / Math.max(1, sat.rps * o.saturationSeconds)) : sat.rps;
      log(`    ${s.name}: ${sat.rps.toFixed(0)} req/s at saturation (hello-world ${(run.saturation['hello'] ?? 0).toFixed(0)})`);
    }
    run.rssBytes = (await app.memory()).rss;
  } finally {
    await app.stop();
  }
  return run;
}

// Load across processes, the quick form (issue 9): two `rapport start --role web` and two
// `--role worker` processes (the built CLI, as a user runs it) on one fresh PostgreSQL database,
// behind a small round-robin proxy in this process on 127.0.0.1. One sign-in through the proxy; the
// session is valid on both web processes; 200 req/s of mixed reads and writes (bench/load.ts) for
// RAPPORT_LOAD_SECONDS (default 10) through the proxy answer without one error, and once the
// outbox drains every domain event was dispatched exactly once, each first order's playbook run
// started once, by the two workers together. No latency is asserted (printed only).
// PostgreSQL only: the embedded database is one process, so there is nothing to share.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, describeLoad, runLoad, seedForLoad, type LoadAuth, type LoadSeeds } from '../../bench/load.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { createTestPostgresDatabase, engines } from '../support/app.js';
import { ensureBuilt } from '../support/built-cli.js';
import { startRapport, within, type RapportProcess } from '../support/worker-process.js';

const SECONDS = Number(process.env['RAPPORT_LOAD_SECONDS'] ?? 10);
const RATE = 200;

interface Proxy {
  port: number;
  /** Per backend: answers with a 2xx status, and everything else (non-2xx, or the backend unreachable). */
  served: { ok: number; failed: number }[];
  close(): Promise<void>;
}

/** Round robin over the backends, one request each in turn; says which one answered in `x-backend`. */
async function startProxy(backends: number[]): Promise<Proxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const served = backends.map(() => ({ ok: 0, failed: 0 }));
  let turn = 0;
  const server = http.createServer((req, res) => {
    const i = turn++ % backends.length;
    const headers = { ...req.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    const upstream = http.request({ host: '127.0.0.1', port: backends[i], method: req.method, path: req.url, headers, agent }, (answer) => {
      const status = answer.statusCode ?? 502;
      served[i]![status >= 200 && status < 300 ? 'ok' : 'failed'] += 1;
      res.writeHead(status, { ...answer.headers, 'x-backend': String(i) });
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      served[i]!.failed += 1;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: backend ${i}: ${err.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    served,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sum of `dispatched` over a worker's "events dispatched" log lines (as in two-workers.test.ts). */
function dispatchedBy(output: string): number {
  let n = 0;
  for (const m of output.matchAll(/events dispatched (\{.*\})/g)) n += (JSON.parse(m[1]!) as { dispatched: number }).dispatched;
  return n;
}

/** `promise`, or a failure saying `what()` when it takes longer than `ms`. */
async function undispatched(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>('select count(*)::int as n from domain_events where dispatched_at is null');
  return Number(row!.n);
}

describe.runIf(engines.includes('postgres'))('two web and two worker processes on one PostgreSQL database, behind a proxy', () => {
  let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let database: Database;
  let proxy: Proxy | undefined;
  let dataDir: string;
  const procs: RapportProcess[] = [];
  const webs: RapportProcess[] = [];
  const workers: RapportProcess[] = [];
  const all = () => procs.map((p) => `--- ${p.name}\n${p.output()}`).join('\n');

  beforeAll(async () => {
    await ensureBuilt();
    pgDb = await createTestPostgresDatabase();
    database = await openDatabase({ databaseUrl: pgDb.url, poolSize: 2 });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rapport-multi-'));
  }, 240_000);

  afterAll(async () => {
    // Whatever happened above: no process, proxy or database outlives the file.
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await Promise.all(procs.map((p) => within(p.exited, 10_000, () => `${p.name} did not die`).catch(() => undefined)));
    await proxy?.close();
    await database?.close();
    await pgDb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(
    `serve ${RATE} req/s for ${SECONDS} s with one session on both web processes, and dispatch every event once`,
    async () => {
      const env = {
        DATABASE_URL: pgDb.url,
        RAPPORT_DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        // Every request comes from the proxy's one address: the per-address limit (1,200/min) would refuse them.
        RATE_LIMIT_PER_MINUTE: '100000000',
        LOG_LEVEL: 'warn',
      };
      // All four at once, as a service manager starts them.
      for (const i of [1, 2]) webs.push(startRapport(`web ${i}`, 'web', env));
      for (const i of [1, 2]) workers.push(startRapport(`worker ${i}`, 'worker', env));
      procs.push(...webs, ...workers);
      const ports = await Promise.all(procs.map((p) => within(p.ready, 90_000, () => `${p.name} was not ready:\n${all()}`)));
      proxy = await startProxy(ports.slice(0, 2));
      const base = `http://127.0.0.1:${proxy.port}`;

      // Sign in once, through the proxy.
      const email = 'load-multi@example.test';
      const password = 'correct horse battery staple';
      const [user] = await database.db
        .insert(users)
        .values({ email, name: 'Load Tester', roles: ['admin'], passwordHash: await hashPassword(password) })
        .returning();
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(login.status).toBe(200);
      const auth: LoadAuth = {
        cookie: login.headers
          .getSetCookie()
          .find((c) => c.startsWith('rapport_session='))!
          .split(';')[0]!,
        csrf: ((await login.json()) as { csrfToken: string }).csrfToken,
      };

      // The one session, straight at each web process: a read and a cookie write (CSRF) on both.
      for (const port of ports.slice(0, 2)) {
        const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: authHeaders(auth) });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { user: { id: string } }).user.id).toBe(user!.id);
      }
      const seeds: LoadSeeds = await seedForLoad(base, auth, { accounts: 8, ordersPerAccount: 2 });

      const tag = `mp${Date.now().toString(36)}`;
      const result = await runLoad({ target: base, auth, seeds, rate: RATE, seconds: SECONDS, tag });
      // eslint-disable-next-line no-console
      console.log(
        `load through the proxy, 2 web + 2 worker processes: ${describeLoad(result)}; per web process (2xx/other): ${proxy.served.map((s) => `${s.ok}/${s.failed}`).join(', ')}`,
      );

      // No request refused or failed, and each web process answered its half with the same session.
      expect(result.errorSamples).toEqual([]);
      expect(result.errors).toBe(0);
      expect(result.sent).toBe(RATE * SECONDS);
      expect(proxy.served.map((s) => s.failed)).toEqual([0, 0]);
      for (const s of proxy.served) expect(s.ok).toBeGreaterThanOrEqual(RATE * SECONDS * 0.45);

      // The outbox drains by itself (the workers), then every event was dispatched once in all and
      // both workers did part of it: a second dispatch of an event would count twice.
      const deadline = Date.now() + 90_000;
      while ((await undispatched(database)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await undispatched(database)).toBe(0);
      const [events] = await database.query<{ n: number; first: number }>(
        `select count(*)::int as n, count(*) filter (where type = 'order.created' and (payload ->> 'isFirstOrder')::boolean)::int as first from domain_events`,
      );
      // Each first order (the seeds' and the run's) has its first-order-care run once; none twice.
      const runs = await database.query<{ order_id: string; playbook_key: string; n: number }>(
        'select order_id, playbook_key, count(*)::int as n from playbook_runs group by order_id, playbook_key',
      );
      expect(runs.filter((r) => Number(r.n) !== 1)).toEqual([]);
      expect(runs.filter((r) => r.playbook_key === 'first-order-care')).toHaveLength(Number(events!.first));
      expect(Number(events!.first)).toBe(seeds.accountIds.length + result.made.firstOrders);

      for (const p of procs) p.proc.kill('SIGTERM');
      const codes = await within(Promise.all(procs.map((p) => p.exited)), 60_000, () => `a process did not exit on SIGTERM:\n${all()}`);
      expect(codes, all()).toEqual([0, 0, 0, 0]);
      const byWorker = workers.map((w) => dispatchedBy(w.output()));
      // eslint-disable-next-line no-console
      console.log(`${Number(events!.n)} domain events, dispatched by the workers: ${byWorker.join(' + ')}; ${runs.length} playbook runs`);
      expect(byWorker[0]! + byWorker[1]!, all()).toBe(Number(events!.n));
      expect(
        byWorker.every((n) => n > 0),
        `dispatched per worker: ${byWorker.join(', ')}`,
      ).toBe(true);
    },
    SECONDS * 1000 + 400_000,
  );
});

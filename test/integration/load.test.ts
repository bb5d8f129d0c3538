// Load, the quick form (issue 9): the real app listening on a port — HTTP and the job runner in one
// process, as `rapport start` runs it — takes 200 req/s of mixed reads and writes (bench/load.ts: a
// quarter writes) through real sockets for RAPPORT_LOAD_SECONDS (default 10) and refuses or fails
// none of them; every write took effect, and the worker dispatches every event it wrote. The
// latency is printed, never asserted: speed is for the benchmark (`npm run bench -- --only load`,
// docs/benchmarks.md), and this machine is shared.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLoad, runLoad, seedForLoad, type LoadAuth, type LoadSeeds } from '../../bench/load.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { users } from '../../src/db/schema/index.js';
import { systemClock } from '../../src/clock.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { buildApp } from '../../src/http/app.js';
import { startJobRunner, type JobRunner } from '../../src/jobs/runner.js';
import { createTestPostgresDatabase, engines, openTestDatabase, testConfig } from '../support/app.js';

const SECONDS = Number(process.env['RAPPORT_LOAD_SECONDS'] ?? 10);
const RATE = 200;

async function undispatched(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>('select count(*)::int as n from domain_events where dispatched_at is null');
  return Number(row!.n);
}

/** A user with a password, signed in through the real login route: the session cookie and its CSRF token. */
export async function signInOverHttp(database: Database, base: string): Promise<LoadAuth> {
  const email = `load-${Date.now()}@example.test`;
  const password = 'correct horse battery staple';
  await database.db.insert(users).values({ email, name: 'Load Tester', roles: ['admin'], passwordHash: await hashPassword(password) });
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('rapport_session='))!
    .split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe.each(engines)('200 req/s of mixed reads and writes on %s', (engine) => {
  let database: Database;
  let pg: Awaited<ReturnType<typeof createTestPostgresDatabase>> | undefined;
  let app: FastifyInstance | undefined;
  let jobs: JobRunner | undefined;
  let base: string;
  let auth: LoadAuth;
  let seeds: LoadSeeds;
  const jobErrors: string[] = [];

  beforeAll(async () => {
    // PostgreSQL: its own database and the default pool, as `rapport start` opens it.
    if (engine === 'postgres') {
      pg = await createTestPostgresDatabase();
      database = await openDatabase({ databaseUrl: pg.url });
    } else database = await openTestDatabase('pglite');
    // The rate limit (1,200/min per address by default) would refuse one client at 200 req/s.
    const config = testConfig({ rateLimitPerMinute: 100_000_000, databaseUrl: pg?.url });
    app = await buildApp({ database, config, serveWeb: false });
    jobs = await startJobRunner({
      database,
      config,
      clock: systemClock,
      log: { info: () => undefined, error: (o, m) => void jobErrors.push(`${m} ${(o as { err?: Error }).err?.message ?? ''}`) },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    auth = await signInOverHttp(database, base);
    seeds = await seedForLoad(base, auth, { accounts: 8, ordersPerAccount: 2 });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.stop();
    await database?.close();
    await pg?.drop();
  });

  it(
    `answers every request for ${SECONDS} s, writes what it said, and dispatches every event`,
    async () => {
      const tag = `${engine}${Date.now().toString(36)}`;
      const result = await runLoad({ target: base, auth, seeds, rate: RATE, seconds: SECONDS, tag });
      // eslint-disable-next-line no-console
      console.log(`load on ${engine}: ${describeLoad(result)}`);

      // No request refused or failed (a 4xx here is as wrong as a 5xx: every request is valid).
      expect(result.errorSamples).toEqual([]);
      expect(result.errors).toBe(0);
      expect(result.sent).toBe(RATE * SECONDS);

      // Every 2xx write is in the database once (idempotency keys are unique per request).
      const [made] = await database.query<{ accounts: number; orders: number; notes: number; changed: number }>(
        `select (select count(*)::int from accounts where name like $1) as accounts,
              (select count(*)::int from orders where number like $2) as orders,
              (select count(*)::int from activities where subject like $4) as notes,
              (select count(*)::int from orders where external_ref like $3) as changed`,
        [`Load ${tag} %`, `LD-${tag}-%`, `ERP-${tag}-%`, `Load note ${tag} %`],
      );
      expect(made).toEqual({
        accounts: result.made.accounts,
        orders: result.made.orders,
        notes: result.made.notes,
        changed: Math.min(result.made.orderChanges, seeds.orderIds.length),
      });
      expect(result.made.firstOrders).toBeGreaterThan(0);

      // The job runner kept up with the writes' events: the outbox drains, each first order of the
      // run has its first-order-care run once, and no job failed.
      const deadline = Date.now() + 60_000;
      while ((await undispatched(database)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await undispatched(database)).toBe(0);
      const runs = await database.query<{ number: string; n: number }>(
        `select o.number, count(r.id)::int as n
         from orders o join accounts a on a.first_order_id = o.id
         left join playbook_runs r on r.order_id = o.id and r.playbook_key = 'first-order-care'
        where o.number like $1 group by o.number`,
        [`LD-${tag}-%`],
      );
      expect(runs).toHaveLength(result.made.firstOrders);
      expect(runs.filter((r) => Number(r.n) !== 1)).toEqual([]);
      expect(jobErrors).toEqual([]);
    },
    SECONDS * 1000 + 300_000,
  );
});

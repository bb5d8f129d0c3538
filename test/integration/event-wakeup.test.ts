// The worker's LISTEN connection on PostgreSQL (src/jobs/event-wakeup.ts) survives the server
// ending it: the runner listens again on a new connection and keeps dispatching. PostgreSQL only —
// on PGlite the listener is the database's one in-process connection, which nothing can end apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { accounts } from '../../src/db/schema/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { installBuiltinPlaybooks } from '../../src/domain/playbooks/index.js';
import { systemClock } from '../../src/clock.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { startJobRunner, type JobRunner } from '../../src/jobs/runner.js';
import { createTestPostgresDatabase, engines, testConfig } from '../support/app.js';

/** Polls `check` until it holds (bounded); the runner works in the background. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The whole file is about PostgreSQL: without it (RAPPORT_TEST_ENGINES=pglite, or no server and
// RAPPORT_REQUIRE_POSTGRES unset) it is reported as skipped; CI requires PostgreSQL, so it runs.
describe.runIf(engines.includes('postgres'))('the job runner on PostgreSQL', () => {
  let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let database: Database;
  let runner: JobRunner | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    pgDb = await createTestPostgresDatabase();
    database = await openDatabase({ databaseUrl: pgDb.url, poolSize: 3 });
    await installBuiltinPlaybooks({ db: database.db, now: new Date() });
    runner = await startJobRunner({
      database,
      config: testConfig({ databaseUrl: pgDb.url }),
      clock: systemClock,
      log: { info: () => undefined, error: (_o, msg) => void errors.push(msg) },
    });
  });

  afterAll(async () => {
    await runner?.stop();
    await database?.close();
    await pgDb?.drop();
  });

  const listeners = () =>
    database.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and query = 'listen rapport_events'`,
    );

  it('listens again after the server ends its LISTEN connection, and still dispatches', async () => {
    await eventually(async () => (await listeners()).length === 1, 'the runner listens');
    const [first] = await listeners();
    await database.query('select pg_terminate_backend($1)', [first!.pid]);
    await eventually(async () => {
      const now = await listeners();
      return now.length === 1 && now[0]!.pid !== first!.pid;
    }, 'a new connection listens');
    expect(errors).toContain('event listener connection lost; reconnecting');

    const [account] = await database.db.insert(accounts).values({ name: 'After reconnect', kind: 'customer', currency: 'USD' }).returning();
    const order = await createOrder(
      { db: database.db, actor: systemActor('test'), now: new Date() },
      { accountId: account!.id, number: 'RECONNECT-1', amount: '1000.00' },
    );
    await eventually(
      async () => (await database.query(`select 1 from playbook_runs where order_id = $1`, [order.id])).length === 1,
      'the order has its run',
    );
  }, 90_000);
});

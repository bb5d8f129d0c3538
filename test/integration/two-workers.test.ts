// Two `rapport start --role worker` processes on one PostgreSQL database share the outbox: 1,000
// first orders of new accounts, every playbook run started exactly once, every event dispatched
// once, and both processes did part of the work. PostgreSQL only, and registered only where it
// runs: the embedded database allows one process per data folder, so there is nothing to share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { accounts } from '../../src/db/schema/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { createTestPostgresDatabase, engines } from '../support/app.js';
import { ensureBuilt } from '../support/built-cli.js';
import { startWorker, within, type RapportProcess } from '../support/worker-process.js';

const ORDERS = 1000;
/** Sum of `dispatched` over a worker's "events dispatched" log lines. */
function dispatchedBy(output: string): number {
  let n = 0;
  for (const m of output.matchAll(/events dispatched (\{.*\})/g)) n += (JSON.parse(m[1]!) as { dispatched: number }).dispatched;
  return n;
}

async function undispatched(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>('select count(*)::int as n from domain_events where dispatched_at is null');
  return Number(row!.n);
}

// The whole file is about PostgreSQL: without it (RAPPORT_TEST_ENGINES=pglite, or no server and
// RAPPORT_REQUIRE_POSTGRES unset) it is reported as skipped; CI requires PostgreSQL, so it runs.
describe.runIf(engines.includes('postgres'))('two worker processes on one PostgreSQL database', () => {
  let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let database: Database;
  const workers: RapportProcess[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    pgDb = await createTestPostgresDatabase();
    database = await openDatabase({ databaseUrl: pgDb.url, poolSize: 4 });
  }, 240_000);

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    await database?.close();
    await pgDb?.drop();
  });

  it('start every playbook run of 1,000 first orders exactly once, and both do part of the work', async () => {
    // Both at once on a new database, as a service manager starts them. Regression: the second
    // died at start with "deadlock detected" in pg-boss's createQueue until the job setup took an
    // advisory lock (runner.ts). Bounded waits name what hung.
    for (let i = 0; i < 2; i++) workers.push(startWorker(pgDb.url));
    await Promise.all(workers.map((w, i) => within(w.ready, 90_000, () => `worker ${i + 1} was not ready: ${w.output()}`)));

    // New accounts, then their first orders through the real use case while both workers listen.
    const rows = await database.db
      .insert(accounts)
      .values(
        Array.from({ length: ORDERS }, (_, i) => ({
          name: `Two workers ${i}`,
          kind: 'customer' as const,
          currency: 'USD',
          potentialAnnualSpend: null,
        })),
      )
      .returning({ id: accounts.id });
    const actor = systemActor('two-workers test');
    const orderIds: string[] = [];
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < ORDERS; i += lanes) {
          const order = await createOrder(
            { db: database.db, actor, now: new Date() },
            { accountId: rows[i]!.id, number: `TW-${i}`, amount: '1000.00' },
          );
          orderIds.push(order.id);
        }
      }),
    );
    expect(orderIds).toHaveLength(ORDERS);

    // The outbox drains by itself: poll the database until it is empty (bounded).
    const deadline = Date.now() + 90_000;
    while ((await undispatched(database)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await undispatched(database)).toBe(0);

    // One first-order-care run per order: none missing, none twice.
    const runs = await database.query<{ order_id: string; playbook_key: string; n: number }>(
      'select order_id, playbook_key, count(*)::int as n from playbook_runs group by order_id, playbook_key',
    );
    expect(runs).toHaveLength(ORDERS);
    expect(new Set(runs.map((r) => r.order_id))).toEqual(new Set(orderIds));
    expect(runs.every((r) => r.playbook_key === 'first-order-care' && Number(r.n) === 1)).toBe(true);
    // Each run has its steps' tasks once.
    const [pb] = await database.query<{ steps: number }>(
      `select jsonb_array_length(document -> 'steps') as steps from playbooks where key = 'first-order-care' and is_current`,
    );
    const steps = Number(pb!.steps);
    const taskCounts = await database.query<{ n: number; runs: number }>(
      'select n, count(*)::int as runs from (select run_id, count(*)::int as n from tasks group by run_id) t group by n',
    );
    expect(taskCounts).toEqual([{ n: steps, runs: ORDERS }]);

    // Stop both (SIGTERM, as a service manager does); each exits cleanly.
    for (const w of workers) w.proc.kill('SIGTERM');
    const exits = within(
      Promise.all(workers.map((w) => w.exited)),
      60_000,
      () => `a worker did not exit on SIGTERM:\n${workers.map((w) => w.output()).join('\n---\n')}`,
    );
    expect(await exits).toEqual([0, 0]);
    // Every event was dispatched once in all (a second dispatch of one event would count twice),
    // and both processes dispatched some.
    const byWorker = workers.map((w) => dispatchedBy(w.output()));
    expect(byWorker[0]! + byWorker[1]!, workers.map((w) => w.output()).join('\n---\n')).toBe(ORDERS);
    expect(
      byWorker.every((n) => n > 0),
      `dispatched per worker: ${byWorker.join(', ')}`,
    ).toBe(true);
  }, 300_000);
});

// Contract test of src/adapters/pg-boss.ts: pg-boss keeps its jobs in `pgboss.job`, one row per job
// with its queue name, state, data, output and retry counters, and a failed job goes back to its
// queue when state becomes 'retry' with one more retry allowed (what PgBoss#retry does). The
// dead-letter list and the pump's idle check read that table; a pg-boss upgrade that changes its
// layout fails here. Real pg-boss, as `rapport start` runs it: in-process on PGlite, its own pool on
// PostgreSQL. A database pg-boss 10 set up (schema version 24, which pg-boss 12 cannot migrate) is
// set aside and its waiting and failed jobs are carried into the new schema.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOSS_10_SCHEMA, bossSchemaVersion, countJobRows, failedJobs, hasJobTable, retryFailedJob } from '../../../src/adapters/pg-boss.js';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { DAILY_SWEEP } from '../../../src/jobs/daily-sweep.js';
import { DISPATCH_EVENTS } from '../../../src/jobs/dispatch-events.js';
import { startJobRunner, type JobRunner } from '../../../src/jobs/runner.js';
import { packageRoot } from '../../../src/paths.js';
import { createTestPostgresDatabase, engines, openTestDatabase, testConfig } from '../../support/app.js';

describe.each(engines)("pg-boss's job table on %s", (engine) => {
  let database: Database;
  let runner: JobRunner;
  let dropPostgres: (() => Promise<void>) | null = null;
  let hadJobTableBeforeStart = true;

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      const pgDb = await createTestPostgresDatabase();
      databaseUrl = pgDb.url;
      dropPostgres = () => pgDb.drop();
      database = await openDatabase({ databaseUrl, poolSize: 4 });
    } else {
      database = await openTestDatabase('pglite');
    }
    hadJobTableBeforeStart = await hasJobTable(database);
    const quiet = () => undefined;
    runner = await startJobRunner({
      database,
      config: testConfig({ databaseUrl }),
      clock: { now: () => new Date() },
      log: { info: quiet, error: quiet },
    });
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await database?.close();
    await dropPostgres?.();
  });

  /** A queue of this test's own, with no worker: jobs stay where the test puts them. */
  async function newQueue(): Promise<string> {
    const name = `contract-${randomUUID()}`;
    await runner.boss.createQueue(name, { retryLimit: 0 });
    return name;
  }

  it('exists once pg-boss has started, and not before', async () => {
    expect(hadJobTableBeforeStart).toBe(false);
    expect(await hasJobTable(database)).toBe(true);
  });

  it('counts the rows of a queue, in all states or in one', async () => {
    const queue = await newQueue();
    expect(await countJobRows(database, queue)).toBe(0);
    await runner.boss.send(queue, { n: 1 });
    await runner.boss.send(queue, { n: 2 });
    const id = await runner.boss.send(queue, { n: 3 });
    expect(await countJobRows(database, queue)).toBe(3);
    expect(await countJobRows(database, queue, 'created')).toBe(3);
    const [job] = await runner.boss.fetch(queue);
    await runner.boss.complete(queue, job!.id);
    expect(await countJobRows(database, queue, 'completed')).toBe(1);
    expect(await countJobRows(database, queue, 'created')).toBe(2);
    expect(await countJobRows(database, queue)).toBe(3);
    expect(id).toBeTruthy();
  });

  it('lists a failed job with its data, error and retries, and a retry puts it back in its queue', async () => {
    const queue = await newQueue();
    const id = await runner.boss.send(queue, { order: 'SO-7' });
    const [fetched] = await runner.boss.fetch(queue);
    expect(fetched?.id).toBe(id);
    await runner.boss.fail(queue, id!, { message: 'refused' });

    const listed = (await failedJobs(database, 200)).find((j) => j.id === id);
    expect(listed).toMatchObject({ name: queue, data: { order: 'SO-7' }, output: { message: 'refused' }, retryCount: 0 });
    expect(listed!.createdOn).toBeInstanceOf(Date);
    expect(listed!.completedOn).toBeInstanceOf(Date);

    expect(await retryFailedJob(database, id!)).toBe(true);
    expect((await runner.boss.getJobById(queue, id!))?.state).toBe('retry');
    expect((await failedJobs(database, 200)).some((j) => j.id === id)).toBe(false);
    const [again] = await runner.boss.fetch(queue);
    expect(again?.id).toBe(id);
    // Not failed any more: nothing to retry.
    expect(await retryFailedJob(database, id!)).toBe(false);
    expect(await retryFailedJob(database, randomUUID())).toBe(false);
  });
});

describe.each(engines)('a database set up by pg-boss 10, on %s', (engine) => {
  let database: Database;
  let dropPostgres: (() => Promise<void>) | null = null;
  let databaseUrl: string | undefined;
  const ids = { waitingSweep: randomUUID(), failedDispatch: randomUUID(), doneDispatch: randomUUID(), otherQueue: randomUUID() };

  beforeAll(async () => {
    if (engine === 'postgres') {
      const pgDb = await createTestPostgresDatabase();
      databaseUrl = pgDb.url;
      dropPostgres = () => pgDb.drop();
      database = await openDatabase({ databaseUrl, poolSize: 4 });
    } else {
      database = await openTestDatabase('pglite');
    }
    // What a worker running pg-boss 10.4.2 left behind: its schema, its queues, and jobs in each state.
    await database.exec(readFileSync(path.join(packageRoot, 'test', 'support', 'pg-boss-10-schema.sql'), 'utf8'));
    for (const queue of [DISPATCH_EVENTS, DAILY_SWEEP, 'gone-since'])
      await database.query(`select pgboss.create_queue($1, '{"policy": "standard", "retryLimit": 2}'::json)`, [queue]);
    const insert = (id: string, name: string, state: string, output: object | null) =>
      database.query(`insert into pgboss.job (id, name, state, data, output, policy) values ($1, $2, $3, $4, $5, 'standard')`, [
        id,
        name,
        state,
        { from: 'pg-boss 10' },
        output,
      ]);
    await insert(ids.waitingSweep, DAILY_SWEEP, 'created', null);
    await insert(ids.failedDispatch, DISPATCH_EVENTS, 'failed', { message: 'events not dispatched: #7' });
    await insert(ids.doneDispatch, DISPATCH_EVENTS, 'completed', null);
    await insert(ids.otherQueue, 'gone-since', 'created', null);
    expect(await bossSchemaVersion(database)).toBe(24);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await dropPostgres?.();
  });

  const start = async () => {
    const logged: string[] = [];
    const log = (_obj: object, msg: string) => void logged.push(msg);
    const runner = await startJobRunner({
      database,
      config: testConfig({ databaseUrl }),
      clock: { now: () => new Date() },
      log: { info: log, error: log },
    });
    return { runner, logged };
  };

  it('starts: the old schema is kept aside, the waiting and failed jobs of known queues come along once', async () => {
    const first = await start();
    try {
      expect(first.logged).toContain('pg-boss 10 schema set aside');
      expect(first.logged).toContain('pg-boss 10 jobs carried forward');
      expect(await bossSchemaVersion(database)).toBeGreaterThan(24);
      // The dead-letter list still shows the job that failed under pg-boss 10.
      expect((await failedJobs(database, 200)).find((j) => j.id === ids.failedDispatch)).toMatchObject({
        name: DISPATCH_EVENTS,
        data: { from: 'pg-boss 10' },
        output: { message: 'events not dispatched: #7' },
      });
      // The waiting sweep is in the new queue (a worker may have run it already); finished jobs and
      // jobs of queues Rapport no longer has stay behind.
      expect(await first.runner.boss.getJobById(DAILY_SWEEP, ids.waitingSweep)).not.toBeNull();
      expect(await first.runner.boss.getJobById(DISPATCH_EVENTS, ids.doneDispatch)).toBeNull();
      expect(await countJobRows(database, DISPATCH_EVENTS, 'failed')).toBe(1);
      const kept = await database.query<{ n: number }>(`select count(*)::int as n from ${BOSS_10_SCHEMA}.job`);
      expect(kept[0]!.n).toBe(4);
    } finally {
      await first.runner.stop();
    }
    const again = await start();
    try {
      expect(again.logged).not.toContain('pg-boss 10 schema set aside');
      expect(again.logged).not.toContain('pg-boss 10 jobs carried forward');
      expect(await countJobRows(database, DISPATCH_EVENTS, 'failed')).toBe(1);
    } finally {
      await again.runner.stop();
    }
  }, 120_000);
});

// Contract test of src/adapters/pg-boss.ts: pg-boss keeps its jobs in `pgboss.job`, one row per job
// with its queue name, state, data, output and retry counters, and a failed job goes back to its
// queue when state becomes 'retry' with one more retry allowed (what PgBoss#retry does). The
// dead-letter list and the pump's idle check read that table; a pg-boss upgrade that changes its
// layout fails here. Real pg-boss, as `rapport start` runs it: in-process on PGlite, its own pool on
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countJobRows, failedJobs, hasJobTable, retryFailedJob } from '../../../src/adapters/pg-boss.js';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { startJobRunner, type JobRunner } from '../../../src/jobs/runner.js';
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
    await runner.boss.createQueue(name, { name, retryLimit: 0 });
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

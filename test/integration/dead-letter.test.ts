// The dead-letter list (issue 4): a job that failed after its last retry is listed for admins with
// its error, and an admin's retry puts it back in the queue, where a worker can take it again. Real
// pg-boss, as `rapport start` runs it: in-process on PGlite, its own pool on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedJob } from '../../contract/tasks.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { buildApp } from '../../src/http/app.js';
import { startJobRunner, type JobRunner } from '../../src/jobs/runner.js';
import { createTestPostgresDatabase, engines, openTestDatabase, signIn, testConfig, type TestContext } from '../support/app.js';

const QUEUE = 'test-dead-letter';

describe.each(engines)('failed jobs on %s', (engine) => {
  const ctx = { engine } as TestContext;
  let runner: JobRunner;
  let dropPostgres: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    let database: Database;
    if (engine === 'postgres') {
      const pgDb = await createTestPostgresDatabase();
      databaseUrl = pgDb.url;
      dropPostgres = () => pgDb.drop();
      database = await openDatabase({ databaseUrl, poolSize: 4 });
    } else {
      database = await openTestDatabase('pglite');
    }
    ctx.database = database;
    const config = testConfig({ databaseUrl });
    ctx.app = await buildApp({ database, config, serveWeb: false });
    runner = await startJobRunner({
      database,
      config,
      clock: { now: () => new Date() },
      log: { info: () => undefined, error: () => undefined },
    });
    await runner.boss.createQueue(QUEUE, { retryLimit: 0 });
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await ctx.app?.close();
    await ctx.database?.close();
    await dropPostgres?.();
  });

  it('lists a job that failed for good with its error, and a retry queues it again', async () => {
    const admin = await signIn(ctx, ['admin']);
    const gm = await signIn(ctx, ['gm']);
    const id = await runner.boss.send(QUEUE, { orderNumber: 'SO-1' });
    expect(id).toBeTruthy();
    const [fetched] = await runner.boss.fetch(QUEUE);
    expect(fetched?.id).toBe(id);
    await runner.boss.fail(QUEUE, id!, { message: 'SMTP server refused the message' });

    const denied = await ctx.app.inject({ method: 'GET', url: '/api/v1/jobs/failed', headers: gm.headers });
    expect(denied.statusCode).toBe(403);
    const listed = await ctx.app.inject({ method: 'GET', url: '/api/v1/jobs/failed', headers: admin.headers });
    expect(listed.statusCode).toBe(200);
    const job = listed.json<{ items: FailedJob[] }>().items.find((j) => j.id === id);
    expect(job).toMatchObject({ name: QUEUE, data: { orderNumber: 'SO-1' }, output: { message: 'SMTP server refused the message' } });

    const retried = await ctx.app.inject({ method: 'POST', url: `/api/v1/jobs/${id}/retry`, headers: admin.headers });
    expect(retried.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/jobs/failed', headers: admin.headers });
    expect(after.json<{ items: FailedJob[] }>().items.some((j) => j.id === id)).toBe(false);
    // Back in the queue: a worker takes it again and can finish it this time.
    const [again] = await runner.boss.fetch(QUEUE);
    expect(again?.id).toBe(id);
    await runner.boss.complete(QUEUE, id!);
    expect((await runner.boss.getJobById(QUEUE, id!))?.state).toBe('completed');

    const twice = await ctx.app.inject({ method: 'POST', url: `/api/v1/jobs/${id}/retry`, headers: admin.headers });
    expect(twice.statusCode).toBe(404);
    expect(twice.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(twice.json<{ code: string }>().code).toBe('jobs.not_found');
  });
});

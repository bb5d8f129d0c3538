// The dispatch pump (src/jobs/runner.ts, decision 0003): each worker ticks once a second, and a tick
// sends the dispatch-events job only when an event waits. An idle install writes no job rows (the
// pump used to write one a second, ~86,000 a day); an event whose NOTIFY was missed is still
// dispatched by the job, and a failing one still goes down pg-boss's retry path. Real pg-boss, as
// `rapport start` runs it: in-process on PGlite, its own pool on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countJobRows } from '../../src/adapters/pg-boss.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { hasUndispatchedEvents } from '../../src/domain/playbooks/index.js';
import { DISPATCH_EVENTS } from '../../src/jobs/dispatch-events.js';
import { startJobRunner, type JobRunner } from '../../src/jobs/runner.js';
import { createTestPostgresDatabase, engines, openTestDatabase, testConfig } from '../support/app.js';

/** Polls `check` until it holds (bounded); the runner works in the background. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An hour of pump ticks at one a second. */
const IDLE_HOUR_TICKS = 3600;

describe.each(engines)('the dispatch pump on %s', (engine) => {
  let database: Database;
  let runner: JobRunner;
  let dropPostgres: (() => Promise<void>) | null = null;
  const logged: { msg: string; obj: Record<string, unknown> }[] = [];

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
    const log = (obj: object, msg: string) => void logged.push({ msg, obj: obj as Record<string, unknown> });
    runner = await startJobRunner({
      database,
      config: testConfig({ databaseUrl }),
      clock: { now: () => new Date() },
      log: { info: log, error: log },
    });
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await database?.close();
    await dropPostgres?.();
  });

  const waiting = () => hasUndispatchedEvents({ db: database.db, now: new Date() });
  /** An event written without its NOTIFY, as when a notification is lost: only the pump finds it. */
  const insertEventWithoutNotify = async (type: string) => {
    const [row] = await database.query<{ id: string }>(
      `insert into domain_events (type, subject_type, subject_id, occurred_at) values ($1, 'test', gen_random_uuid(), now()) returning id`,
      [type],
    );
    return Number(row!.id);
  };
  const dispatchedAt = async (id: number) =>
    (await database.query<{ at: Date | null }>(`select dispatched_at as at from domain_events where id = $1`, [id]))[0]?.at ?? null;

  it('writes no job rows in an idle hour', async () => {
    await eventually(async () => !(await waiting()), 'no event waits');
    const before = await countJobRows(database, DISPATCH_EVENTS);
    let sent = 0;
    for (let i = 0; i < IDLE_HOUR_TICKS; i++) if (await runner.pumpOnce()) sent += 1;
    expect(sent).toBe(0);
    expect(await countJobRows(database, DISPATCH_EVENTS)).toBe(before);
  }, 120_000);

  it('sends the job for an event whose notification was missed, and the job dispatches it', async () => {
    const before = await countJobRows(database, DISPATCH_EVENTS);
    const id = await insertEventWithoutNotify('test.missed_notify');
    expect(await runner.pumpOnce()).toBe(true);
    expect(await countJobRows(database, DISPATCH_EVENTS)).toBeGreaterThan(before);
    await eventually(async () => (await dispatchedAt(id)) !== null, 'the event is dispatched');
    // The job logs once its transaction has committed, so the line may trail the row by a moment.
    await eventually(
      async () => logged.some((l) => l.msg === 'events dispatched' && l.obj.via === 'job'),
      'the dispatch-events job logs that it dispatched the event',
    );
    // Nothing waits any more: the pump is quiet again.
    expect(await runner.pumpOnce()).toBe(false);
  });

  it('keeps sending the job while an event fails, and pg-boss retries the failed job', async () => {
    // A poison event: its dispatch fails every time (a trigger refuses to mark it dispatched).
    await database.exec(`
      create function test_refuse_poison() returns trigger language plpgsql as $$
        begin raise exception 'poison event %', old.id; end $$;
      create trigger test_refuse_poison before update on domain_events
        for each row when (old.type = 'test.poison') execute function test_refuse_poison();`);
    const id = await insertEventWithoutNotify('test.poison');
    expect(await runner.pumpOnce()).toBe(true);
    await eventually(async () => (await countJobRows(database, DISPATCH_EVENTS, 'retry')) > 0, 'a dispatch-events job is retried');
    expect(await dispatchedAt(id)).toBeNull();
    expect(await runner.pumpOnce()).toBe(true);
    // Once the event can be handled, the next job dispatches it and the pump falls quiet.
    await database.exec(`drop trigger test_refuse_poison on domain_events`);
    await eventually(async () => (await dispatchedAt(id)) !== null, 'the event is dispatched after all', 30_000);
    await eventually(async () => !(await runner.pumpOnce()), 'the pump is quiet');
  }, 60_000);
});

// The job runner (docs/decisions/0003-jobs-on-pg-boss.md): pg-boss in-process on PGlite through
// its `db.executeSql` adapter, or its own pool on PostgreSQL. A worker dispatches the outbox as soon
// as NOTIFY rapport_events says an event committed (the fast path), pumps dispatch-events (a
// singleton-keyed job, so N workers enqueue one at a time) as the safety net when an event waits, and schedules the cron jobs.
import { fromPglite, PgBoss } from 'pg-boss';
import type { Config } from '../config.js';
import { BOSS_10_SCHEMA, carryForwardBoss10Jobs, setAsideBoss10Schema } from '../adapters/pg-boss.js';
import { JOB_SETUP_LOCK, oneAtATime, type Database } from '../db/client.js';
import type { Clock } from '../domain/shared/index.js';
import { getSettings } from '../domain/settings/index.js';
import { DAILY_SWEEP, dailySweepQueue, runDailySweep, sweepCron } from './daily-sweep.js';
import {
  DELIVER_INTERVAL_MS,
  DELIVER_WEBHOOKS,
  deliverWebhooksQueue,
  pumpDeliverWebhooks,
  runDeliverWebhooks,
} from './deliver-webhooks.js';
import { DISPATCH_EVENTS, dispatchEventsQueue, pumpDispatchEvents, runDispatchEvents } from './dispatch-events.js';
import { coalesce, listenForEvents } from './event-wakeup.js';
import { ESCALATE_CRON, ESCALATE_OVERDUE, escalateOverdueQueue, runEscalateOverdue } from './escalate-overdue.js';
import { pumpSendMessages, runSendMessages, SEND_INTERVAL_MS, SEND_MESSAGES, sendMessagesQueue } from './send-messages.js';

export interface JobRunner {
  boss: PgBoss;
  /** One tick of the dispatch pump (the runner ticks every second); true when it sent the job. */
  pumpOnce(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

function bossFor(database: Database, config: Config): PgBoss {
  if (database.engine === 'postgres') return new PgBoss({ connectionString: config.databaseUrl!, max: 4 });
  // pg-boss's own PGlite adapter: parameterised statements through query(), its multi-statement DDL
  // and locked blocks through exec(), and a rollback after a failed statement on the one connection.
  return new PgBoss({ backend: 'pglite', db: fromPglite(database.pglite!) });
}

/**
 * On PostgreSQL, one process at a time installs (or upgrades) pg-boss's schema and creates the
 * queues and schedules: two workers started at once on a new database deadlocked in createQueue
 * (pg-boss 10 created a table per queue), and one of them died at start. The others wait, then find it done.
 */
function oneSetupAtATime<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  return database.engine === 'postgres' ? oneAtATime(database.pool!, JOB_SETUP_LOCK, fn) : fn();
}

export async function startJobRunner({
  database,
  config,
  clock,
  log,
}: {
  database: Database;
  config: Config;
  clock: Clock;
  log: Logger;
}): Promise<JobRunner> {
  const boss = bossFor(database, config);
  boss.on('error', (err: Error) => log.error({ err }, 'job runner error'));
  await oneSetupAtATime(database, async () => {
    // A database pg-boss 10 set up: its schema is set aside, pg-boss installs its own, and the jobs
    // still waiting or failed are copied over (src/adapters/pg-boss.ts, decision 0003).
    if (await setAsideBoss10Schema(database)) log.info({ schema: BOSS_10_SCHEMA }, 'pg-boss 10 schema set aside');
    await boss.start();
    await boss.createQueue(DISPATCH_EVENTS, dispatchEventsQueue);
    await boss.createQueue(ESCALATE_OVERDUE, escalateOverdueQueue);
    await boss.createQueue(DAILY_SWEEP, dailySweepQueue);
    await boss.createQueue(SEND_MESSAGES, sendMessagesQueue);
    await boss.createQueue(DELIVER_WEBHOOKS, deliverWebhooksQueue);
    const carried = await carryForwardBoss10Jobs(database);
    if (carried !== null) log.info({ carried, from: BOSS_10_SCHEMA }, 'pg-boss 10 jobs carried forward');
    const tz = (await getSettings(database.db)).timezone;
    await boss.schedule(ESCALATE_OVERDUE, ESCALATE_CRON, {}, { tz });
    await boss.schedule(DAILY_SWEEP, sweepCron(config.dailySweepAt), {}, { tz });
  });
  await boss.work(DISPATCH_EVENTS, { pollingIntervalSeconds: 0.5 }, async () => {
    const result = await runDispatchEvents(database, clock);
    if (result.dispatched > 0) log.info({ via: 'job', ...result }, 'events dispatched');
  });
  await boss.work(ESCALATE_OVERDUE, async () => {
    await runEscalateOverdue(database, clock, config.escalationGraceHours);
  });
  await boss.work(DAILY_SWEEP, async () => {
    await runDailySweep(database, clock);
  });
  await boss.work(SEND_MESSAGES, async () => {
    const result = await runSendMessages(database, clock, config);
    if (result.sent + result.retrying + result.failed > 0) log.info({ ...result }, 'messages sent');
  });
  await boss.work(DELIVER_WEBHOOKS, async () => {
    const result = await runDeliverWebhooks(database, clock);
    if (result.delivered + result.retrying + result.failed > 0) log.info({ ...result }, 'webhooks delivered');
  });
  // Outbound webhooks: as mail, one delivery job queued per interval across all workers, only when one is due.
  const deliverJob = () => boss.send(DELIVER_WEBHOOKS, {}, { singletonKey: 'webhooks', singletonSeconds: DELIVER_INTERVAL_MS / 1000 });
  const deliver = setInterval(
    () => void pumpDeliverWebhooks(database, clock, deliverJob).catch((err: unknown) => log.error({ err }, 'webhook pump')),
    DELIVER_INTERVAL_MS,
  );
  // Mail: when a message is due and a mail server is set, at most one send job queued per interval
  // across all workers (singletonKey); otherwise nothing is written.
  const sendMailJob = () => boss.send(SEND_MESSAGES, {}, { singletonKey: 'mail', singletonSeconds: SEND_INTERVAL_MS / 1000 });
  const sendMail = setInterval(
    () => void pumpSendMessages(database, clock, config, sendMailJob).catch((err: unknown) => log.error({ err }, 'mail pump')),
    SEND_INTERVAL_MS,
  );
  // The pump: when an event waits, at most one dispatch job queued per second across all workers
  // (singletonKey); when none waits, nothing is written.
  const sendDispatchJob = () =>
    boss
      .send(DISPATCH_EVENTS, {}, { singletonKey: 'pump', singletonSeconds: 1 })
      .catch((err: unknown) => log.error({ err }, 'dispatch pump'));
  const pumpOnce = () => pumpDispatchEvents(database, clock, sendDispatchJob);
  const pump = setInterval(() => void pumpOnce().catch((err: unknown) => log.error({ err }, 'dispatch pump')), 1000);
  // The fast path: NOTIFY → dispatch now, one pass in flight and one queued at most. A pass that
  // leaves an event failed hands over to the dispatch-events job, so retries with backoff and the
  // dead-letter list work as before.
  const fastDispatch = coalesce(
    async () => {
      try {
        const result = await runDispatchEvents(database, clock);
        if (result.dispatched > 0) log.info({ via: 'notify', ...result }, 'events dispatched');
        return;
      } catch (err) {
        log.error({ err }, 'dispatch on notify failed; handing over to the dispatch-events job');
      }
      await sendDispatchJob();
    },
    (err) => log.error({ err }, 'dispatch on notify'),
  );
  const listener = await listenForEvents(database, config.databaseUrl, () => fastDispatch.trigger(), log);
  fastDispatch.trigger(); // events committed before this worker listened
  log.info({ engine: database.engine }, 'job runner started');
  return {
    boss,
    pumpOnce,
    async stop() {
      clearInterval(pump);
      clearInterval(sendMail);
      clearInterval(deliver);
      await listener.stop();
      await fastDispatch.idle();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

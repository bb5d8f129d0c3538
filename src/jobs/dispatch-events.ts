// Job: dispatch the outbox (domain_events) to playbook triggers. Idempotent; at-least-once.
import type { Database } from '../db/client.js';
import { dispatchPendingEvents, hasUndispatchedEvents } from '../domain/playbooks/index.js';
import type { Clock } from '../domain/shared/index.js';

export const DISPATCH_EVENTS = 'dispatch-events';
export const dispatchEventsQueue = { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 };

export async function runDispatchEvents(database: Database, clock: Clock): Promise<{ dispatched: number; runsStarted: number }> {
  const result = await dispatchPendingEvents({ db: database.db, now: clock.now() });
  // Failing events stay undispatched; failing the job puts it on pg-boss's retry-with-backoff path
  // and, once retries are spent, in the dead-letter list an admin sees.
  if (result.failed.length > 0)
    throw new Error(`events not dispatched: ${result.failed.map((f) => `#${f.eventId}: ${f.error}`).join('; ')}`);
  return { dispatched: result.dispatched, runsStarted: result.runsStarted };
}

/**
 * One tick of the pump (every second per worker): sends the dispatch-events job only when an event
 * waits, so an idle install writes no job rows. Events are dispatched on NOTIFY as they commit; what
 * the pump finds is one whose notification was missed or whose dispatch failed (then the job's
 * retries and the dead-letter list take over). Resolves true when it sent the job.
 */
export async function pumpDispatchEvents(database: Database, clock: Clock, send: () => Promise<unknown>): Promise<boolean> {
  if (!(await hasUndispatchedEvents({ db: database.db, now: clock.now() }))) return false;
  await send();
  return true;
}

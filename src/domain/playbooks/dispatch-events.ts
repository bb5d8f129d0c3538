// Turns outbox rows into playbook runs. At-least-once and idempotent: each event is handled in its
// own transaction with its row locked (FOR UPDATE SKIP LOCKED, so two workers share the work), and
// a run starts through the playbook_runs_once_key unique index, so a retry or replay adds nothing.
import { and, asc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { domainEvents, playbooks } from '../../db/schema/index.js';
import { getSettings, type SettingsRow } from '../settings/index.js';
import { queueWebhookDeliveries } from '../webhook-endpoints/index.js';
import type { ReadContext } from '../shared/index.js';
import { calendarOf, completeWaits, startRun, stopRuns, type EngineEvent } from './engine.js';
import { documentOf } from './queries.js';
import { matchTrigger } from './trigger.rules.js';

export interface DispatchResult {
  dispatched: number;
  runsStarted: number;
  /** Events whose handling threw; they stay undispatched and are retried by the next job. */
  failed: { eventId: number; error: string }[];
}

/** Handles one event inside `tx`: stop runs, finish waits, start matching playbooks, queue its outbound webhooks. */
export async function handleEvent(tx: Db, event: EngineEvent, now: Date): Promise<number> {
  const settings = await getSettings(tx);
  const cal = calendarOf(settings);
  await stopRuns(tx, event, now);
  await completeWaits(tx, event, cal, now);
  const started = await startMatchingRuns(tx, event, settings, now);
  // Outbound webhooks ride the same transaction: the event is marked dispatched exactly when its
  // deliveries exist (docs/decisions/0016).
  await queueWebhookDeliveries(tx, event, now);
  return started.length;
}

/**
 * Starts a run of every enabled playbook whose trigger matches the event; returns the runs started.
 * A use case that must answer with the run it started (a journey started by hand) calls this in its
 * own transaction: the dispatch of the same event later starts nothing more (playbook_runs_once_key).
 */
export async function startMatchingRuns(
  tx: Db,
  event: EngineEvent,
  settings: SettingsRow,
  now: Date,
): Promise<{ runId: string; playbookKey: string }[]> {
  const candidates = await tx
    .select()
    .from(playbooks)
    .where(
      and(
        eq(playbooks.isCurrent, true),
        eq(playbooks.isEnabled, true),
        // The trigger's event is one name or a list of names: jsonb containment matches either.
        sql`${playbooks.document} -> 'trigger' -> 'event' @> to_jsonb(${event.type}::text)`,
      ),
    )
    .orderBy(asc(playbooks.key));
  const cal = calendarOf(settings);
  const conditionSettings = {
    auditionMinSpend: settings.auditionMinSpend,
    currency: settings.currency,
    journeyStart: settings.journeyStart,
  };
  const started: { runId: string; playbookKey: string }[] = [];
  for (const pb of candidates) {
    const m = matchTrigger(documentOf(pb), event, conditionSettings, now);
    if (!m.ok) continue;
    const runId = await startRun(tx, pb, event, cal, now);
    if (runId) started.push({ runId, playbookKey: pb.key });
  }
  return started;
}

export interface DispatchPendingEventsInput {
  /** Stop after this many events (default 10 000). */
  max?: number;
}

/**
 * True when an event waits to be dispatched: one probe of the partial index
 * domain_events_undispatched_idx, so the once-a-second pump costs nothing on an idle install.
 */
export async function hasUndispatchedEvents({ db }: ReadContext): Promise<boolean> {
  const [row] = await db.select({ id: domainEvents.id }).from(domainEvents).where(isNull(domainEvents.dispatchedAt)).limit(1);
  return row !== undefined;
}

/** Dispatches undispatched events in id order until none is left (or `max` were handled). */
export async function dispatchPendingEvents(
  { db, now }: ReadContext,
  { max = 10_000 }: DispatchPendingEventsInput = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { dispatched: 0, runsStarted: 0, failed: [] };
  const failedIds: number[] = [];
  while (result.dispatched + failedIds.length < max) {
    let claimed: number | null = null;
    try {
      const started = await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(domainEvents)
          .where(and(isNull(domainEvents.dispatchedAt), failedIds.length > 0 ? notInArray(domainEvents.id, failedIds) : undefined))
          .orderBy(asc(domainEvents.id))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!row) return null;
        claimed = Number(row.id);
        const n = await handleEvent(
          tx,
          {
            id: Number(row.id),
            type: row.type,
            subjectType: row.subjectType,
            subjectId: row.subjectId,
            accountId: row.accountId,
            occurredAt: row.occurredAt,
            payload: row.payload as Record<string, unknown>,
          },
          now,
        );
        await tx.update(domainEvents).set({ dispatchedAt: now }).where(eq(domainEvents.id, row.id));
        return n;
      });
      if (started === null) break;
      result.dispatched += 1;
      result.runsStarted += started;
    } catch (err) {
      if (claimed === null) throw err;
      failedIds.push(claimed);
      result.failed.push({ eventId: claimed, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

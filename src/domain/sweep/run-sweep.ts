// The daily sweep (docs/domain.md §3/§4): turns today's figures into domain events — account.neglected,
// account.rhythm_overdue, order.late_risk once per episode, schedule.daily once per day — in ONE
// transaction with the sweep_episodes rows that remember them, and expires the open quotes past
// their valid-until date (quote.expired, once per quote: an expired quote is no longer open). A
// re-run of the same day, or an `--as-of` replay, finds every episode already recorded and emits
// nothing new.
import { sql } from 'drizzle-orm';
import { SWEEP_EVENT_TYPES, type SweepEventType } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { sweepEpisodes } from '../../db/schema/index.js';
import { reengageExplanation } from '../accounts/index.js';
import { recordEvents } from '../events/index.js';
import { getSettings } from '../settings/index.js';
import { dateIn, recordAudit, systemActor, type ReadContext } from '../shared/index.js';
import { expireQuotes, selectExpiringQuotes, type ExpiredQuote } from './expire-quotes.js';
import { selectSweepEpisodes, type LateRiskScope, type SweepPolicy } from './sweep-sql.js';
import type { LateRiskReason } from './sweep.rules.js';

export { SWEEP_EVENT_TYPES, type SweepEventType };

/** Every event type a sweep emits: the episodes' and the quotes' expiry. */
export const SWEPT_EVENT_TYPES = [...SWEEP_EVENT_TYPES, 'quote.expired'] as const;
export type SweptEventType = (typeof SWEPT_EVENT_TYPES)[number];

export interface RunSweepInput {
  /** The day to sweep (YYYY-MM-DD, organisation timezone); default: today. */
  asOf?: string;
  /** Select only: nothing is written (benchmarks, previews). */
  isDryRun?: boolean;
}

export interface SweepResult {
  day: string;
  isDryRun: boolean;
  /** New events per type (for a dry run: the events a real run would write). */
  emitted: Record<SweptEventType, number>;
  neglectedAccountIds: string[];
  rhythmOverdueAccountIds: string[];
  lateRiskOrderIds: string[];
  expiredQuoteIds: string[];
}

interface Emission {
  type: SweepEventType;
  subjectType: 'account' | 'order' | 'schedule';
  subjectId: string;
  accountId: string | null;
  episode: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

const SWEEP_LOCK = 0x5357_4550; // "SWEP": two workers sweeping at once take turns
/** sweep_episodes rows per INSERT (6 parameters each). */
const EPISODE_BATCH = 5000;

export async function buildSweepPolicy({ db, now }: ReadContext, asOf?: string): Promise<SweepPolicy> {
  const s = await getSettings(db);
  return {
    today: asOf ?? dateIn(now, s.timezone),
    orgTimezone: s.timezone,
    neglectDays: s.neglectDays,
    rhythmFactor: s.rhythmFactor,
    stageDays: s.stageDays,
    calendar: { workdays: s.workdays, holidays: s.holidays },
  };
}

/** Today's new episodes (one statement, dated in SQL) as the events to write. */
async function selectEmissions(db: Db, policy: SweepPolicy, scope?: LateRiskScope): Promise<Emission[]> {
  return (await selectSweepEpisodes(db, policy, scope)).map((r): Emission => {
    const common = { subjectId: r.subjectId, episode: r.episode, occurredAt: new Date(r.occurredAtMs) };
    switch (r.kind) {
      case 'account.neglected':
        return {
          ...common,
          type: r.kind,
          accountId: r.subjectId,
          subjectType: 'account',
          payload: {
            accountId: r.subjectId,
            lastOrderDate: r.lastOrderOn,
            daysSinceLastOrder: r.daysSinceLastOrder,
            neglectDays: policy.neglectDays,
            since: r.since,
            // The words the re-engage task shows ({{explanation}}), from these same numbers.
            explanation: reengageExplanation({
              reason: 'neglected',
              lastOrderDate: r.lastOrderOn,
              today: policy.today,
              medianGapDays: r.medianGapDays,
            }),
          },
        };
      case 'account.rhythm_overdue':
        return {
          ...common,
          type: r.kind,
          accountId: r.subjectId,
          subjectType: 'account',
          payload: {
            accountId: r.subjectId,
            lastOrderDate: r.lastOrderOn,
            daysSinceLastOrder: r.daysSinceLastOrder,
            orderCount: r.orderCount,
            medianGapDays: r.medianGapDays,
            rhythmFactor: policy.rhythmFactor,
            since: r.since,
            explanation: reengageExplanation({
              reason: 'rhythm_overdue',
              lastOrderDate: r.lastOrderOn,
              today: policy.today,
              medianGapDays: r.medianGapDays,
            }),
          },
        };
      case 'order.late_risk': {
        const reasons: LateRiskReason[] = [];
        if (r.isExpectedAfterPromised) reasons.push('expected_after_promised');
        if (r.isBehindStageTimes) reasons.push('stage_times');
        return {
          ...common,
          type: r.kind,
          accountId: r.accountId,
          subjectType: 'order',
          payload: {
            orderId: r.subjectId,
            number: r.number,
            status: r.status,
            promisedDate: r.promisedDate,
            expectedShipDate: r.expectedShipDate,
            reasons,
            since: r.since,
          },
        };
      }
      case 'schedule.daily':
        return { ...common, type: r.kind, accountId: null, subjectType: 'schedule', payload: { date: policy.today } };
    }
  });
}

/** The system's own step (the daily-sweep job, `rapport sweep`): acts as the system. */
export async function runSweep(ctx: ReadContext, input: RunSweepInput = {}): Promise<SweepResult> {
  const { db, now } = ctx;
  const policy = await buildSweepPolicy(ctx, input.asOf);
  const sweep = async (tx: Db): Promise<SweepResult> => {
    const emissions = await selectEmissions(tx, policy);
    if (input.isDryRun) {
      const expiring = await selectExpiringQuotes(tx, policy.today, policy.orgTimezone, now);
      return summarise(policy.today, true, emissions, expiring);
    }
    const expired = await expireQuotes(tx, policy.today, policy.orgTimezone, now);
    const result = summarise(policy.today, false, emissions, expired);
    // Same event as a quote decided expired through the API: its follow-ups stop (stopOn).
    await recordEvents(
      tx,
      expired.map((q) => ({
        type: 'quote.expired',
        subjectType: 'quote' as const,
        subjectId: q.quoteId,
        accountId: q.accountId,
        occurredAt: new Date(q.decidedAtMs),
        payload: { quoteId: q.quoteId, number: q.number, accountId: q.accountId, from: 'open', to: 'expired', validUntil: q.validUntil },
        source: 'system' as const,
      })),
    );
    await writeEmissions(tx, emissions, policy.today, now);
    await recordAudit(
      tx,
      systemActor('daily-sweep'),
      { action: 'jobs.daily_sweep', entity: 'job', entityId: null, changes: { day: policy.today, ...result.emitted } },
      now,
    );
    return result;
  };
  return db.transaction(async (tx) => {
    // NOTE: on the M dataset PostgreSQL's JIT compiled the selection for about a third of its time
    // (3.2 → 2.2 s with it off); PGlite has no JIT, the setting is a no-op there.
    await tx.execute(sql`set local jit = off`);
    if (input.isDryRun) return sweep(tx);
    // Serialises concurrent sweeps (two workers, a CLI run beside the job): the second one
    // selects after the first committed, so it sees its episodes and emits nothing twice.
    await tx.execute(sql`select pg_advisory_xact_lock(${SWEEP_LOCK})`);
    return sweep(tx);
  });
}

/** The events and the sweep_episodes rows that remember them, set-based, in the caller's transaction. */
async function writeEmissions(tx: Db, emissions: readonly Emission[], today: string, now: Date): Promise<void> {
  const eventIds = await recordEvents(
    tx,
    emissions.map((e) => ({
      type: e.type,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      accountId: e.accountId,
      occurredAt: e.occurredAt,
      payload: e.payload,
      source: 'system',
    })),
  );
  const episodes = emissions.map((e, i) => ({
    kind: e.type,
    subjectId: e.subjectId,
    episode: e.episode,
    eventId: eventIds[i]!,
    sweptOn: today,
    recordedAt: now,
  }));
  for (let i = 0; i < episodes.length; i += EPISODE_BATCH) await tx.insert(sweepEpisodes).values(episodes.slice(i, i + EPISODE_BATCH));
}

/**
 * Late risk between sweeps: an order written through the API, the ERP webhook or an import is
 * checked at once with the sweep's own selection, scoped to it, and a new episode emits
 * `order.late_risk` in the writer's transaction (`ctx.db` is that transaction). The same
 * sweep_episodes rows make it once per episode whoever sees it first: the sweep, or the next save.
 * Returns the orders it emitted for.
 */
export async function recordLateRisk(ctx: ReadContext, scope: LateRiskScope): Promise<string[]> {
  if ((scope.orderIds?.length ?? 0) === 0 && (scope.accountIds?.length ?? 0) === 0) return [];
  const { db: tx, now } = ctx;
  // The sweep's lock, shared: a sweep running now commits first and its episodes are then seen
  // here; writers of different orders do not wait for each other (one order's writers do, on its row).
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${SWEEP_LOCK})`);
  const policy = await buildSweepPolicy(ctx);
  const emissions = await selectEmissions(tx, policy, scope);
  await writeEmissions(tx, emissions, policy.today, now);
  return emissions.map((e) => e.subjectId);
}

function summarise(day: string, isDryRun: boolean, emissions: readonly Emission[], expired: readonly ExpiredQuote[]): SweepResult {
  const emitted = Object.fromEntries(SWEPT_EVENT_TYPES.map((t) => [t, 0])) as Record<SweptEventType, number>;
  for (const e of emissions) emitted[e.type] += 1;
  emitted['quote.expired'] = expired.length;
  const ids = (t: SweepEventType) => emissions.filter((e) => e.type === t).map((e) => e.subjectId);
  return {
    day,
    isDryRun,
    emitted,
    neglectedAccountIds: ids('account.neglected'),
    rhythmOverdueAccountIds: ids('account.rhythm_overdue'),
    lateRiskOrderIds: ids('order.late_risk'),
    expiredQuoteIds: expired.map((q) => q.quoteId),
  };
}

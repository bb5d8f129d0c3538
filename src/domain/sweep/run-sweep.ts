// The daily sweep (DESIGN §3/§4): turns today's figures into domain events — account.neglected,
// account.rhythm_overdue, order.late_risk once per episode, schedule.daily once per day — in ONE
// transaction with the sweep_episodes rows that remember them. A re-run of the same day, or an
// `--as-of` replay, finds every episode already recorded and emits nothing new.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sweepEpisodes } from '../../db/schema/index.js';
import { recordEvent } from '../events/index.js';
import { getSettings } from '../settings/index.js';
import { dateIn, recordAudit, systemActor } from '../shared/index.js';
import { selectAccountCandidates, selectLateRiskCandidates, type SweepPolicy } from './sweep-sql.js';
import { daysFrom, daySubjectId, episodeOccurredAt as occurredAtOf, lateRiskSince, neglectedSince, rhythmOverdueSince, type LateRiskReason } from './sweep.rules.js';

export const SWEEP_EVENT_TYPES = ['account.neglected', 'account.rhythm_overdue', 'order.late_risk', 'schedule.daily'] as const;
export type SweepEventType = (typeof SWEEP_EVENT_TYPES)[number];

export interface RunSweepInput {
  now: Date;
  /** The day to sweep (YYYY-MM-DD, organisation timezone); default: today. */
  asOf?: string;
  /** Select only: nothing is written (benchmarks, previews). */
  isDryRun?: boolean;
}

export interface SweepResult {
  day: string;
  isDryRun: boolean;
  /** New events per type (for a dry run: the events a real run would write). */
  emitted: Record<SweepEventType, number>;
  neglectedAccountIds: string[];
  rhythmOverdueAccountIds: string[];
  lateRiskOrderIds: string[];
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

export async function buildSweepPolicy(db: Db, now: Date, asOf?: string): Promise<SweepPolicy> {
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

/** Selects today's new episodes and turns them into the events to write. */
async function selectEmissions(db: Db, policy: SweepPolicy): Promise<Emission[]> {
  const out: Emission[] = [];
  // Many episodes of one sweep begin on the same day in the same zone: date each pair once.
  const dated = new Map<string, Date>();
  const episodeOccurredAt = (since: string, zone: string): Date => {
    const key = `${since}|${zone}`;
    let at = dated.get(key);
    if (!at) dated.set(key, (at = occurredAtOf(since, zone)));
    return at;
  };
  for (const a of await selectAccountCandidates(db, policy)) {
    const days = daysFrom(a.lastOrderOn, policy.today);
    const base = { subjectType: 'account' as const, subjectId: a.accountId, accountId: a.accountId, episode: a.episode };
    if (a.isNewNeglected) {
      const since = neglectedSince(a.lastOrderOn, policy.neglectDays);
      out.push({
        ...base,
        type: 'account.neglected',
        occurredAt: episodeOccurredAt(since, a.zone),
        payload: { accountId: a.accountId, lastOrderDate: a.lastOrderOn, daysSinceLastOrder: days, neglectDays: policy.neglectDays, since },
      });
    }
    if (a.isNewRhythmOverdue && a.medianGapDays !== null) {
      const since = rhythmOverdueSince(a.lastOrderOn, a.medianGapDays, policy.rhythmFactor);
      out.push({
        ...base,
        type: 'account.rhythm_overdue',
        occurredAt: episodeOccurredAt(since, a.zone),
        payload: {
          accountId: a.accountId,
          lastOrderDate: a.lastOrderOn,
          daysSinceLastOrder: days,
          orderCount: a.orderCount,
          medianGapDays: a.medianGapDays,
          rhythmFactor: policy.rhythmFactor,
          since,
        },
      });
    }
  }
  for (const o of await selectLateRiskCandidates(db, policy)) {
    const reasons: LateRiskReason[] = [];
    if (o.isExpectedAfterPromised) reasons.push('expected_after_promised');
    if (o.isBehindStageTimes) reasons.push('stage_times');
    const since = lateRiskSince(o, reasons, policy.today, policy.stageDays, policy.calendar);
    out.push({
      type: 'order.late_risk',
      subjectType: 'order',
      subjectId: o.orderId,
      accountId: o.accountId,
      episode: o.episode,
      occurredAt: episodeOccurredAt(since, o.zone),
      payload: {
        orderId: o.orderId,
        number: o.number,
        status: o.status,
        promisedDate: o.promisedDate,
        expectedShipDate: o.expectedShipDate,
        reasons,
        since,
      },
    });
  }
  return out;
}

export async function runSweep(db: Db, input: RunSweepInput): Promise<SweepResult> {
  const policy = await buildSweepPolicy(db, input.now, input.asOf);
  const sweep = async (tx: Db): Promise<SweepResult> => {
    const emissions = await selectEmissions(tx, policy);
    const [daily] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(sweepEpisodes)
      .where(sql`${sweepEpisodes.kind} = 'schedule.daily' and ${sweepEpisodes.episode} = ${policy.today}`);
    if (Number(daily?.n ?? 0) === 0) {
      emissions.push({
        type: 'schedule.daily',
        subjectType: 'schedule',
        subjectId: daySubjectId(policy.today),
        accountId: null,
        episode: policy.today,
        occurredAt: occurredAtOf(policy.today, policy.orgTimezone),
        payload: { date: policy.today },
      });
    }
    const result = summarise(policy.today, Boolean(input.isDryRun), emissions);
    if (input.isDryRun) return result;
    const episodes: (typeof sweepEpisodes.$inferInsert)[] = [];
    for (const e of emissions) {
      const eventId = await recordEvent(tx, {
        type: e.type,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        accountId: e.accountId,
        occurredAt: e.occurredAt,
        payload: e.payload,
        source: 'system',
      });
      episodes.push({ kind: e.type, subjectId: e.subjectId, episode: e.episode, eventId, sweptOn: policy.today, recordedAt: input.now });
    }
    for (let i = 0; i < episodes.length; i += 1000) await tx.insert(sweepEpisodes).values(episodes.slice(i, i + 1000));
    await recordAudit(tx, systemActor('daily-sweep'), { action: 'jobs.daily_sweep', entity: 'job', entityId: null, changes: { day: policy.today, ...result.emitted } }, input.now);
    return result;
  };
  if (input.isDryRun) return sweep(db);
  return db.transaction(async (tx) => {
    // Serialises concurrent sweeps (two workers, a CLI run beside the job): the second one
    // selects after the first committed, so it sees its episodes and emits nothing twice.
    await tx.execute(sql`select pg_advisory_xact_lock(${SWEEP_LOCK})`);
    return sweep(tx);
  });
}

function summarise(day: string, isDryRun: boolean, emissions: readonly Emission[]): SweepResult {
  const emitted = Object.fromEntries(SWEEP_EVENT_TYPES.map((t) => [t, 0])) as Record<SweepEventType, number>;
  for (const e of emissions) emitted[e.type] += 1;
  const ids = (t: SweepEventType) => emissions.filter((e) => e.type === t).map((e) => e.subjectId);
  return {
    day,
    isDryRun,
    emitted,
    neglectedAccountIds: ids('account.neglected'),
    rhythmOverdueAccountIds: ids('account.rhythm_overdue'),
    lateRiskOrderIds: ids('order.late_risk'),
  };
}

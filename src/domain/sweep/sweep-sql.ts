// The sweep's selection, set-based: one statement for the accounts (neglected, rhythm overdue),
// one for the open orders at late risk. Each returns only episodes not yet emitted
// (sweep_episodes), so the same day swept twice selects nothing the second time.
// NOTE: mirrors the pure rules (accounts' isNeglected / isRhythmOverdue, sweep.rules.ts late risk);
// test/integration/sweep.test.ts checks they agree.
import { sql, type SQL } from 'drizzle-orm';
import { STAGE_KEYS, type StageDays } from '../../../contract/settings.js';
import type { Db } from '../../db/client.js';
import { isNeglectedSql, isRhythmOverdueSql } from '../accounts/index.js';
import { shiftBusinessDays, type WorkCalendar } from './sweep.rules.js';

export interface SweepPolicy {
  /** The sweep day (YYYY-MM-DD) in the organisation's timezone. */
  today: string;
  orgTimezone: string;
  neglectDays: number;
  rhythmFactor: number;
  stageDays: StageDays;
  calendar: WorkCalendar;
}

export interface AccountCandidate {
  accountId: string;
  zone: string;
  lastOrderOn: string;
  orderCount: number;
  medianGapDays: number | null;
  /** The last order's instant as text: the episode of both account events. */
  episode: string;
  isNewNeglected: boolean;
  isNewRhythmOverdue: boolean;
}

export interface OrderCandidate {
  orderId: string;
  accountId: string;
  number: string;
  status: string;
  promisedDate: string;
  expectedShipDate: string | null;
  stageEnteredOn: string;
  zone: string;
  /** promised|expected: a changed date is a new episode. */
  episode: string;
  isExpectedAfterPromised: boolean;
  isBehindStageTimes: boolean;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []));

const notEmitted = (kind: string, subject: SQL, episode: SQL): SQL =>
  sql`not exists (select 1 from sweep_episodes e where e.kind = ${kind} and e.subject_id = ${subject} and e.episode = ${episode})`;

/** Customers neglected or rhythm overdue today whose episode (last order) was not emitted yet. */
export async function selectAccountCandidates(db: Db, policy: SweepPolicy): Promise<AccountCandidate[]> {
  const status = { today: policy.today, orgTimezone: policy.orgTimezone, neglectDays: policy.neglectDays, rhythmFactor: policy.rhythmFactor };
  const episode = sql`to_char(accounts.last_order_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const result = await db.execute(sql`
    select * from (
      select accounts.id::text as "accountId",
             coalesce(accounts.timezone, ${policy.orgTimezone}::text) as zone,
             (accounts.last_order_at at time zone coalesce(accounts.timezone, ${policy.orgTimezone}::text))::date::text as "lastOrderOn",
             accounts.order_count as "orderCount",
             accounts.median_gap_days as "medianGapDays",
             ${episode} as episode,
             (${isNeglectedSql(status)} and ${notEmitted('account.neglected', sql`accounts.id`, episode)}) as "isNewNeglected",
             (${isRhythmOverdueSql(status)} and ${notEmitted('account.rhythm_overdue', sql`accounts.id`, episode)}) as "isNewRhythmOverdue"
        from accounts
       where accounts.kind = 'customer' and accounts.last_order_at is not null
    ) c
    where c."isNewNeglected" or c."isNewRhythmOverdue"`);
  return rowsOf<AccountCandidate>(result).map((r) => ({ ...r, medianGapDays: r.medianGapDays === null ? null : Number(r.medianGapDays) }));
}

/**
 * Open orders at late risk today whose episode was not emitted yet. Working days come from a
 * calendar built in SQL over just the span that matters: `cum` counts working days up to each
 * date, so working days in (a, b] are cum(b) − cum(a). Days before calStart cannot change the
 * answer (the current stage's time is used up by then), and a promised date after calEnd leaves
 * more working days than all stages together need.
 */
export async function selectLateRiskCandidates(db: Db, policy: SweepPolicy): Promise<OrderCandidate[]> {
  const cal = policy.calendar;
  const days = STAGE_KEYS.map((k) => policy.stageDays[k]);
  const maxStage = Math.max(...days);
  const total = days.reduce((a, b) => a + b, 0);
  const calStart = shiftBusinessDays(policy.today, -(maxStage + 1), cal);
  const calEnd = shiftBusinessDays(policy.today, total + 1, cal);
  const stages = sql.join(
    STAGE_KEYS.map((k, i) => sql`(${k}::text, ${days[i]!}::int, ${days.slice(i + 1).reduce((a, b) => a + b, 0)}::int)`),
    sql`, `,
  );
  const workdays = `{${cal.workdays.join(',')}}`;
  const holidays = `{${cal.holidays.join(',')}}`;
  const zone = sql`coalesce(a.timezone, ${policy.orgTimezone}::text)`;
  const today = sql`${policy.today}::date`;
  const result = await db.execute(sql`
    with cal as (
      select g::date as day,
             sum(case when extract(isodow from g)::int = any(${workdays}::int[]) and not (g::date = any(${holidays}::date[])) then 1 else 0 end)
               over (order by g)::int as cum
        from generate_series(${calStart}::date, ${calEnd}::date, interval '1 day') g
    ),
    st(status, days, later) as (values ${stages}),
    o as materialized (
      select o.id, o.account_id, o.number, o.status, o.promised_date, o.expected_ship_date, ${zone} as zone,
             least(${today}, (coalesce(
               (select max(e.at) from order_events e where e.order_id = o.id and e.to_status = o.status),
               o.placed_at) at time zone ${zone})::date) as entered_on
        from orders o join accounts a on a.id = o.account_id
       where o.status in (${sql.join(
         STAGE_KEYS.map((k) => sql`${k}`),
         sql`, `,
       )}) and o.promised_date is not null
    ),
    r as (
      select o.*, o.promised_date::text || '|' || coalesce(o.expected_ship_date::text, '') as episode,
             (o.expected_ship_date is not null and o.expected_ship_date > o.promised_date) as is_expected,
             (o.promised_date < ${today}
               or coalesce(cp.cum - ct.cum < greatest(0, st.days - (ct.cum - ce.cum)) + st.later, false)) as is_behind
        from o
        join st on st.status = o.status
        cross join (select cum from cal where day = ${today}) ct
        join cal ce on ce.day = greatest(o.entered_on, ${calStart}::date)
        left join cal cp on cp.day = o.promised_date
    )
    select r.id::text as "orderId", r.account_id::text as "accountId", r.number, r.status,
           r.promised_date::text as "promisedDate", r.expected_ship_date::text as "expectedShipDate",
           r.entered_on::text as "stageEnteredOn", r.zone, r.episode,
           r.is_expected as "isExpectedAfterPromised", r.is_behind as "isBehindStageTimes"
      from r
     where (r.is_expected or r.is_behind) and ${notEmitted('order.late_risk', sql`r.id`, sql`r.episode`)}`);
  return rowsOf<OrderCandidate>(result);
}

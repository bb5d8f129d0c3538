// The sweep's selection in ONE statement: today's new episodes of every kind (neglected, rhythm
// overdue, late risk, schedule.daily), each already dated — the day it began and the start of that
// day in the subject's timezone — and minus the episodes already emitted (sweep_episodes), so the
// same day swept twice selects nothing the second time.
// The neglect and rhythm conditions are accounts' neglectedWhenSql / rhythmOverdueWhenSql, the one SQL
// definition the account status and the figures (src/domain/analytics) use too.
// NOTE: mirrors the pure rules (accounts' isNeglected / isRhythmOverdue; sweep.rules.ts late risk,
// lateRiskSince, neglectedSince, rhythmOverdueSince, episodeOccurredAt);
// test/integration/sweep-sql.test.ts checks they agree on varied accounts and orders.
import { sql, type SQL } from 'drizzle-orm';
import { STAGE_KEYS, type StageDays } from '../../../contract/settings.js';
import type { Db } from '../../db/client.js';
import { neglectedWhenSql, rhythmOverdueWhenSql } from '../accounts/index.js';
import { daySubjectId, shiftBusinessDays, type WorkCalendar } from './sweep.rules.js';

export interface SweepPolicy {
  /** The sweep day (YYYY-MM-DD) in the organisation's timezone. */
  today: string;
  orgTimezone: string;
  neglectDays: number;
  rhythmFactor: number;
  stageDays: StageDays;
  calendar: WorkCalendar;
}

/**
 * Late risk only, for these orders (or the orders of these accounts): an order change checks its
 * own order with the sweep's one definition, between sweeps (run-sweep.ts recordLateRisk).
 */
export interface LateRiskScope {
  orderIds?: readonly string[];
  accountIds?: readonly string[];
}

export type SweepEpisodeKind = 'account.neglected' | 'account.rhythm_overdue' | 'order.late_risk' | 'schedule.daily';

/** One new episode, with the facts its event's payload is made of. */
export type SweepEpisodeRow = {
  subjectId: string;
  /** What identifies the episode for its subject: the last order's instant, promised|expected dates, the day. */
  episode: string;
  /** The day the episode began (subject's timezone). */
  since: string;
  /** Start of `since` in the subject's timezone, ms since the epoch. */
  occurredAtMs: number;
} & (
  | {
      kind: 'account.neglected' | 'account.rhythm_overdue';
      lastOrderOn: string;
      daysSinceLastOrder: number;
      orderCount: number;
      medianGapDays: number | null;
    }
  | {
      kind: 'order.late_risk';
      accountId: string;
      number: string;
      status: string;
      promisedDate: string;
      expectedShipDate: string | null;
      isExpectedAfterPromised: boolean;
      isBehindStageTimes: boolean;
    }
  | { kind: 'schedule.daily' }
);

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []));

const notEmitted = (kind: string | SQL, subject: SQL, episode: SQL): SQL =>
  sql`not exists (select 1 from sweep_episodes e where e.kind = ${kind} and e.subject_id = ${subject} and e.episode = ${episode})`;

/** The start of a calendar day in a timezone (PostgreSQL resolves a midnight that a clock change skips as luxon does). */
// NOTE: date_part, not extract: extract gives numeric since PostgreSQL 14, several times slower here.
const startOfDayMs = (day: SQL, zone: SQL): SQL => sql`date_part('epoch', (${day})::timestamp at time zone ${zone}) * 1000`;

/**
 * Today's new episodes, dated. Late risk by stage times uses a working-day calendar built in SQL
 * from the earliest day an open order entered its stage to a day past every stage's need: `cum`
 * counts working days up to each date, so working days in (a, b] are cum(b) − cum(a), and the
 * n-th working day is the one whose cum first reaches n.
 *
 * The day the stage-times risk began (lateRiskSince's bisection, in closed form): with e the day
 * the order entered its stage, S its stage's typical days and L the later stages' total, on a day
 * d ≥ e the order is behind when d is past the promised date p, or when
 * cum(p) − cum(d) < max(0, S − (cum(d) − cum(e))) + L, i.e. when cum(p) − cum(e) < S + L (from e
 * on) or cum(d) > cum(p) − L. So it began on e in the first case (or when p < e), else on the
 * earlier of p + 1 and the working day whose cum is cum(p) − L + 1.
 */
export async function selectSweepEpisodes(db: Db, policy: SweepPolicy, scope?: LateRiskScope): Promise<SweepEpisodeRow[]> {
  const [row] = rowsOf<{ rows: unknown }>(await db.execute(sweepEpisodesSql(policy, scope)));
  const raw = row?.rows ?? [];
  // One JSON value, not a row per episode: drivers decode each field of each row, which cost more
  // than the selection itself on PGlite. Positional arrays keep it small.
  const rows = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[][];
  return rows.map((r): SweepEpisodeRow => {
    const [kind, subjectId, episode, since, occurredAtMs] = r as [SweepEpisodeKind, string, string, string, number];
    const base = { subjectId, episode, since, occurredAtMs };
    if (kind === 'schedule.daily') return { ...base, kind };
    if (kind === 'order.late_risk') {
      const [accountId, number, status, promisedDate, expectedShipDate, isExpectedAfterPromised, isBehindStageTimes] = r.slice(5) as [
        string,
        string,
        string,
        string,
        string | null,
        boolean,
        boolean,
      ];
      return { ...base, kind, accountId, number, status, promisedDate, expectedShipDate, isExpectedAfterPromised, isBehindStageTimes };
    }
    const [lastOrderOn, daysSinceLastOrder, orderCount, medianGapDays] = r.slice(5) as [string, number, number, number | null];
    return { ...base, kind, lastOrderOn, daysSinceLastOrder, orderCount, medianGapDays };
  });
}

/** The statement behind selectSweepEpisodes (exported for EXPLAIN in benchmarks). */
export function sweepEpisodesSql(policy: SweepPolicy, scope?: LateRiskScope): SQL {
  // An array, not `in (subquery)`: the planner then reads the few orders through their index
  // instead of every open order, filtered by a hashed list (190 ms a call at 1M orders, on PGlite).
  const ids = (list: readonly string[]) => sql`any(array(select value::uuid from json_array_elements_text(${JSON.stringify(list)}::json)))`;
  // A scope selects late risk only, for its orders: no account episode, no schedule.daily.
  const notScoped = scope ? sql`false` : sql`true`;
  const orderScope = !scope
    ? sql``
    : sql` and (${scope.orderIds ? sql`o.id = ${ids(scope.orderIds)}` : sql`false`} or ${scope.accountIds ? sql`o.account_id = ${ids(scope.accountIds)}` : sql`false`})`;
  const cal = policy.calendar;
  const days = STAGE_KEYS.map((k) => policy.stageDays[k]);
  const total = days.reduce((a, b) => a + b, 0);
  // Only the span that matters: a stage time used up before calStart cannot change the answer,
  // and a promised date after calEnd leaves more working days than all stages together need.
  const calStart = shiftBusinessDays(policy.today, -(Math.max(...days) + 1), cal);
  const calEnd = shiftBusinessDays(policy.today, total + 1, cal);
  const stages = sql.join(
    STAGE_KEYS.map((k, i) => sql`(${k}::text, ${days[i]!}::int, ${days.slice(i + 1).reduce((a, b) => a + b, 0)}::int)`),
    sql`, `,
  );
  const workdays = `{${cal.workdays.join(',')}}`;
  const holidays = `{${cal.holidays.join(',')}}`;
  const orgZone = sql`${policy.orgTimezone}::text`;
  const today = sql`${policy.today}::date`;
  // The neglect and rhythm conditions are the accounts area's one definition (status-sql.ts).
  const accFacts = {
    kind: sql`acc.account_kind`,
    orderCount: sql`acc.order_count`,
    lastOrderOn: sql`acc.last_on`,
    medianGapDays: sql`acc.median_gap_days`,
  };
  const lastOrderEpisode = sql`to_char(acc.last_order_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return sql`
    with acc as materialized (
      select accounts.id, accounts.kind as account_kind, coalesce(accounts.timezone, ${orgZone}) as zone, accounts.last_order_at, accounts.order_count,
             accounts.median_gap_days::float8 as median_gap_days,
             (accounts.last_order_at at time zone coalesce(accounts.timezone, ${orgZone}))::date as last_on
        from accounts
       where accounts.kind = 'customer' and accounts.last_order_at is not null and ${notScoped}
    ),
    -- neglected: more than neglect_days since the last order date; rhythm overdue: ≥ 3 orders and
    -- more days than factor × median gap (float8, the factor as JavaScript holds it). Each began
    -- the first day the inequality held.
    acc_new as (
      select acc.*, k.kind, k.since, ${lastOrderEpisode} as episode
        from acc
        cross join lateral (values
          ('account.neglected'::text, ${neglectedWhenSql(accFacts, today, policy.neglectDays)}, acc.last_on + ${policy.neglectDays}::int + 1),
          ('account.rhythm_overdue'::text, ${rhythmOverdueWhenSql(accFacts, today, policy.rhythmFactor)},
           acc.last_on + floor(${policy.rhythmFactor}::float8 * acc.median_gap_days)::int + 1)
        ) k(kind, holds, since)
       where k.holds
    ),
    o as materialized (
      select o.id, o.account_id, o.number, o.status, o.promised_date, o.expected_ship_date, coalesce(a.timezone, ${orgZone}) as zone,
             least(${today}, (coalesce(
               (select max(e.at) from order_events e where e.order_id = o.id and e.to_status = o.status),
               o.placed_at) at time zone coalesce(a.timezone, ${orgZone}))::date) as entered_on
        from orders o join accounts a on a.id = o.account_id
       where o.status in (${sql.join(
         STAGE_KEYS.map((k) => sql`${k}`),
         sql`, `,
       )}) and o.promised_date is not null${orderScope}
    ),
    cal as materialized (
      select g::date as day,
             (extract(isodow from g)::int = any(${workdays}::int[]) and not (g::date = any(${holidays}::date[]))) as is_workday,
             sum(case when extract(isodow from g)::int = any(${workdays}::int[]) and not (g::date = any(${holidays}::date[])) then 1 else 0 end)
               over (order by g)::int as cum
        from generate_series(least(${calStart}::date, (select min(entered_on) from o)), ${calEnd}::date, interval '1 day') g
    ),
    st(status, days, later) as (values ${stages}),
    r as (
      select o.*, st.later, ce.cum as entered_cum, cp.cum as promised_cum,
             o.promised_date::text || '|' || coalesce(o.expected_ship_date::text, '') as episode,
             (o.expected_ship_date is not null and o.expected_ship_date > o.promised_date) as is_expected,
             (o.promised_date < ${today}
               or coalesce(cp.cum - ct.cum < greatest(0, st.days - (ct.cum - ce.cum)) + st.later, false)) as is_behind,
             (o.promised_date < o.entered_on or coalesce(cp.cum - ce.cum < st.days + st.later, false)) as is_behind_on_entry
        from o
        join st on st.status = o.status
        cross join (select cum from cal where day = ${today}) ct
        join cal ce on ce.day = o.entered_on
        left join cal cp on cp.day = o.promised_date
    ),
    late as materialized (
      select r.*,
             case when not r.is_behind then ${today}
                  when r.is_behind_on_entry then r.entered_on
                  else least(r.promised_date + 1, (select w.day from cal w where w.is_workday and w.cum = r.promised_cum - r.later + 1)) end as since
        from r
       where (r.is_expected or r.is_behind) and ${notEmitted('order.late_risk', sql`r.id`, sql`r.episode`)}
    )
    select coalesce(json_agg(x.j), '[]'::json) as rows from (
      select json_build_array(kind, id, episode, since, ${startOfDayMs(sql`since`, sql`zone`)},
                              last_on, ${today} - last_on, order_count, median_gap_days)
        from acc_new
       where ${notEmitted(sql`acc_new.kind`, sql`acc_new.id`, sql`acc_new.episode`)}
      union all
      select json_build_array('order.late_risk', id, episode, since, ${startOfDayMs(sql`since`, sql`zone`)},
                              account_id, number, status, promised_date, expected_ship_date, is_expected, is_behind)
        from late
      union all
      select json_build_array('schedule.daily', ${daySubjectId(policy.today)}::text, ${policy.today}::text, ${policy.today}::text, ${startOfDayMs(today, orgZone)})
       where ${notScoped} and ${notEmitted('schedule.daily', sql`${daySubjectId(policy.today)}::uuid`, sql`${policy.today}`)}
    ) x(j)`;
}

// The figures of docs/domain.md §4 in set-based SQL: the same common table expressions feed the
// kpis (one statement, aggregated overall and per rep) and the lists behind each figure, so a number
// and its rows cannot disagree. Every date is taken in the account's (else the organisation's)
// timezone; "as of" a day means as the data stood at its end: an order placed later does not
// exist, one shipped later is unshipped, one cancelled later is not cancelled, a quote decided later
// is undecided. Neglect and rhythm are the accounts area's one SQL definition (status-sql.ts), the
// one the daily sweep uses.
import { sql, type SQL } from 'drizzle-orm';
import { neglectedWhenSql, rhythmOverdueWhenSql } from '../accounts/index.js';

export interface FigureScope {
  /** The day the data is seen as of (YYYY-MM-DD, "today" of every rule). */
  asOf: string;
  /** The period's first day (included); null: since the beginning. */
  from: string | null;
  /** The period's last day (included). */
  to: string;
  /** Only the accounts whose team has this user as `sales`. */
  repId: string | null;
  orgTimezone: string;
  /** Revenue and hit ratio by value count orders and quotes in this currency. */
  currency: string;
  neglectDays: number;
  rhythmFactor: number;
}

/** The row id of the "everyone" aggregate (no user has it). */
export const OVERALL = '00000000-0000-0000-0000-000000000000';

/** Whether a date expression falls in the scope's period. */
const inPeriod = (s: FigureScope, day: SQL): SQL =>
  s.from === null ? sql`${day} <= ${s.to}::date` : sql`${day} between ${s.from}::date and ${s.to}::date`;

/**
 * The common table expressions (without the leading `with`):
 * - acc: the accounts in view, with their timezone;
 * - o: their orders placed by asOf, numbered per account (first order: earliest placed, ties the
 *   lowest number), with the gap in days since the previous one, the shipped date when shipped by
 *   asOf, whether cancelled by then, whether placed in the period, and on_time: true (shipped on or
 *   before the promised date), false (shipped after it, or unshipped with the promised date past),
 *   null (not counted: cancelled, no promised date, shipped at an unknown time — a status past
 *   shipped without shipped_at — or unshipped and not yet due);
 * - acct: per account, its orders as of asOf — count, first and second placed dates, last order
 *   date, median gap, whether its first order falls in the period (the cohort), neglected, rhythm overdue;
 * - q: the quotes decided (won, lost, expired) in the period and by asOf.
 */
export function figureCtes(s: FigureScope): SQL {
  const asOf = sql`${s.asOf}::date`;
  const zone = sql`coalesce(a.timezone, ${s.orgTimezone}::text)`;
  const repFilter = s.repId
    ? sql`where exists (select 1 from account_team t where t.account_id = a.id and t.role = 'sales' and t.user_id = ${s.repId}::uuid)`
    : sql``;
  const facts = {
    kind: sql`acc.kind`,
    orderCount: sql`x.n`,
    lastOrderOn: sql`x.last_on`,
    medianGapDays: sql`x.median_gap`,
  };
  return sql`
    acc as materialized (
      select a.id, a.name, a.kind, ${zone} as zone from accounts a ${repFilter}
    ),
    o as materialized (
      select o.id, o.account_id, o.number, o.amount, o.currency, o.status, o.promised_date, d.placed_on,
             row_number() over w as rn,
             d.placed_on - lag(d.placed_on) over w as gap,
             d.shipped_on,
             (o.shipped_at is null and o.status in ('shipped', 'delivered', 'closed')) as is_ship_date_unknown,
             (o.status = 'cancelled' and not exists (
                select 1 from order_events e
                 where e.order_id = o.id and e.to_status = 'cancelled' and (e.at at time zone acc.zone)::date > ${asOf})) as is_cancelled
        from orders o
        join acc on acc.id = o.account_id
        cross join lateral (
          select (o.placed_at at time zone acc.zone)::date as placed_on,
                 case when (o.shipped_at at time zone acc.zone)::date <= ${asOf} then (o.shipped_at at time zone acc.zone)::date end as shipped_on
        ) d
       where d.placed_on <= ${asOf}
      window w as (partition by o.account_id order by o.placed_at, o.number, o.id)
    ),
    oc as materialized (
      select o.*,
             ${inPeriod(s, sql`o.placed_on`)} as in_period,
             case when o.is_cancelled or o.promised_date is null or o.is_ship_date_unknown then null
                  when o.shipped_on is not null then o.shipped_on <= o.promised_date
                  when o.promised_date < ${asOf} then false
             end as on_time
        from o
    ),
    acct as materialized (
      select x.*, acc.name, acc.kind,
             ${inPeriod(s, sql`x.first_on`)} as in_cohort,
             ${neglectedWhenSql(facts, asOf, s.neglectDays)} as is_neglected,
             ${rhythmOverdueWhenSql(facts, asOf, s.rhythmFactor)} as is_rhythm_overdue
        from (
          select o.account_id, count(*)::int as n, max(o.placed_on) as last_on,
                 percentile_cont(0.5) within group (order by o.gap::float8) as median_gap,
                 min(o.placed_on) filter (where o.rn = 1) as first_on,
                 min(o.placed_on) filter (where o.rn = 2) as second_on
            from o group by o.account_id
        ) x
        join acc on acc.id = x.account_id
    ),
    q as materialized (
      select q.id, q.account_id, q.number, q.status, q.amount, q.currency, q.rep_id, d.decided_on
        from quotes q
        join acc on acc.id = q.account_id
        cross join lateral (select (q.decided_at at time zone acc.zone)::date as decided_on) d
       where q.status in ('won', 'lost', 'expired') and d.decided_on <= ${asOf} and ${inPeriod(s, sql`d.decided_on`)}
    )`;
}

/**
 * The kpis in one statement: a row per rep (the `sales` members of the accounts' teams) and one for
 * everyone (rep_id = OVERALL), each with every figure's parts. An account with two reps counts for
 * both (accounts belong to their team, credit is shared); the overall row counts it once.
 */
export function kpisSql(s: FigureScope): SQL {
  const repOnly = s.repId ? sql`and t.user_id = ${s.repId}::uuid` : sql``;
  const cur = sql`${s.currency}::text`;
  return sql`
    with ${figureCtes(s)},
    scope as (
      select ${OVERALL}::uuid as rep_id, acc.id as account_id from acc
      union all
      select t.user_id, t.account_id from account_team t join acc on acc.id = t.account_id where t.role = 'sales' ${repOnly}
    ),
    fo as (
      select s.rep_id,
             count(*) filter (where oc.rn = 1 and oc.on_time)::int as first_on_time,
             count(*) filter (where oc.rn = 1 and oc.on_time is not null)::int as first_judged,
             count(*) filter (where oc.on_time)::int as on_time,
             count(*) filter (where oc.on_time is not null)::int as judged,
             coalesce(sum(oc.amount) filter (where not oc.is_cancelled and oc.currency = ${cur}), 0)::text as revenue
        from scope s join oc on oc.account_id = s.account_id
       where oc.in_period
       group by s.rep_id
    ),
    fa as (
      select s.rep_id,
             count(*) filter (where x.in_cohort)::int as cohort,
             count(*) filter (where x.in_cohort and x.second_on is not null)::int as converted,
             percentile_cont(0.5) within group (order by (x.second_on - x.first_on)::float8)
               filter (where x.in_cohort and x.second_on is not null) as median_days,
             count(*) filter (where x.is_neglected)::int as neglected,
             count(*) filter (where x.is_rhythm_overdue)::int as rhythm_overdue
        from scope s join acct x on x.account_id = s.account_id
       group by s.rep_id
    ),
    fq as (
      select s.rep_id,
             count(*) filter (where q.status = 'won')::int as won,
             count(*)::int as decided,
             coalesce(sum(q.amount) filter (where q.status = 'won' and q.currency = ${cur}), 0)::text as won_value,
             coalesce(sum(q.amount) filter (where q.currency = ${cur}), 0)::text as decided_value
        from scope s join q on q.account_id = s.account_id
       group by s.rep_id
    ),
    reps as (select distinct rep_id from scope union select ${OVERALL}::uuid)
    select reps.rep_id, u.name as rep_name,
           coalesce(fo.first_on_time, 0) as first_on_time, coalesce(fo.first_judged, 0) as first_judged,
           coalesce(fo.on_time, 0) as on_time, coalesce(fo.judged, 0) as judged, coalesce(fo.revenue, '0') as revenue,
           coalesce(fa.cohort, 0) as cohort, coalesce(fa.converted, 0) as converted, fa.median_days,
           coalesce(fa.neglected, 0) as neglected, coalesce(fa.rhythm_overdue, 0) as rhythm_overdue,
           coalesce(fq.won, 0) as won, coalesce(fq.decided, 0) as decided,
           coalesce(fq.won_value, '0') as won_value, coalesce(fq.decided_value, '0') as decided_value
      from reps
      left join users u on u.id = reps.rep_id
      left join fo on fo.rep_id = reps.rep_id
      left join fa on fa.rep_id = reps.rep_id
      left join fq on fq.rep_id = reps.rep_id
     order by reps.rep_id = ${OVERALL}::uuid desc, lower(u.name), reps.rep_id`;
}

export interface KpisRow {
  rep_id: string;
  rep_name: string | null;
  first_on_time: number;
  first_judged: number;
  on_time: number;
  judged: number;
  revenue: string;
  cohort: number;
  converted: number;
  median_days: number | null;
  neglected: number;
  rhythm_overdue: number;
  won: number;
  decided: number;
  won_value: string;
  decided_value: string;
}

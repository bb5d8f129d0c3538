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
 * Where the per-order and per-account facts come from (decision 0022): `stored` reads each order's
 * placed and shipped days and each account's first, second and last orders, count and median gap
 * from their columns, which the writes keep exact, and computes from the orders only what those
 * cannot say as of a day: the count, last order and median gap of an account with orders placed
 * after asOf. `computed` derives everything from the orders' times alone (the rule of
 * docs/domain.md §4 as written); it is the reference the integration suite holds `stored` to.
 */
export type FigureSource = 'stored' | 'computed';

/**
 * The common table expressions (without the leading `with`):
 * - acc: the accounts in view, with their timezone, the sorted ids of their `sales` seats (reps), and
 *   their stored facts as local days;
 * - oc: their orders placed by asOf, each with whether it is its account's first order (earliest
 *   placed, ties the lowest number), the shipped date when shipped by asOf, whether cancelled by
 *   then, whether placed in the period, and on_time: true (shipped on or before the promised date),
 *   false (shipped after it, or unshipped with the promised date past), null (not counted:
 *   cancelled, no promised date, shipped at an unknown time — a status past shipped without
 *   shipped_at — or unshipped and not yet due);
 * - acct: per account with an order by asOf, its orders as of asOf — count, first and second placed
 *   dates, last order date, median gap, whether its first order falls in the period (the cohort),
 *   neglected, rhythm overdue;
 * - q: the quotes decided (won, lost, expired) in the period and by asOf.
 *
 * Cost (bench/kpis.ts, a million orders), `stored`: one scan of the orders, no join with the
 * accounts and no sort (storedOrders); the window (the only sort) runs over the orders of the
 * accounts with orders placed after asOf, none when asOf is today. `computed` sorts a million
 * orders for the numbering (PERF notes in computedOrders).
 */
export function figureCtes(s: FigureScope, source: FigureSource = 'stored'): SQL {
  const asOf = sql`${s.asOf}::date`;
  const localDay = (at: SQL) => sql`(${at} at time zone acc.zone)::date`;
  const judged = (orders: SQL) => sql`
    select o.*, ${inPeriod(s, sql`o.placed_on`)} as in_period,
           case when o.is_cancelled or o.promised_date is null or o.is_ship_date_unknown then null
                when o.shipped_on is not null then o.shipped_on <= o.promised_date
                when o.promised_date < ${asOf} then false
           end as on_time
      from (${orders}) o`;
  return sql`
    acc as materialized (${accountsInView(s)}),
    oc as (${source === 'stored' ? sql`${judged(storedOrders(s))} offset 0` : judged(computedOrders(asOf, localDay))}),
    ${source === 'stored' ? storedAccounts(s, asOf) : computedAccounts(s, asOf)},
    q as materialized (
      select q.id, q.account_id, q.number, q.status, q.amount, q.currency, q.rep_id, d.decided_on
        from quotes q
        join acc on acc.id = q.account_id
        cross join lateral (select (q.decided_at at time zone acc.zone)::date as decided_on) d
       where q.status in ('won', 'lost', 'expired') and d.decided_on <= ${asOf} and ${inPeriod(s, sql`d.decided_on`)}
    )`;
}

/** The accounts in view (the rep's, when the scope has one) with their timezone, reps and stored facts as local days. */
function accountsInView(s: FigureScope): SQL {
  const repFilter = s.repId ? sql`where ${s.repId}::uuid = any(r.reps)` : sql``;
  return sql`
    select a.id, a.name, a.kind, z.zone, a.first_order_id, a.order_count, a.median_gap_days, r.reps,
           a.first_order_on as first_day, a.second_order_on as second_day, a.last_order_on as last_day
      from accounts a
      cross join lateral (select coalesce(a.timezone, ${s.orgTimezone}::text) as zone) z
      left join (${repsOfAccounts}) r on r.account_id = a.id
    ${repFilter}`;
}

/** Each account's `sales` seats, as a sorted array (the kpis group by it). */
const repsOfAccounts = sql`
  select t.account_id, array_agg(t.user_id order by t.user_id) as reps
    from account_team t where t.role = 'sales' group by t.account_id`;

/** Cancelled as the data stood at the end of asOf: its cancellation is not dated after that day. */
const cancelledBy = (asOf: SQL, localDay: (at: SQL) => SQL): SQL =>
  // A change dated after asOf in some timezone is after the day before asOf began in UTC (offsets
  // are within ±14 h): the bound lets the index skip the older events.
  sql`(o.status = 'cancelled' and not exists (
         select 1 from order_events e
          where e.order_id = o.id and e.to_status = 'cancelled'
            and e.at >= (${asOf} - 1)::timestamp at time zone 'UTC'
            and ${localDay(sql`e.at`)} > ${asOf}))`;

const ORDER_COLUMNS = sql`o.id, o.account_id, o.number, o.amount, o.currency, o.status, o.category, o.promised_date, o.placed_at`;

/**
 * The orders placed by asOf from their stored days, of the accounts in view (the rep's, when the
 * scope has one). The first order is its account's stored one; an order is cancelled by asOf
 * unless its cancellation is among the few dated after it — both hashed lists, looked up per order.
 * PERF (PGlite and PostgreSQL at M): no join with the accounts — a million hash-join probes cost
 * more than the lists' lookups —, and oc's `offset 0` computes each order's judgement once, where
 * flattened into the kpis' aggregates it was computed once per aggregate (a quarter of PGlite's time).
 */
function storedOrders(s: FigureScope): SQL {
  const asOf = sql`${s.asOf}::date`;
  return sql`
    select ${ORDER_COLUMNS}, o.placed_on, r.reps,
           case when o.shipped_on <= ${asOf} then o.shipped_on end as shipped_on,
           (o.shipped_at is null and o.status in ('shipped', 'delivered', 'closed')) as is_ship_date_unknown,
           (o.status = 'cancelled' and o.id not in (${cancelledAfter(asOf, s.orgTimezone)})) as is_cancelled,
           o.id in (select a.first_order_id from accounts a where a.first_order_id is not null) as is_first
      from orders o
      left join (${repsOfAccounts}) r on r.account_id = o.account_id
     where o.placed_on <= ${asOf} ${s.repId ? sql`and ${s.repId}::uuid = any(r.reps)` : sql``}`;
}

/**
 * The orders whose cancellation is dated after asOf in their account's timezone: as of asOf they
 * were not cancelled. Read through order_events_cancelled_idx from the day before asOf began in UTC
 * (offsets are within ±14 h): none, or a few, when asOf is recent.
 */
function cancelledAfter(asOf: SQL, orgTimezone: string): SQL {
  return sql`
    select e.order_id
      from order_events e
      join orders eo on eo.id = e.order_id
      join accounts ea on ea.id = eo.account_id
     where e.to_status = 'cancelled' and e.at >= (${asOf} - 1)::timestamp at time zone 'UTC'
       and (e.at at time zone coalesce(ea.timezone, ${orgTimezone}::text))::date > ${asOf}`;
}

/**
 * The orders placed by asOf from their times alone, numbered per account.
 * PERF: the numbering runs over all of an account's orders and the asOf cut comes after it: an
 * account has one timezone, so its placed dates grow with placed_at and the orders placed by asOf
 * are a prefix of its numbered orders — the same row numbers and gaps as numbering that prefix
 * alone, without a date filter the sort cannot use. The `offset 0` keeps the planner off
 * orders_account_placed_idx: read in its order, a million orders are a million random heap visits.
 */
function computedOrders(asOf: SQL, localDay: (at: SQL) => SQL): SQL {
  return sql`
    select o.*, o.rn = 1 as is_first
      from (
        select o.*, row_number() over w as rn, o.placed_on - lag(o.placed_on) over w as gap,
               case when o.shipped_day <= ${asOf} then o.shipped_day end as shipped_on
          from (
            select ${ORDER_COLUMNS}, acc.reps,
                   ${localDay(sql`o.placed_at`)} as placed_on,
                   ${localDay(sql`o.shipped_at`)} as shipped_day,
                   (o.shipped_at is null and o.status in ('shipped', 'delivered', 'closed')) as is_ship_date_unknown,
                   ${cancelledBy(asOf, localDay)} as is_cancelled
              from (select o.id, o.account_id, o.number, o.amount, o.currency, o.status, o.category, o.promised_date,
                           o.placed_at, o.shipped_at
                      from orders o offset 0) o
              join acc on acc.id = o.account_id
            offset 0
          ) o
        window w as (partition by o.account_id order by o.placed_at, o.number, o.id)
      ) o
     where o.placed_on <= ${asOf}`;
}

/** acct's flags, from its facts: the cohort, neglect and rhythm (the accounts area's one definition). */
function accountFlags(s: FigureScope, asOf: SQL, facts: SQL): SQL {
  const f = { kind: sql`x.kind`, orderCount: sql`x.n`, lastOrderOn: sql`x.last_on`, medianGapDays: sql`x.median_gap` };
  return sql`
    acct as materialized (
      select x.*,
             ${inPeriod(s, sql`x.first_on`)} as in_cohort,
             ${neglectedWhenSql(f, asOf, s.neglectDays)} as is_neglected,
             ${rhythmOverdueWhenSql(f, asOf, s.rhythmFactor)} as is_rhythm_overdue
        from (${facts}) x
    )`;
}

/**
 * Per account, from its stored facts. The first and second orders are right for any asOf (the
 * orders placed by asOf are a prefix of its orders in placing order, as in computedOrders). Count,
 * last order and median gap are right when its last order is placed by asOf ("settled"); for the
 * others (unsettled) they are computed from its orders placed by asOf, one account at a time
 * through orders_account_placed_idx (none when asOf is today; a sort of every order otherwise).
 */
function storedAccounts(s: FigureScope, asOf: SQL): SQL {
  return sql`
    unsettled as (
      select acc.id as account_id, g.n, g.last_on, g.median_gap
        from acc
        cross join lateral (
          select count(*)::int as n, max(o.placed_on) as last_on,
                 percentile_cont(0.5) within group (order by o.gap::float8) as median_gap
            from (
              select o.placed_on, o.placed_on - lag(o.placed_on) over (order by o.placed_at, o.number, o.id) as gap
                from orders o
               where o.account_id = acc.id and o.placed_on <= ${asOf}
            ) o
        ) g
       where acc.last_day > ${asOf} and acc.first_day <= ${asOf}
    ),
    ${accountFlags(
      s,
      asOf,
      sql`
        select acc.id as account_id, acc.name, acc.kind,
               coalesce(u.n, acc.order_count) as n,
               coalesce(u.last_on, acc.last_day) as last_on,
               case when u.account_id is null then acc.median_gap_days::float8 else u.median_gap end as median_gap,
               acc.first_day as first_on,
               case when acc.second_day <= ${asOf} then acc.second_day end as second_on
          from acc left join unsettled u on u.account_id = acc.id
         where acc.first_day <= ${asOf}`,
    )}`;
}

/** Per account, from its numbered orders as of asOf (the reference). */
function computedAccounts(s: FigureScope, asOf: SQL): SQL {
  return accountFlags(
    s,
    asOf,
    sql`
      select oc.account_id, min(acc.name) as name, min(acc.kind) as kind, count(*)::int as n, max(oc.placed_on) as last_on,
             percentile_cont(0.5) within group (order by oc.gap::float8) as median_gap,
             min(oc.placed_on) filter (where oc.rn = 1) as first_on,
             min(oc.placed_on) filter (where oc.rn = 2) as second_on
        from oc join acc on acc.id = oc.account_id
       group by oc.account_id`,
  );
}

/**
 * The kpis in one statement: a row per rep (the `sales` members of the accounts' teams) and one for
 * everyone (rep_id = OVERALL), each with every figure's parts. An account with two reps counts for
 * both (accounts belong to their team, credit is shared); the overall row counts it once.
 * PERF: the orders' figures are summed by their account's set of reps (a handful of groups, hashed,
 * where grouping a million orders by account spills to disk), then per rep by unnesting the sets.
 */
export function kpisSql(s: FigureScope, source: FigureSource = 'stored'): SQL {
  const repOnly = s.repId ? sql`and t.user_id = ${s.repId}::uuid` : sql``;
  const repOfSet = s.repId ? sql`where u.rep_id = ${s.repId}::uuid` : sql``;
  const cur = sql`${s.currency}::text`;
  // Each aggregate twice: over the rows themselves for everyone (no join), and over the rows joined
  // to the reps' accounts for byRep.
  const both = (source: string, alias: string, columns: SQL): SQL => sql`
      select ${OVERALL}::uuid as rep_id, ${columns} from ${sql.raw(source)} ${sql.raw(alias)}
      union all
      select s.rep_id, ${columns}
        from scope s join ${sql.raw(source)} ${sql.raw(alias)} on ${sql.raw(alias)}.account_id = s.account_id
       group by s.rep_id`;
  const orderSums = sql`sum(f.first_on_time)::int as first_on_time, sum(f.first_judged)::int as first_judged,
             sum(f.on_time)::int as on_time, sum(f.judged)::int as judged, coalesce(sum(f.revenue), 0)::text as revenue`;
  return sql`
    with ${figureCtes(s, source)},
    scope as (
      select t.user_id as rep_id, t.account_id from account_team t join acc on acc.id = t.account_id where t.role = 'sales' ${repOnly}
    ),
    by_reps as (
      select oc.reps,
             count(*) filter (where oc.in_period and oc.is_first and oc.on_time) as first_on_time,
             count(*) filter (where oc.in_period and oc.is_first and oc.on_time is not null) as first_judged,
             count(*) filter (where oc.in_period and oc.on_time) as on_time,
             count(*) filter (where oc.in_period and oc.on_time is not null) as judged,
             sum(oc.amount) filter (where oc.in_period and not oc.is_cancelled and oc.currency = ${cur}) as revenue
        from oc group by oc.reps
    ),
    fo as (
      select ${OVERALL}::uuid as rep_id, ${orderSums} from by_reps f
      union all
      select u.rep_id, ${orderSums} from by_reps f cross join unnest(f.reps) as u(rep_id) ${repOfSet} group by u.rep_id
    ),
    fa as (${both(
      'acct',
      'x',
      sql`count(*) filter (where x.in_cohort)::int as cohort,
             count(*) filter (where x.in_cohort and x.second_on is not null)::int as converted,
             percentile_cont(0.5) within group (order by (x.second_on - x.first_on)::float8)
               filter (where x.in_cohort and x.second_on is not null) as median_days,
             count(*) filter (where x.is_neglected)::int as neglected,
             count(*) filter (where x.is_rhythm_overdue)::int as rhythm_overdue`,
    )}),
    fq as (${both(
      'q',
      'q',
      sql`count(*) filter (where q.status = 'won')::int as won,
             count(*)::int as decided,
             coalesce(sum(q.amount) filter (where q.status = 'won' and q.currency = ${cur}), 0)::text as won_value,
             coalesce(sum(q.amount) filter (where q.currency = ${cur}), 0)::text as decided_value`,
    )}),
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

/** Which rows of the CTEs make each figure: the list behind a number is the number's own rows. */
const ORDER_FILTERS = {
  firstOrderOnTime: (_s: FigureScope) => sql`oc.in_period and oc.is_first and oc.on_time is not null`,
  onTime: (_s: FigureScope) => sql`oc.in_period and oc.on_time is not null`,
  revenue: (s: FigureScope) => sql`oc.in_period and not oc.is_cancelled and oc.currency = ${s.currency}::text`,
} as const;
const ACCOUNT_FILTERS = {
  secondOrderConversion: { where: sql`x.in_cohort`, sortDay: sql`x.first_on` },
  medianDaysToSecondOrder: { where: sql`x.in_cohort and x.second_on is not null`, sortDay: sql`x.first_on` },
  neglectedAccounts: { where: sql`x.is_neglected`, sortDay: sql`x.last_on` },
  rhythmOverdueAccounts: { where: sql`x.is_rhythm_overdue`, sortDay: sql`x.last_on` },
} as const;

export type OrderFigure = keyof typeof ORDER_FILTERS;
export type AccountFigure = keyof typeof ACCOUNT_FILTERS;

export interface RowsPage {
  /** The last row's (sort day, id) of the previous page. */
  after: [string, string] | null;
  /** null: every row (an export). */
  limit: number | null;
}

export const seek = (day: SQL, id: SQL, page: RowsPage): SQL =>
  page.after ? sql`and (${day}, ${id}) > (${page.after[0]}::date, ${page.after[1]}::uuid)` : sql``;
export const limitOf = (page: RowsPage): SQL => (page.limit === null ? sql`` : sql`limit ${page.limit + 1}`);

/** The orders behind a figure, by placed date then id. */
export function orderRowsSql(s: FigureScope, figure: OrderFigure, page: RowsPage, source: FigureSource = 'stored'): SQL {
  return sql`
    with ${figureCtes(s, source)}
    select oc.id, oc.number, oc.account_id, acc.name as account_name, oc.is_first as is_first_order,
           oc.placed_on::text as placed_on, oc.promised_date::text as promised_date, oc.shipped_on::text as shipped_on,
           oc.on_time, oc.amount::text as amount, oc.currency, oc.placed_on::text as sort_day
      from oc join acc on acc.id = oc.account_id
     where ${ORDER_FILTERS[figure](s)} ${seek(sql`oc.placed_on`, sql`oc.id`, page)}
     order by oc.placed_on, oc.id
     ${limitOf(page)}`;
}

/** The accounts behind a figure: the cohort by first order date, neglect and rhythm by last order date. */
export function accountRowsSql(s: FigureScope, figure: AccountFigure, page: RowsPage, source: FigureSource = 'stored'): SQL {
  const f = ACCOUNT_FILTERS[figure];
  return sql`
    with ${figureCtes(s, source)}
    select x.account_id as id, x.name as account_name, x.n as order_count, x.first_on::text as first_on,
           x.second_on::text as second_on, (x.second_on - x.first_on) as days_to_second,
           x.last_on::text as last_on, (${s.asOf}::date - x.last_on) as days_since_last, x.median_gap,
           ${f.sortDay}::text as sort_day
      from acct x
     where ${f.where} ${seek(f.sortDay, sql`x.account_id`, page)}
     order by ${f.sortDay}, x.account_id
     ${limitOf(page)}`;
}

/** The decided quotes behind the hit ratio, by decision date. */
export function quoteRowsSql(s: FigureScope, page: RowsPage): SQL {
  return sql`
    with ${figureCtes(s)}
    select q.id, q.number, q.account_id, acc.name as account_name, q.status, q.decided_on::text as decided_on,
           q.amount::text as amount, q.currency, u.name as rep_name, q.decided_on::text as sort_day
      from q join acc on acc.id = q.account_id left join users u on u.id = q.rep_id
     where true ${seek(sql`q.decided_on`, sql`q.id`, page)}
     order by q.decided_on, q.id
     ${limitOf(page)}`;
}

/** The retention windows: the last 12 months up to asOf, and the 12 before them (days included). */
export function retentionWindows(asOf: string): { previousFrom: string; previousTo: string; lastFrom: string; lastTo: string } {
  const shift = (years: number, days: number) => {
    const d = new Date(`${asOf}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() - years);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  return { previousFrom: shift(2, 1), previousTo: shift(1, 0), lastFrom: shift(1, 1), lastTo: asOf };
}

/**
 * The dashboard's series in one statement, as one JSON value: by month (of the first order, of
 * placing, of deciding) the cohort conversion and days to second order, first-order on time, first
 * and repeat revenue, quote hit ratio; the period's revenue by order category (P3.5); and
 * twelve-month retention as of asOf.
 */
export function dashboardSql(s: FigureScope, source: FigureSource = 'stored'): SQL {
  const cur = sql`${s.currency}::text`;
  const w = retentionWindows(s.asOf);
  const month = (day: SQL) => sql`to_char(${day}, 'YYYY-MM')`;
  return sql`
    with ${figureCtes(s, source)},
    cohorts as (
      select ${month(sql`x.first_on`)} as month,
             count(*)::int as cohort,
             count(*) filter (where x.second_on is not null)::int as converted,
             percentile_cont(0.5) within group (order by (x.second_on - x.first_on)::float8)
               filter (where x.second_on is not null) as median_days
        from acct x where x.in_cohort group by 1
    ),
    placed as (
      select ${month(sql`oc.placed_on`)} as month,
             count(*) filter (where oc.is_first and oc.on_time)::int as first_on_time,
             count(*) filter (where oc.is_first and oc.on_time is not null)::int as first_judged,
             coalesce(sum(oc.amount) filter (where oc.is_first and not oc.is_cancelled and oc.currency = ${cur}), 0)::text as first_revenue,
             coalesce(sum(oc.amount) filter (where not oc.is_first and not oc.is_cancelled and oc.currency = ${cur}), 0)::text as repeat_revenue
        from oc where oc.in_period group by 1
    ),
    by_category as (
      select oc.category, coalesce(sum(oc.amount), 0)::text as revenue
        from oc where oc.in_period and not oc.is_cancelled and oc.currency = ${cur} group by oc.category
    ),
    decided as (
      select ${month(sql`q.decided_on`)} as month,
             count(*) filter (where q.status = 'won')::int as won,
             count(*)::int as decided,
             coalesce(sum(q.amount) filter (where q.status = 'won' and q.currency = ${cur}), 0)::text as won_value,
             coalesce(sum(q.amount) filter (where q.currency = ${cur}), 0)::text as decided_value
        from q group by 1
    ),
    per_account as (
      select oc.account_id,
             count(*) filter (where oc.placed_on between ${w.previousFrom}::date and ${w.previousTo}::date) as previous_n,
             count(*) filter (where oc.placed_on between ${w.lastFrom}::date and ${w.lastTo}::date) as last_n,
             coalesce(sum(oc.amount) filter (where oc.currency = ${cur} and oc.placed_on between ${w.previousFrom}::date and ${w.previousTo}::date), 0) as previous_revenue,
             coalesce(sum(oc.amount) filter (where oc.currency = ${cur} and oc.placed_on between ${w.lastFrom}::date and ${w.lastTo}::date), 0) as last_revenue
        from oc join acc on acc.id = oc.account_id
       where acc.kind = 'customer' and not oc.is_cancelled
       group by oc.account_id
    ),
    retention as (
      select count(*)::int as base, count(*) filter (where last_n > 0)::int as retained,
             coalesce(sum(previous_revenue), 0)::text as base_revenue, coalesce(sum(last_revenue), 0)::text as retained_revenue
        from per_account where previous_n > 0
    )
    select (select coalesce(json_agg(c order by c.month), '[]'::json) from cohorts c) as cohorts,
           (select coalesce(json_agg(p order by p.month), '[]'::json) from placed p) as placed,
           (select coalesce(json_agg(d order by d.month), '[]'::json) from decided d) as decided,
           (select row_to_json(r) from retention r) as retention,
           (select coalesce(json_agg(b order by b.category), '[]'::json) from by_category b) as by_category`;
}

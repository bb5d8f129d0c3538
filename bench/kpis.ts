// The kpis (issue 12): the use case (settings read, one set-based statement overall and per rep)
// against one hand-written SQL query computing the same overall numbers another way (DISTINCT ON
// for first orders, subqueries per figure). Median of N runs each; both must give the same numbers.
// Goal: the use case within 1.5× the hand-written query; < 300 ms on PostgreSQL, < 1 s on PGlite (M).
import type { Database } from '../src/db/client.js';
import { getKpis } from '../src/domain/analytics/index.js';

export const KPIS_GOAL_RATIO = 1.5;

export interface KpisBenchResult {
  label: string;
  asOf: string;
  runs: number;
  medianUseCaseMs: number;
  medianHandSqlMs: number;
  ratio: number;
  figures: Record<string, number | string | null>;
  difference: string | null;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The overall figures of docs/domain.md §4 as of $1, all time, written by hand. */
const HAND_SQL = `
with s as (select timezone as tz, neglect_days as nd, rhythm_factor::float8 as f, currency as cur from settings where id = 1),
o as (
  select o.id, o.account_id, o.number, o.placed_at, o.amount, o.currency, o.promised_date, a.kind,
         (o.placed_at at time zone coalesce(a.timezone, s.tz))::date as d,
         (o.shipped_at at time zone coalesce(a.timezone, s.tz))::date as sd,
         (o.shipped_at is null and o.status in ('shipped', 'delivered', 'closed')) as unknown_ship,
         (o.status = 'cancelled' and not exists (select 1 from order_events e where e.order_id = o.id and e.to_status = 'cancelled'
            and (e.at at time zone coalesce(a.timezone, s.tz))::date > $1::date)) as cancelled
    from orders o join accounts a on a.id = o.account_id cross join s
   where (o.placed_at at time zone coalesce(a.timezone, s.tz))::date <= $1::date
),
firsts as (select distinct on (account_id) id, account_id, d from o order by account_id, placed_at, number, id),
ranked as (select account_id, d, placed_at, row_number() over (partition by account_id order by placed_at, number, id) as rn,
                  d - lag(d) over (partition by account_id order by placed_at, number, id) as gap from o),
seconds as (select account_id, d from ranked where rn = 2),
judged as (
  select o.id in (select id from firsts) as is_first, coalesce(o.sd <= $1::date and o.sd <= o.promised_date, false) as ok
    from o
   where o.promised_date is not null and not o.cancelled and not o.unknown_ship
     and ((o.sd is not null and o.sd <= $1::date) or o.promised_date < $1::date)
),
per as (select account_id, max(kind) as kind, count(*) as n, max(d) as last_d,
               percentile_cont(0.5) within group (order by gap) as m from ranked join (select distinct account_id, kind from o) k using (account_id) group by account_id),
q as (select qq.status, qq.amount, qq.currency from quotes qq join accounts a on a.id = qq.account_id cross join s
       where qq.status in ('won', 'lost', 'expired') and (qq.decided_at at time zone coalesce(a.timezone, s.tz))::date <= $1::date)
select (select count(*) filter (where ok and is_first) from judged)::int as first_on_time,
       (select count(*) filter (where is_first) from judged)::int as first_judged,
       (select count(*) filter (where ok) from judged)::int as on_time,
       (select count(*) from judged)::int as judged,
       (select count(*) from seconds)::int as converted,
       (select count(*) from firsts)::int as cohort,
       (select percentile_cont(0.5) within group (order by (x.d - f.d)) from seconds x join firsts f using (account_id)) as median_days,
       (select count(*) from per cross join s where kind = 'customer' and last_d < $1::date - s.nd)::int as neglected,
       (select count(*) from per cross join s where kind = 'customer' and n >= 3 and m is not null and ($1::date - last_d)::float8 > s.f * m)::int as rhythm_overdue,
       (select coalesce(sum(amount), 0) from o cross join s where o.currency = s.cur and not o.cancelled)::text as revenue,
       (select count(*) filter (where status = 'won') from q)::int as won,
       (select count(*) from q)::int as decided`;

type Hand = Record<string, number | string | null>;

export async function runKpisBench(database: Database, options: { asOf: string; runs: number; label: string }): Promise<KpisBenchResult> {
  const ctx = { db: database.db, now: new Date(`${options.asOf}T12:00:00Z`) };
  const useCase: number[] = [];
  const hand: number[] = [];
  let k = await getKpis(ctx, { asOf: options.asOf });
  let h = (await database.query<Hand>(HAND_SQL, [options.asOf]))[0]!;
  for (let i = 0; i < options.runs; i++) {
    let t = performance.now();
    k = await getKpis(ctx, { asOf: options.asOf });
    useCase.push(performance.now() - t);
    t = performance.now();
    h = (await database.query<Hand>(HAND_SQL, [options.asOf]))[0]!;
    hand.push(performance.now() - t);
  }
  const mine: Hand = {
    first_on_time: k.firstOrderOnTime.numerator,
    first_judged: k.firstOrderOnTime.denominator,
    on_time: k.onTime.numerator,
    judged: k.onTime.denominator,
    converted: k.secondOrderConversion.numerator,
    cohort: k.secondOrderConversion.denominator,
    median_days: k.medianDaysToSecondOrder,
    neglected: k.neglectedAccounts,
    rhythm_overdue: k.rhythmOverdueAccounts,
    revenue: k.revenue.replace('.', '').replace(/^0+(?=\d)/, ''),
    won: k.quoteHitRatio.numerator,
    decided: k.quoteHitRatio.denominator,
  };
  const differ = Object.keys(mine).filter((key) => String(mine[key]) !== String(h[key] === null ? null : Number(h[key])));
  const medianUseCaseMs = median(useCase);
  const medianHandSqlMs = median(hand);
  return {
    label: options.label,
    asOf: options.asOf,
    runs: options.runs,
    medianUseCaseMs,
    medianHandSqlMs,
    ratio: medianUseCaseMs / medianHandSqlMs,
    figures: mine,
    difference:
      differ.length === 0 ? null : differ.map((key) => `${key}: use case ${String(mine[key])}, by hand ${String(h[key])}`).join('; '),
  };
}

/** The section's heading: `npm run bench -- --only kpis` replaces the section under it. */
export const KPIS_HEADING = '## KPIs (GET /api/v1/analytics/kpis)';
/** Issue 12's time goals for the M dataset: under 300 ms on PostgreSQL, under 1 s on PGlite. */
const KPIS_GOAL_MS: Record<string, number> = { postgres: 300, pglite: 1000 };

function timeVerdict(r: KpisBenchResult): string {
  const goal = KPIS_GOAL_MS[r.label.split(' ')[0] ?? ''];
  if (goal === undefined) return '';
  const ms = r.medianUseCaseMs;
  return ms < goal ? `< ${goal} ms: met` : `< ${goal} ms: **missed by ${(ms - goal).toFixed(0)} ms** (${(ms / goal).toFixed(1)}×)`;
}

export function renderKpis(results: readonly KpisBenchResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.label} | ${r.asOf} | ${r.medianUseCaseMs.toFixed(0)} | ${r.medianHandSqlMs.toFixed(0)} | ${r.ratio.toFixed(2)}× ${r.ratio <= KPIS_GOAL_RATIO ? '✓' : '✗'} | ${timeVerdict(r)} | ${r.difference ?? 'same numbers'} |`,
  );
  return [
    '',
    `${KPIS_HEADING} — median of runs; goals ≤ ${KPIS_GOAL_RATIO}× the hand-written query, and (set for the M dataset) < 300 ms on PostgreSQL, < 1 s on PGlite`,
    '',
    '| dataset | as of | use case ms | hand SQL ms | ratio | time goal | check |',
    '|---|---|---:|---:|---:|---|---|',
    ...rows,
    '',
  ].join('\n');
}

// The daily sweep's selection (issue 4): the use case in dry-run mode (settings read, set-based
// selection, the rules that date each episode) against one hand-written SQL query selecting the
// same accounts and orders. Median of N runs each; both must return the same sets.
// Goal: the use case within 1.5× the hand-written query.
import type { Database } from '../src/db/client.js';
import { runSweep } from '../src/domain/sweep/index.js';

export const DAILY_SWEEP_GOAL_RATIO = 1.5;

export interface DailySweepBenchOptions {
  /** The day to sweep (YYYY-MM-DD); the generator's data ends 2026-06-30 by default. */
  asOf?: string;
  runs?: number;
  /** A label for the report, e.g. "PGlite M". */
  label?: string;
}

export interface DailySweepBenchResult {
  label: string;
  engine: 'pglite' | 'postgres';
  asOf: string;
  runs: number;
  useCaseMs: number[];
  handSqlMs: number[];
  medianUseCaseMs: number;
  medianHandSqlMs: number;
  ratio: number;
  counts: { neglected: number; rhythmOverdue: number; lateRisk: number };
  isSameSelection: boolean;
  /** What differed, when the two selections did not match. */
  difference: string | null;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The same selection written by hand in one statement: neglected and rhythm overdue from the
 * account row, late risk from a working-day calendar of ±1 year around the day (enough for stage
 * totals under 250 working days), each minus the episodes already emitted.
 */
const HAND_SQL = `
with s as (
  select timezone as tz, neglect_days, rhythm_factor::float8 as factor, stage_days as sd, workdays, holidays from settings where id = 1
),
acc as (
  select a.id, a.order_count, a.median_gap_days,
         to_char(a.last_order_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as episode,
         $1::date - (a.last_order_at at time zone coalesce(a.timezone, s.tz))::date as days
    from accounts a cross join s
   where a.kind = 'customer' and a.last_order_at is not null
),
cal as (
  select g::date as day,
         sum(case when extract(isodow from g)::int = any(s.workdays) and not (g::date = any(s.holidays)) then 1 else 0 end) over (order by g)::int as cum
    from s cross join generate_series($1::date - 366, $1::date + 366, interval '1 day') g
),
st(status, i) as (values ('received', 0), ('data_review', 1), ('in_production', 2), ('inspection', 3), ('ready_to_ship', 4)),
stage as (
  select st.status, (s.sd ->> st.status)::int as days,
         (select coalesce(sum((s.sd ->> x.status)::int), 0) from st x where x.i > st.i)::int as later
    from st cross join s
),
o as materialized (
  select o.id, o.status, o.promised_date, o.expected_ship_date,
         o.promised_date::text || '|' || coalesce(o.expected_ship_date::text, '') as episode,
         least($1::date, (coalesce((select max(e.at) from order_events e where e.order_id = o.id and e.to_status = o.status), o.placed_at)
           at time zone coalesce(a.timezone, s.tz))::date) as entered_on
    from orders o join accounts a on a.id = o.account_id cross join s
   where o.status in ('received', 'data_review', 'in_production', 'inspection', 'ready_to_ship') and o.promised_date is not null
)
select 'neglected' as kind, acc.id::text as id from acc cross join s
 where acc.days > s.neglect_days
   and not exists (select 1 from sweep_episodes e where e.kind = 'account.neglected' and e.subject_id = acc.id and e.episode = acc.episode)
union all
select 'rhythm_overdue', acc.id::text from acc cross join s
 where acc.order_count >= 3 and acc.median_gap_days is not null and acc.days::float8 > s.factor * acc.median_gap_days::float8
   and not exists (select 1 from sweep_episodes e where e.kind = 'account.rhythm_overdue' and e.subject_id = acc.id and e.episode = acc.episode)
union all
select 'late_risk', o.id::text from o
  join stage on stage.status = o.status
  join cal ct on ct.day = $1::date
  join cal ce on ce.day = greatest(o.entered_on, $1::date - 366)
  left join cal cp on cp.day = o.promised_date
 where ((o.expected_ship_date > o.promised_date)
        or o.promised_date < $1::date
        or (cp.cum is not null and cp.cum - ct.cum < greatest(0, stage.days - (ct.cum - ce.cum)) + stage.later))
   and not exists (select 1 from sweep_episodes e where e.kind = 'order.late_risk' and e.subject_id = o.id and e.episode = o.episode)`;

function diff(name: string, a: readonly string[], b: readonly string[]): string | null {
  const sa = new Set(a);
  const sb = new Set(b);
  const onlyA = a.filter((x) => !sb.has(x));
  const onlyB = b.filter((x) => !sa.has(x));
  if (onlyA.length === 0 && onlyB.length === 0) return null;
  return `${name}: ${onlyA.length} only in the use case (${onlyA.slice(0, 3).join(', ')}), ${onlyB.length} only in the hand-written query (${onlyB.slice(0, 3).join(', ')})`;
}

export async function runDailySweepBench(database: Database, options: DailySweepBenchOptions = {}): Promise<DailySweepBenchResult> {
  const asOf = options.asOf ?? '2026-06-30';
  const runs = Math.max(3, options.runs ?? 3);
  const now = new Date(`${asOf}T12:00:00Z`);
  // One warm-up each (plans, caches), not timed.
  let useCase = await runSweep({ db: database.db, now }, { asOf, isDryRun: true });
  let hand = await database.query<{ kind: string; id: string }>(HAND_SQL, [asOf]);
  const useCaseMs: number[] = [];
  const handSqlMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    useCase = await runSweep({ db: database.db, now }, { asOf, isDryRun: true });
    useCaseMs.push(performance.now() - t);
    t = performance.now();
    hand = await database.query<{ kind: string; id: string }>(HAND_SQL, [asOf]);
    handSqlMs.push(performance.now() - t);
  }
  const of = (kind: string) => hand.filter((r) => r.kind === kind).map((r) => r.id);
  const differences = [
    diff('neglected', useCase.neglectedAccountIds, of('neglected')),
    diff('rhythm overdue', useCase.rhythmOverdueAccountIds, of('rhythm_overdue')),
    diff('late risk', useCase.lateRiskOrderIds, of('late_risk')),
  ].filter((d): d is string => d !== null);
  const medianUseCaseMs = median(useCaseMs);
  const medianHandSqlMs = median(handSqlMs);
  return {
    label: options.label ?? database.engine,
    engine: database.engine,
    asOf,
    runs,
    useCaseMs,
    handSqlMs,
    medianUseCaseMs,
    medianHandSqlMs,
    ratio: medianUseCaseMs / medianHandSqlMs,
    counts: {
      neglected: useCase.neglectedAccountIds.length,
      rhythmOverdue: useCase.rhythmOverdueAccountIds.length,
      lateRisk: useCase.lateRiskOrderIds.length,
    },
    isSameSelection: differences.length === 0,
    difference: differences.length > 0 ? differences.join('; ') : null,
  };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** A markdown section: one row per result, with the goal met or missed and by how much. */
export function renderDailySweep(results: readonly DailySweepBenchResult[]): string {
  const lines = [
    '## Daily sweep selection',
    '',
    `The sweep use case in dry-run mode (settings, set-based selection of neglected, rhythm-overdue and late-risk episodes, the rules that date them) vs one hand-written SQL query selecting the same accounts and orders. Median of the runs; goal: use case ≤ ${DAILY_SWEEP_GOAL_RATIO}× the query.`,
    '',
    '| dataset | as of | neglected | rhythm overdue | late risk | use case (ms) | hand SQL (ms) | ratio | goal | same sets |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    const isMet = r.ratio <= DAILY_SWEEP_GOAL_RATIO;
    const by = isMet
      ? `met (${((1 - r.ratio / DAILY_SWEEP_GOAL_RATIO) * 100).toFixed(0)} % under)`
      : `missed by ${((r.ratio / DAILY_SWEEP_GOAL_RATIO - 1) * 100).toFixed(0)} %`;
    lines.push(
      `| ${r.label} | ${r.asOf} | ${r.counts.neglected} | ${r.counts.rhythmOverdue} | ${r.counts.lateRisk} | ${ms(r.medianUseCaseMs)} | ${ms(r.medianHandSqlMs)} | ${r.ratio.toFixed(2)}× | ${by} | ${r.isSameSelection ? 'yes' : `**no**: ${r.difference}`} |`,
    );
  }
  return lines.join('\n') + '\n';
}

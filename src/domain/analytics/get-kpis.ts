// GET /api/v1/analytics/kpis: every figure of docs/domain.md §4, overall and per rep, in one statement.
import type { AnalyticsQuery, Figures, Kpis, Ratio } from '../../../contract/analytics.js';
import { sql } from 'drizzle-orm';
import { formatMoney, type ReadContext, rowsOf } from '../shared/index.js';
import { kpisSql, OVERALL, type KpisRow } from './figures-sql.js';
import { resolveScope } from './scope.js';

/** numerator ÷ denominator, null when there is nothing to divide by (no data is not 0 %). */
export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

function figuresOf(r: KpisRow, currency: string): Figures {
  const wonValue = Number(r.won_value);
  const decidedValue = Number(r.decided_value);
  return {
    firstOrderOnTime: ratio(r.first_on_time, r.first_judged),
    secondOrderConversion: ratio(r.converted, r.cohort),
    onTime: ratio(r.on_time, r.judged),
    quoteHitRatio: {
      ...ratio(r.won, r.decided),
      byValue: {
        numerator: formatMoney(wonValue, currency),
        denominator: formatMoney(decidedValue, currency),
        rate: decidedValue === 0 ? null : wonValue / decidedValue,
      },
    },
    medianDaysToSecondOrder: r.median_days === null ? null : Number(r.median_days),
    neglectedAccounts: r.neglected,
    rhythmOverdueAccounts: r.rhythm_overdue,
    revenue: formatMoney(Number(r.revenue), currency),
  };
}

export async function getKpis(ctx: ReadContext, query: AnalyticsQuery): Promise<Kpis> {
  const scope = await resolveScope(ctx, query);
  const rows = await ctx.db.transaction(async (tx) => {
    // On a million orders PostgreSQL's JIT spent about 1.2 s compiling this one statement (EXPLAIN
    // ANALYZE, docs/benchmarks.md) — more than it saved. PGlite has no JIT: a no-op there.
    await tx.execute(sql`set local jit = off`);
    // The accounts' hash table (one row each, with its reps) is larger than the default 4 MB at M:
    // the planner then sorted a million orders to merge-join them instead (docs/benchmarks.md).
    await tx.execute(sql`set local work_mem = '64MB'`);
    return rowsOf<KpisRow>(tx, kpisSql(scope));
  });
  const overall = rows.find((r) => r.rep_id === OVERALL);
  if (!overall) throw new Error('kpis: the overall row is missing');
  return {
    asOf: scope.asOf,
    from: scope.from,
    to: scope.to,
    rep: scope.repId,
    currency: scope.currency,
    ...figuresOf(overall, scope.currency),
    byRep: rows
      .filter((r) => r.rep_id !== OVERALL)
      .map((r) => ({ repId: r.rep_id, repName: r.rep_name ?? '', ...figuresOf(r, scope.currency) })),
  };
}

// GET /api/v1/analytics/dashboard: the figures beyond §4 that the GM's dashboard draws — by month,
// the cohort conversion and days to second order, first-order on time, first and repeat revenue and
// the quote hit ratio; the period's revenue by order category; and twelve-month retention. One statement (figures-sql.ts dashboardSql).
import type { AnalyticsQuery, Dashboard, DashboardMonth } from '../../../contract/analytics.js';
import { ORDER_CATEGORIES, type OrderCategory } from '../../../contract/orders.js';
import { formatMoney, type ReadContext, rowsOf } from '../shared/index.js';
import { dashboardSql, retentionWindows } from './figures-sql.js';
import { ratio } from './get-kpis.js';
import { resolveScope } from './scope.js';

interface CohortJson {
  month: string;
  cohort: number;
  converted: number;
  median_days: number | null;
}
interface PlacedJson {
  month: string;
  first_on_time: number;
  first_judged: number;
  first_revenue: string;
  repeat_revenue: string;
}
interface DecidedJson {
  month: string;
  won: number;
  decided: number;
  won_value: string;
  decided_value: string;
}
interface RetentionJson {
  base: number;
  retained: number;
  base_revenue: string;
  retained_revenue: string;
}
interface CategoryJson {
  category: OrderCategory;
  revenue: string;
}
interface DashboardRow {
  by_category: CategoryJson[] | string;
  cohorts: CohortJson[] | string;
  placed: PlacedJson[] | string;
  decided: DecidedJson[] | string;
  retention: RetentionJson | string;
}

/** A JSON column: parsed by one driver, text from another. */
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export async function getDashboard(ctx: ReadContext, query: AnalyticsQuery): Promise<Dashboard> {
  const scope = await resolveScope(ctx, query);
  const [row] = await rowsOf<DashboardRow>(ctx.db, dashboardSql(scope));
  if (!row) throw new Error('dashboard: no row');
  const money = (minor: number | string) => formatMoney(Number(minor), scope.currency);
  const cohorts = new Map(parsed(row.cohorts).map((c) => [c.month, c]));
  const placed = new Map(parsed(row.placed).map((p) => [p.month, p]));
  const decided = new Map(parsed(row.decided).map((d) => [d.month, d]));
  const months = [...new Set([...cohorts.keys(), ...placed.keys(), ...decided.keys()])].sort();
  let repeat = 0;
  let revenue = 0;
  const series = months.map((month): DashboardMonth => {
    const c = cohorts.get(month);
    const p = placed.get(month);
    const d = decided.get(month);
    repeat += Number(p?.repeat_revenue ?? 0);
    revenue += Number(p?.repeat_revenue ?? 0) + Number(p?.first_revenue ?? 0);
    const wonValue = Number(d?.won_value ?? 0);
    const decidedValue = Number(d?.decided_value ?? 0);
    return {
      month,
      secondOrderConversion: ratio(c?.converted ?? 0, c?.cohort ?? 0),
      medianDaysToSecondOrder: c?.median_days ?? null,
      firstOrderOnTime: ratio(p?.first_on_time ?? 0, p?.first_judged ?? 0),
      quoteHitRatio: {
        ...ratio(d?.won ?? 0, d?.decided ?? 0),
        byValue: {
          numerator: money(wonValue),
          denominator: money(decidedValue),
          rate: decidedValue === 0 ? null : wonValue / decidedValue,
        },
      },
      firstOrderRevenue: money(p?.first_revenue ?? 0),
      repeatRevenue: money(p?.repeat_revenue ?? 0),
    };
  });
  const byCategory = new Map(parsed(row.by_category).map((b) => [b.category, b.revenue]));
  const r = parsed(row.retention);
  const baseRevenue = Number(r.base_revenue);
  const retainedRevenue = Number(r.retained_revenue);
  return {
    asOf: scope.asOf,
    from: scope.from,
    to: scope.to,
    rep: scope.repId,
    currency: scope.currency,
    months: series,
    repeatRevenue: money(repeat),
    revenue: money(revenue),
    revenueByCategory: Object.fromEntries(ORDER_CATEGORIES.map((c) => [c, money(byCategory.get(c) ?? 0)])) as Record<OrderCategory, string>,
    retention: {
      ...retentionWindows(scope.asOf),
      customers: ratio(r.retained, r.base),
      revenue: {
        numerator: money(retainedRevenue),
        denominator: money(baseRevenue),
        rate: baseRevenue === 0 ? null : retainedRevenue / baseRevenue,
      },
    },
  };
}

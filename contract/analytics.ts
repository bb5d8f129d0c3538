// The figures of docs/domain.md §4 (docs/domain.md §4): GET /api/v1/analytics/kpis and the lists behind
// each figure. The keys of the kpis answer are a public contract that outside checks read.
import { z } from 'zod';
import { DateSchema, IdSchema, PageQuerySchema } from './common.js';
import { OrderCategorySchema } from './orders.js';

/**
 * The view every figure takes: as of a day (default today in the organisation's timezone), over a
 * period of days [from, to], both included (default: all time up to asOf), for one rep's accounts.
 */
const analyticsQueryFields = {
  asOf: DateSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  /** A user on the account teams as `sales`: only the accounts whose team has them. */
  rep: IdSchema.optional(),
};

function checkPeriod(q: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (q.from !== undefined && q.to !== undefined && q.to < q.from)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `is before from (${q.from}): a period runs from one day to another, both included`,
    });
  if (q.from !== undefined && q.asOf !== undefined && q.from > q.asOf)
    ctx.addIssue({ code: 'custom', path: ['from'], message: `is after asOf (${q.asOf}): nothing had happened in that period yet` });
}

export const AnalyticsQuerySchema = z.object(analyticsQueryFields).superRefine(checkPeriod);
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

/** A share: numerator ÷ denominator; rate is null when the denominator is 0 (no data, not 0 %). */
export const RatioSchema = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().min(0).max(1).nullable(),
});
export type Ratio = z.infer<typeof RatioSchema>;

/** A share of money, in the organisation's currency as decimal strings. */
export const MoneyRatioSchema = z.object({ numerator: z.string(), denominator: z.string(), rate: z.number().min(0).max(1).nullable() });
export type MoneyRatio = z.infer<typeof MoneyRatioSchema>;

export const FiguresSchema = z.object({
  firstOrderOnTime: RatioSchema,
  secondOrderConversion: RatioSchema,
  onTime: RatioSchema,
  quoteHitRatio: RatioSchema.extend({ byValue: MoneyRatioSchema }),
  /** Days from the first to the second order's placed date; null when no account of the cohort converted. */
  medianDaysToSecondOrder: z.number().nullable(),
  neglectedAccounts: z.number().int(),
  rhythmOverdueAccounts: z.number().int(),
  /** Decimal string in `currency`. */
  revenue: z.string(),
});
export type Figures = z.infer<typeof FiguresSchema>;

export const KpisSchema = FiguresSchema.extend({
  asOf: DateSchema,
  /** The period's first day; null: since the beginning. */
  from: DateSchema.nullable(),
  to: DateSchema,
  rep: IdSchema.nullable(),
  /** The organisation's currency: revenue and hit ratio by value count the orders and quotes in it. */
  currency: z.string(),
  byRep: z.array(FiguresSchema.extend({ repId: IdSchema, repName: z.string() })),
});
export type Kpis = z.infer<typeof KpisSchema>;

/** The figures whose rows GET /api/v1/analytics/<key> lists: the keys of the kpis answer. */
export const FIGURE_KEYS = [
  'firstOrderOnTime',
  'secondOrderConversion',
  'onTime',
  'quoteHitRatio',
  'medianDaysToSecondOrder',
  'neglectedAccounts',
  'rhythmOverdueAccounts',
  'revenue',
] as const;
export const FigureKeySchema = z.enum(FIGURE_KEYS);
export type FigureKey = z.infer<typeof FigureKeySchema>;

export const FigureRowsQuerySchema = z
  .object({
    ...analyticsQueryFields,
    ...PageQuerySchema.shape,
    /** csv: every row as a CSV file (UTF-8 with BOM), unpaged; the same as Accept: text/csv. */
    format: z.enum(['json', 'csv']).default('json'),
  })
  .superRefine(checkPeriod);
export type FigureRowsQuery = z.infer<typeof FigureRowsQuerySchema>;

/** An order behind a figure; outcome is its on-time verdict as of the day (null: not counted either way). */
export const FigureOrderRowSchema = z.object({
  orderId: IdSchema,
  number: z.string(),
  accountId: IdSchema,
  accountName: z.string(),
  isFirstOrder: z.boolean(),
  placedOn: DateSchema,
  promisedDate: DateSchema.nullable(),
  shippedOn: DateSchema.nullable(),
  outcome: z.enum(['on_time', 'late']).nullable(),
  amount: z.string(),
  currency: z.string(),
});
export type FigureOrderRow = z.infer<typeof FigureOrderRowSchema>;

/** An account behind a figure, with its orders as of the day. */
export const FigureAccountRowSchema = z.object({
  accountId: IdSchema,
  accountName: z.string(),
  orderCount: z.number().int(),
  firstOrderOn: DateSchema,
  secondOrderOn: DateSchema.nullable(),
  daysToSecondOrder: z.number().int().nullable(),
  lastOrderOn: DateSchema,
  daysSinceLastOrder: z.number().int(),
  medianGapDays: z.number().nullable(),
});
export type FigureAccountRow = z.infer<typeof FigureAccountRowSchema>;

/** A decided quote behind the hit ratio. */
export const FigureQuoteRowSchema = z.object({
  quoteId: IdSchema,
  number: z.string(),
  accountId: IdSchema,
  accountName: z.string(),
  status: z.enum(['won', 'lost', 'expired']),
  decidedOn: DateSchema,
  amount: z.string(),
  currency: z.string(),
  repName: z.string().nullable(),
});
export type FigureQuoteRow = z.infer<typeof FigureQuoteRowSchema>;

/** Which rows each figure lists. */
export const FIGURE_ROWS = {
  firstOrderOnTime: 'orders',
  onTime: 'orders',
  revenue: 'orders',
  secondOrderConversion: 'accounts',
  medianDaysToSecondOrder: 'accounts',
  neglectedAccounts: 'accounts',
  rhythmOverdueAccounts: 'accounts',
  quoteHitRatio: 'quotes',
} as const satisfies Record<FigureKey, 'orders' | 'accounts' | 'quotes'>;

export const FigureRowsSchema = z.discriminatedUnion('rows', [
  z.object({ rows: z.literal('orders'), items: z.array(FigureOrderRowSchema), nextCursor: z.string().nullable() }),
  z.object({ rows: z.literal('accounts'), items: z.array(FigureAccountRowSchema), nextCursor: z.string().nullable() }),
  z.object({ rows: z.literal('quotes'), items: z.array(FigureQuoteRowSchema), nextCursor: z.string().nullable() }),
]);
export type FigureRows = z.infer<typeof FigureRowsSchema>;

/** A month (YYYY-MM, in the accounts' timezones) of the dashboard's series. */
export const DashboardMonthSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  /** Accounts whose first order was placed this month (the cohort) and how many ordered again by asOf. */
  secondOrderConversion: RatioSchema,
  medianDaysToSecondOrder: z.number().nullable(),
  /** First orders placed this month: on time ÷ shipped or late. */
  firstOrderOnTime: RatioSchema,
  /** Quotes decided this month. */
  quoteHitRatio: RatioSchema.extend({ byValue: MoneyRatioSchema }),
  /** Orders placed this month: first orders' and repeat (second and later) orders' amounts. */
  firstOrderRevenue: z.string(),
  repeatRevenue: z.string(),
});
export type DashboardMonth = z.infer<typeof DashboardMonthSchema>;

export const DashboardSchema = z.object({
  asOf: DateSchema,
  from: DateSchema.nullable(),
  to: DateSchema,
  rep: IdSchema.nullable(),
  currency: z.string(),
  months: z.array(DashboardMonthSchema),
  /** Revenue of the period from second and later orders (repeat business). */
  repeatRevenue: z.string(),
  revenue: z.string(),
  /** The period's revenue by what the orders sold (P3.5): service contracts and parts are repeat business of their own. */
  revenueByCategory: z.record(OrderCategorySchema, z.string()),
  /**
   * Twelve-month retention as of asOf: of the customers who ordered in the 12 months before the
   * last 12, those who ordered again in the last 12; and their revenue in the last 12 months ÷
   * their revenue in the 12 before (may pass 1).
   */
  retention: z.object({
    previousFrom: DateSchema,
    previousTo: DateSchema,
    lastFrom: DateSchema,
    lastTo: DateSchema,
    customers: RatioSchema,
    revenue: z.object({ numerator: z.string(), denominator: z.string(), rate: z.number().min(0).nullable() }),
  }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/**
 * P2.1 — told before they found out (docs/analytics.md): the late orders whose promised date falls
 * in the period, and how many of them had their late notice sent on or before that date.
 */
export const LateNoticesSchema = z.object({
  asOf: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  rep: z.string().nullable(),
  /** Late orders (shipped after the promised date, or unshipped with it past) promised in the period. */
  lateOrders: z.number().int(),
  /** Of those, the ones whose late notice was sent on or before the promised date. */
  notifiedInAdvance: z.number().int(),
  /** notifiedInAdvance ÷ lateOrders. */
  share: RatioSchema,
});
export type LateNotices = z.infer<typeof LateNoticesSchema>;

/**
 * "Does the practice work?" (docs/analytics.md): the first orders of the period that a playbook
 * ran for, split by whether its steps were done on time, and how many of their accounts ordered
 * again by asOf. `kept`: every step due by asOf was done by its due time; `missed`: at least one was
 * done late, skipped, or is still open past due. Each side with its counts, so a small sample shows.
 */
export const PracticeOutcomeSchema = z.object({
  /** Accounts (one first order each) on this side, and those that placed a second order by asOf. */
  secondOrderConversion: RatioSchema,
  medianDaysToSecondOrder: z.number().nullable(),
});
export type PracticeOutcome = z.infer<typeof PracticeOutcomeSchema>;

export const PracticeSchema = z.object({
  asOf: DateSchema,
  from: DateSchema.nullable(),
  to: DateSchema,
  rep: IdSchema.nullable(),
  playbooks: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      kept: PracticeOutcomeSchema,
      missed: PracticeOutcomeSchema,
      /** Per step (in the playbook's order): the runs where this step was done on time against those where it was not. */
      steps: z.array(z.object({ key: z.string(), title: z.string(), kept: PracticeOutcomeSchema, missed: PracticeOutcomeSchema })),
    }),
  ),
});
export type Practice = z.infer<typeof PracticeSchema>;

export const PracticeRowsQuerySchema = z
  .object({
    ...analyticsQueryFields,
    ...PageQuerySchema.shape,
    /** The playbook's key (`paid-audition`). */
    playbook: z.string().trim().min(1).max(100),
    /** A step's key: the runs judged by that step alone; without it, by all their steps. */
    step: z.string().trim().min(1).max(100).optional(),
    side: z.enum(['kept', 'missed']),
  })
  .superRefine(checkPeriod);
export type PracticeRowsQuery = z.infer<typeof PracticeRowsQuerySchema>;

/** An account behind a side of "does the practice work": its first order, the steps that missed, whether it came back. */
export const PracticeRowSchema = z.object({
  accountId: IdSchema,
  accountName: z.string(),
  orderId: IdSchema,
  orderNumber: z.string(),
  firstOrderOn: DateSchema,
  secondOrderOn: DateSchema.nullable(),
  daysToSecondOrder: z.number().int().nullable(),
  /** The steps done late, skipped or open past due (empty on the kept side). */
  missedSteps: z.array(z.string()),
});
export type PracticeRow = z.infer<typeof PracticeRowSchema>;

export const PracticeRowsSchema = z.object({ items: z.array(PracticeRowSchema), nextCursor: z.string().nullable() });
export type PracticeRows = z.infer<typeof PracticeRowsSchema>;

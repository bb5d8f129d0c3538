// The figures of docs/domain.md §4 (docs/domain.md §4): GET /api/v1/analytics/kpis and the lists behind
// each figure. The keys of the kpis answer are a public contract that outside checks read.
import { z } from 'zod';
import { DateSchema, IdSchema } from './common.js';

/**
 * The view every figure takes: as of a day (default today in the organisation's timezone), over a
 * period of days [from, to], both included (default: all time up to asOf), for one rep's accounts.
 */
export const AnalyticsQuerySchema = z
  .object({
    asOf: DateSchema.optional(),
    from: DateSchema.optional(),
    to: DateSchema.optional(),
    /** A user on the account teams as `sales`: only the accounts whose team has them. */
    rep: IdSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.to < q.from)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `is before from (${q.from}): a period runs from one day to another, both included`,
      });
    if (q.from !== undefined && q.asOf !== undefined && q.from > q.asOf)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `is after asOf (${q.asOf}): nothing had happened in that period yet` });
  });
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

// Problems (P2.2, P3.3–4, docs/problems.md): a customer problem found at a call, an installation, a
// task or an order — fixed for the customer, traced to where the expectation was set, and prevented
// from happening again. Also the expectations report that reads them. No node or DOM imports here.
import { z } from 'zod';
import { DateSchema, IdSchema, NonEmptyTextSchema, PageQuerySchema, PersonRefSchema, TextSchema } from './common.js';

/** Where a problem was found. `survey` is for the transaction surveys' detractor answers. */
export const PROBLEM_SOURCES = ['survey', 'call', 'installation', 'task', 'order', 'hot_button', 'other'] as const;
export const ProblemSourceSchema = z.enum(PROBLEM_SOURCES, { message: `must be one of: ${PROBLEM_SOURCES.join(', ')}` });
export type ProblemSource = z.infer<typeof ProblemSourceSchema>;

/** Where the cause lies (P3.4): a sale expectation is the one traced to the rep who set it. */
export const PROBLEM_ORIGINS = [
  'sale_expectation',
  'engineering',
  'production',
  'quality',
  'shipping',
  'documentation',
  'training',
  'support',
  'product',
] as const;
export const ProblemOriginSchema = z.enum(PROBLEM_ORIGINS, { message: `must be one of: ${PROBLEM_ORIGINS.join(', ')}` });
export type ProblemOrigin = z.infer<typeof ProblemOriginSchema>;

/** open → fixing → fixed (the customer is fixed) → prevented (the preventive action is done) → closed. */
export const PROBLEM_STATUSES = ['open', 'fixing', 'fixed', 'prevented', 'closed'] as const;
export const ProblemStatusSchema = z.enum(PROBLEM_STATUSES, { message: `must be one of: ${PROBLEM_STATUSES.join(', ')}` });
export type ProblemStatus = z.infer<typeof ProblemStatusSchema>;

/** A preventive action updates training or changes a process. */
export const PREVENTIVE_KINDS = ['training', 'process'] as const;
export const PreventiveKindSchema = z.enum(PREVENTIVE_KINDS, { message: `must be one of: ${PREVENTIVE_KINDS.join(', ')}` });
export type PreventiveKind = z.infer<typeof PreventiveKindSchema>;

/** How the responsible person was proposed: from the order's rep, the rep of its quote, the hot button's captor, or named by a person. */
export const RESPONSIBLE_SOURCES = ['order_rep', 'quote_rep', 'hot_button', 'named'] as const;
export type ResponsibleSource = (typeof RESPONSIBLE_SOURCES)[number];

/** People's words for each origin, source and status (lists, filters, the report). */
export const PROBLEM_ORIGIN_LABELS: Record<ProblemOrigin, string> = {
  sale_expectation: 'Expectation set in the sale',
  engineering: 'Engineering',
  production: 'Production',
  quality: 'Quality',
  shipping: 'Shipping',
  documentation: 'Documentation',
  training: 'Training',
  support: 'Support',
  product: 'Product',
};
export const PROBLEM_SOURCE_LABELS: Record<ProblemSource, string> = {
  survey: 'Survey answer',
  call: 'Call',
  installation: 'Installation',
  task: 'Task outcome',
  order: 'Order',
  hot_button: 'Hot button not satisfied',
  other: 'Other',
};
export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = {
  open: 'Open',
  fixing: 'Fixing',
  fixed: 'Customer fixed',
  prevented: 'Prevented',
  closed: 'Closed',
};

export const CreateProblemSchema = z.strictObject({
  accountId: IdSchema,
  orderId: IdSchema.nullish(),
  source: ProblemSourceSchema,
  category: NonEmptyTextSchema(100),
  description: NonEmptyTextSchema(4000),
  origin: ProblemOriginSchema.nullish(),
  /** A proposal: the GM confirms it. Left out for a sale expectation, the order's rep is proposed. */
  responsibleUserId: IdSchema.nullish(),
  /** The product claim involved (free text): what was promised. */
  productClaim: TextSchema(1000).nullish(),
});
export type CreateProblem = z.infer<typeof CreateProblemSchema>;

/** The fields of a PATCH kept on the problem as given (the responsible person and the status have rules of their own). */
export const PROBLEM_WORK_FIELDS = [
  'rootCause',
  'origin',
  'productClaim',
  'correctiveAction',
  'preventiveAction',
  'preventiveKind',
  'preventiveOwnerId',
  'preventiveDueOn',
  'preventiveNoneNeeded',
  'preventiveNoneReason',
] as const;

export const UpdateProblemSchema = z.strictObject({
  category: NonEmptyTextSchema(100).optional(),
  rootCause: TextSchema(4000).nullish(),
  origin: ProblemOriginSchema.nullish(),
  /** Sets the responsible person and confirms it (gm, admin). */
  responsibleUserId: IdSchema.nullish(),
  /** Confirms the proposed responsible person as they are (gm, admin). */
  confirmResponsible: z.literal(true).optional(),
  productClaim: TextSchema(1000).nullish(),
  /** What was done for this customer. */
  correctiveAction: TextSchema(4000).nullish(),
  /** The training update or process change, so it does not happen again. */
  preventiveAction: TextSchema(4000).nullish(),
  preventiveKind: PreventiveKindSchema.nullish(),
  preventiveOwnerId: IdSchema.nullish(),
  preventiveDueOn: DateSchema.refine((d) => d >= '2000-01-01' && d <= '2999-12-31', 'must be between 2000-01-01 and 2999-12-31').nullish(),
  /** No preventive action is needed: closing then needs the reason. */
  preventiveNoneNeeded: z.boolean().optional(),
  preventiveNoneReason: TextSchema(2000).nullish(),
  status: ProblemStatusSchema.optional(),
});
export type UpdateProblem = z.infer<typeof UpdateProblemSchema>;

export const ProblemDetailSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  accountName: z.string(),
  orderId: IdSchema.nullable(),
  orderNumber: z.string().nullable(),
  source: ProblemSourceSchema,
  category: z.string(),
  description: z.string(),
  rootCause: z.string().nullable(),
  origin: ProblemOriginSchema.nullable(),
  responsible: PersonRefSchema.nullable(),
  responsibleSource: z.enum(RESPONSIBLE_SOURCES).nullable(),
  /** Null while the responsible person is only proposed. */
  responsibleConfirmedAt: z.string().nullable(),
  responsibleConfirmedBy: PersonRefSchema.nullable(),
  productClaim: z.string().nullable(),
  correctiveAction: z.string().nullable(),
  preventiveAction: z.string().nullable(),
  preventiveKind: PreventiveKindSchema.nullable(),
  preventiveOwner: PersonRefSchema.nullable(),
  preventiveDueOn: z.string().nullable(),
  preventiveTaskId: IdSchema.nullable(),
  /** When the preventive action's task was done; null while it is not. */
  preventiveDoneAt: z.string().nullable(),
  preventiveNoneNeeded: z.boolean(),
  preventiveNoneReason: z.string().nullable(),
  status: ProblemStatusSchema,
  /** The fix-the-customer call's due time: past it while open or fixing, the account is at risk. */
  dueAt: z.string(),
  isPastDue: z.boolean(),
  fixTaskId: IdSchema.nullable(),
  openedBy: PersonRefSchema.nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ProblemDetail = z.infer<typeof ProblemDetailSchema>;

export const ListProblemsQuerySchema = PageQuerySchema.extend({
  accountId: IdSchema.optional(),
  orderId: IdSchema.optional(),
  origin: ProblemOriginSchema.optional(),
  responsibleUserId: IdSchema.optional(),
  status: ProblemStatusSchema.optional(),
  /** Opened on or after this day (the organisation's timezone). */
  openedFrom: DateSchema.optional(),
  /** Opened on or before this day. */
  openedTo: DateSchema.optional(),
});
export type ListProblemsQuery = z.infer<typeof ListProblemsQuerySchema>;

// The expectations report ---------------------------------------------------------------------------

export const ExpectationsQuerySchema = z
  .object({
    asOf: DateSchema.optional(),
    /** First day of the period (default: twelve months before `to`, from the first of that month). */
    from: DateSchema.optional(),
    /** Last day of the period (default asOf). */
    to: DateSchema.optional(),
    /** Months before and after a preventive action's done date compared (default 6). */
    months: z.coerce.number().int().min(1).max(24).default(6),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.to < q.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `is before from (${q.from})` });
  });
export type ExpectationsQuery = z.infer<typeof ExpectationsQuerySchema>;

export const ExpectationCountSchema = z.object({
  count: z.number().int(),
  /** Of all problems in the period, 0–1. */
  share: z.number().min(0).max(1),
});

export const ExpectationsReportSchema = z.object({
  asOf: DateSchema,
  from: DateSchema,
  to: DateSchema,
  months: z.number().int(),
  total: z.number().int(),
  byOrigin: z.array(ExpectationCountSchema.extend({ origin: ProblemOriginSchema.nullable() })),
  /** Per responsible person (null: nobody named yet), most problems first, with their count per origin. */
  byResponsible: z.array(
    ExpectationCountSchema.extend({
      responsible: PersonRefSchema.nullable(),
      byOrigin: z.array(z.object({ origin: ProblemOriginSchema.nullable(), count: z.number().int() })),
    }),
  ),
  /** Each month of the period: problems opened, per origin. */
  byMonth: z.array(
    z.object({
      month: z.string(),
      total: z.number().int(),
      byOrigin: z.array(z.object({ origin: ProblemOriginSchema.nullable(), count: z.number().int() })),
    }),
  ),
  /** Preventive actions done by asOf, and whether problems of their origin fell after them. */
  preventiveActions: z.array(
    z.object({
      problemId: IdSchema,
      origin: ProblemOriginSchema.nullable(),
      action: z.string(),
      kind: PreventiveKindSchema.nullable(),
      owner: PersonRefSchema.nullable(),
      doneOn: DateSchema,
      before: z.object({ from: DateSchema, to: DateSchema, count: z.number().int(), perMonth: z.number() }),
      after: z.object({ from: DateSchema, to: DateSchema, count: z.number().int(), perMonth: z.number() }),
      /** after.perMonth < before.perMonth; null while no day after it has passed. */
      fell: z.boolean().nullable(),
    }),
  ),
});
export type ExpectationsReport = z.infer<typeof ExpectationsReportSchema>;

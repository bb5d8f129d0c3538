// Tasks: the work playbooks put in people's lists ("My day"), their evidence, sign-offs and gates.
import { z } from 'zod';
import { IdSchema, NonEmptyTextSchema, PersonRefSchema, RoleSchema, TextSchema } from './common.js';
import { EvidenceSchema, StepKindSchema } from './playbooks.js';

export const TASK_STATUSES = ['open', 'waiting', 'done', 'skipped'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const CALL_OUTCOMES = ['reached', 'left_message', 'no_answer'] as const;
export const CallOutcomeSchema = z.enum(CALL_OUTCOMES);
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

/** Where a quote stands after a follow-up call that reached the customer (P4.3). */
export const QUOTE_OUTCOMES = ['deciding', 'needs_changes', 'going_ahead', 'chose_other'] as const;
export const QuoteOutcomeSchema = z.enum(QUOTE_OUTCOMES);
export type QuoteOutcome = z.infer<typeof QuoteOutcomeSchema>;

export const HotButtonResultSchema = z.enum(['satisfied', 'not_satisfied', 'unknown']);

export const SignoffSchema = z.object({
  user: PersonRefSchema,
  roles: z.array(z.string()),
  note: z.string().nullable(),
  signedAt: z.string(),
});
export type Signoff = z.infer<typeof SignoffSchema>;

export const TaskSchema = z.object({
  id: IdSchema,
  title: z.string(),
  guidance: z.string().nullable(),
  kind: StepKindSchema,
  /** The staff role the task is for; null for a task given to one person only. */
  role: z.string().nullable(),
  assignee: PersonRefSchema.nullable(),
  account: z.object({ id: IdSchema, name: z.string() }).nullable(),
  order: z.object({ id: IdSchema, number: z.string(), isFirstOrder: z.boolean(), isAudition: z.boolean() }).nullable(),
  quote: z.object({ id: IdSchema, number: z.string() }).nullable(),
  dueAt: z.string().nullable(),
  status: TaskStatusSchema,
  isOverdue: z.boolean(),
  escalatedAt: z.string().nullable(),
  /** What completing it needs. */
  evidence: EvidenceSchema.nullable(),
  outcome: z.record(z.string(), z.unknown()).nullable(),
  signoffs: z.array(SignoffSchema),
  /** The order status this task must be done before, if any. */
  gateStatus: z.string().nullable(),
  requires: z.array(z.string()),
  run: z.object({ id: IdSchema, playbookKey: z.string() }).nullable(),
  stepKey: z.string().nullable(),
  completedBy: PersonRefSchema.nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Task = z.infer<typeof TaskSchema>;

export const HotButtonAnswerSchema = z.strictObject({
  hotButtonId: IdSchema,
  result: HotButtonResultSchema,
  note: TextSchema(2000).optional(),
});

/** Completing a task: the fields its evidence asks for (a missing one is a 400 naming it). */
export const CompleteTaskSchema = z.strictObject({
  note: TextSchema(4000).optional(),
  /** Checklist item → ticked. Every item of the step's checklist must be true. */
  checklist: z.record(z.string(), z.boolean()).optional(),
  callOutcome: CallOutcomeSchema.optional(),
  /** A quote's follow-up call that reached them: where the quote stands. */
  quoteOutcome: QuoteOutcomeSchema.optional(),
  // form after_yes (P5.4)
  wentWell: z.boolean().optional(),
  hotButtons: z.array(HotButtonAnswerSchema).max(100).optional(),
  thanked: z.boolean().optional(),
  /** Other problems the customer wants solved: each becomes a new task. */
  problems: z.array(TextSchema(500).min(1)).max(20).optional(),
  nextOrderAsked: z.boolean().optional(),
  /**
   * Also ask for a referral (docs/referrals.md): only through the referral gate — an account that
   * has not earned it refuses the whole completion with 409 referrals.not_eligible.
   */
  referralAsked: z.boolean().optional(),
  /**
   * Also ask the contact for a testimonial (docs/testimonials.md), with the words proposed: the same
   * request as the account page's, mailed in the same transaction as the completion. Any task about an account.
   */
  testimonial: z.strictObject({ contactId: IdSchema, proposedText: NonEmptyTextSchema(2000) }).optional(),
  // form product_check (P2.2–3)
  needMet: z.boolean().optional(),
  otherNeeds: TextSchema(2000).optional(),
  /**
   * A step that can be found incomplete (evidence canBeIncomplete): what the customer was asked
   * for. The step stays open and a follow-up task is made to get it.
   */
  askedFor: NonEmptyTextSchema(500).optional(),
  /** Mark as skipped (not applicable) instead of done; needs a note. */
  skip: z.boolean().optional(),
});
export type CompleteTask = z.infer<typeof CompleteTaskSchema>;

export const SignOffSchema = z.strictObject({ note: TextSchema(2000).optional() });
export type SignOff = z.infer<typeof SignOffSchema>;

export const AssignTaskSchema = z.strictObject({ userId: IdSchema.nullable() });
export type AssignTask = z.infer<typeof AssignTaskSchema>;

/** A new due time for an open task; a call or meeting step with `invite` sends the updated invitation (docs/invitations.md). */
export const RescheduleTaskSchema = z.strictObject({
  dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-03-03T09:00:00-06:00' }),
});
export type RescheduleTask = z.infer<typeof RescheduleTaskSchema>;

export const ListTasksQuerySchema = z
  .object({
    /** true (default): mine plus my roles' unassigned tasks. false: everyone's (filtered by the rest). */
    mine: z.enum(['true', 'false']).default('true'),
    /** With mine=true: whose day — another person's tasks and their roles' unassigned ones (a GM, a quality manager or an admin covering an absence). */
    for: IdSchema.optional(),
    role: RoleSchema.optional(),
    status: z.enum(['open', 'waiting', 'done', 'skipped', 'active']).default('open'),
    due: z.enum(['overdue', 'today', 'week']).optional(),
    /** With status=done: only the steps completed today (the organisation's day), the latest first — My day's "Done today". */
    completed: z.enum(['today']).optional(),
    orderId: IdSchema.optional(),
    accountId: IdSchema.optional(),
    quoteId: IdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .refine((q) => q.completed === undefined || q.status === 'done', { path: ['completed'], message: 'goes with status=done' });
export type ListTasksQuery = z.infer<typeof ListTasksQuerySchema>;

export const TaskListSchema = z.object({ items: z.array(TaskSchema) });

/** An admin's written reason to move an order past an open gate. */
export const GateOverrideSchema = z.strictObject({
  reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(2000),
});
export type GateOverride = z.infer<typeof GateOverrideSchema>;

export const OpenGateSchema = z.object({ taskId: IdSchema, title: z.string(), gateStatus: z.string(), missing: z.string() });
export type OpenGate = z.infer<typeof OpenGateSchema>;

export const ScorecardSchema = z.object({
  orderId: IdSchema,
  isFirstOrder: z.boolean(),
  isAudition: z.boolean(),
  promisedDate: z.string().nullable(),
  expectedShipDate: z.string().nullable(),
  acquisitionCost: z.string().nullable(),
  runs: z.array(z.object({ id: IdSchema, playbookKey: z.string(), status: z.string(), startedAt: z.string() })),
  tasks: z.array(TaskSchema),
  gates: z.array(
    z.object({ taskId: IdSchema, title: z.string(), gateStatus: z.string(), isOpen: z.boolean(), missing: z.string().nullable() }),
  ),
});
export type Scorecard = z.infer<typeof ScorecardSchema>;

export const FailedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  data: z.unknown(),
  output: z.unknown(),
  retryCount: z.number().int(),
  createdOn: z.string(),
  completedOn: z.string().nullable(),
});
export type FailedJob = z.infer<typeof FailedJobSchema>;

// Playbooks (docs/domain.md §3): the versioned document, its runs, and the editing API. Shared by server and web.
import { z } from 'zod';
import { IdSchema, isRole, RoleSchema } from './common.js';
import { ORDER_STATUSES } from './orders.js';
import { MessageTemplateKeySchema } from './messages.js';
import { JourneyStageSchema } from './journeys.js';

/** Events a playbook may start on (docs/domain.md §3) or wait for. */
export const PLAYBOOK_EVENTS = [
  'order.created',
  'order.status_changed',
  'order.late_risk',
  'order.shipped',
  'order.delivered',
  'quote.sent',
  'quote.won',
  'quote.lost',
  'quote.expired',
  'survey.answered',
  'problem.opened',
  'account.stage_changed',
  'account.journey_started',
  'account.neglected',
  'account.rhythm_overdue',
  'schedule.daily',
] as const;
export const PlaybookEventSchema = z.enum(PLAYBOOK_EVENTS, { message: `must be one of: ${PLAYBOOK_EVENTS.join(', ')}` });
export type PlaybookEvent = z.infer<typeof PlaybookEventSchema>;

/** The events the daily sweep emits, once per episode (sweep_episodes.kind). */
export const SWEEP_EVENT_TYPES = [
  'account.neglected',
  'account.rhythm_overdue',
  'order.late_risk',
  'schedule.daily',
] as const satisfies readonly PlaybookEvent[];
export type SweepEventType = (typeof SWEEP_EVENT_TYPES)[number];

/** Where a domain event came from (domain_events.source). */
export const EVENT_SOURCES = ['api', 'import', 'demo', 'webhook', 'system'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const STEP_KINDS = ['task', 'call', 'meeting', 'checklist', 'signoff', 'message', 'survey', 'wait'] as const;
export const StepKindSchema = z.enum(STEP_KINDS, { message: `must be one of: ${STEP_KINDS.join(', ')}` });
export type StepKind = z.infer<typeof StepKindSchema>;

/** Completion forms with their own fields (see CompleteTaskSchema). */
export const EVIDENCE_FORMS = ['after_yes', 'product_check'] as const;

const KEY = /^[a-z][a-z0-9_-]{0,62}$/;
export const StepKeySchema = z.string().regex(KEY, 'must be lower-case letters, digits, - or _ and start with a letter');

/** A staff role, or `account_team:<role>` — the account team member with that role. */
export const StepRoleSchema = z.string().superRefine((v, ctx) => {
  const role = v.startsWith('account_team:') ? v.slice('account_team:'.length) : v;
  if (!isRole(role)) ctx.addIssue({ code: 'custom', message: `unknown role "${role}"` });
});

/** ISO 8601 duration such as P2D, PT4H, P1W, P1DT2H (no fractions, no negatives). */
export const DurationSchema = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'must be an ISO 8601 duration such as "P2D" or "PT4H"');

export const StepDueSchema = z.strictObject({
  /** "trigger", or the key of a step in `requires`: the offset counts from when that step was done. */
  after: z.string().default('trigger'),
  offset: DurationSchema.default('P0D'),
  /** Count days as working days of the settings' calendar (workdays, holidays, timezone). */
  businessDays: z.boolean().default(true),
  /**
   * A cap: due at the latest at the end of the run's order's promised date (the account's timezone),
   * even when the offset lands later — a late notice is worth something only before that date passes.
   */
  notAfter: z.enum(['promised_date']).optional(),
});

export const SignoffRequirementSchema = z.strictObject({
  /** Distinct users who must sign. */
  count: z.number().int().min(1).max(10),
  /** A signer must hold one of these roles. */
  roles: z.array(RoleSchema).min(1),
  /** One of the signers must hold this role. */
  mustInclude: RoleSchema.optional(),
});

export const EvidenceSchema = z.strictObject({
  note: z.boolean().optional(),
  checklist: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  callOutcome: z.boolean().optional(),
  /** With callOutcome, on a quote's task: a call that reached them says where the quote stands. */
  quoteOutcome: z.boolean().optional(),
  signoffs: SignoffRequirementSchema.optional(),
  form: z.enum(EVIDENCE_FORMS).optional(),
  /**
   * The step may be answered "incomplete — asked the customer for …" (`askedFor`): it stays open
   * (its gate with it) and a follow-up task chases what was asked for (the data-package review).
   */
  canBeIncomplete: z.boolean().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const PlaybookStepSchema = z.strictObject({
  key: StepKeySchema,
  title: z.string().trim().min(1).max(200),
  guidance: z.string().trim().max(4000).default(''),
  role: StepRoleSchema,
  due: StepDueSchema.default({ after: 'trigger', offset: 'P0D', businessDays: true }),
  requires: z.array(z.string()).default([]),
  kind: StepKindSchema.default('task'),
  evidence: EvidenceSchema.default({}),
  /** An order status this step must be done before (e.g. double inspection gates `shipped`). */
  gate: z.enum(ORDER_STATUSES, { message: `must be an order status: ${ORDER_STATUSES.join(', ')}` }).optional(),
  /** kind `wait`: done by itself when this event happens to the run's subject. */
  until: PlaybookEventSchema.optional(),
  /** kind `message`: done by itself once a message of this template about the run's order is sent (its evidence). */
  template: MessageTemplateKeySchema.optional(),
  /**
   * kind `message` with a template: when the step opens, Rapport drafts that message about the run's
   * order to the account's mail contact; a person edits it and sends it, which does the step.
   */
  draft: z.boolean().optional(),
  /**
   * kind `message` with a template, not a draft: what happened, for the customer. When the step
   * opens Rapport queues that message about the run's order with this news (a progress update goes
   * through the cadence guard); the sent message does the step (docs/progress-updates.md).
   */
  news: z
    .strictObject({
      /** A few words: the subject's end and the line in a later update's "Also since my last update". */
      headline: z.string().trim().min(1).max(120),
      /** A sentence or two: what happened and what it means for them. */
      text: z.string().trim().min(1).max(2000),
    })
    .optional(),
  /**
   * kind `call` or `meeting`: a calendar invitation (.ics) at the step's due time goes to its
   * assignee when the step opens with one and again (same UID, SEQUENCE + 1) when it changes hands;
   * with `customer: true` to the account's mail contact too (docs/invitations.md).
   */
  invite: z
    .strictObject({
      customer: z.boolean().default(false),
      /** How long the call or meeting is planned for. */
      minutes: z.number().int().min(5).max(480).default(30),
    })
    .optional(),
  /**
   * kind `survey`: the survey (its key, e.g. `delivery`) Rapport sends the account's mail contact
   * when the step opens — about the run's order, if it has one; the step is done once it is sent
   * (docs/surveys.md).
   */
  survey: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'must be a survey key: lower-case letters, digits, - or _' })
    .optional(),
  /**
   * The onboarding journey's stage this step belongs to (docs/journeys.md): a playbook with staged
   * steps is a journey, one per account. A `call` for the `executive` role with a stage is an executive call.
   */
  stage: JourneyStageSchema.optional(),
  /** kind `wait` on `order.status_changed`: done only when the order moves to this status. */
  toStatus: z.enum(ORDER_STATUSES, { message: `must be an order status: ${ORDER_STATUSES.join(', ')}` }).optional(),
});
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>;

export const PlaybookTriggerSchema = z.strictObject({
  /** The event that starts a run, or several (any of them starts one: `[account.neglected, account.rhythm_overdue]`). */
  event: z.union([PlaybookEventSchema, z.array(PlaybookEventSchema).min(1).max(PLAYBOOK_EVENTS.length)]),
  /** JSON Logic over the event's payload plus `settings` (e.g. {"var": "isFirstOrder"}); empty = always. */
  condition: z.record(z.string(), z.unknown()).default({}),
});

/** The document as written (YAML or JSON). Cross-step rules (requires, cycles) are checked by the server. */
export const PlaybookDocumentSchema = z.strictObject({
  key: StepKeySchema,
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).optional(),
  trigger: PlaybookTriggerSchema,
  /** Events older than this many days start nothing (imported history floods no one). */
  horizonDays: z.number().int().min(0).max(3650).default(14),
  /** Events on the run's subject that stop it: remaining open tasks are skipped. */
  stopOn: z.array(PlaybookEventSchema).default([]),
  steps: z.array(PlaybookStepSchema).min(1, 'a playbook needs at least one step').max(100),
});
export type PlaybookDocument = z.infer<typeof PlaybookDocumentSchema>;

/** The events that start the playbook, as a list. */
export const triggerEvents = (trigger: Pick<PlaybookDocument['trigger'], 'event'>): PlaybookEvent[] =>
  Array.isArray(trigger.event) ? trigger.event : [trigger.event];
export type PlaybookDocumentInput = z.input<typeof PlaybookDocumentSchema>;

export const PlaybookVersionSchema = z.object({
  id: IdSchema,
  version: z.number().int(),
  isCurrent: z.boolean(),
  createdAt: z.string(),
  createdBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
});

export const PlaybookSchema = z.object({
  id: IdSchema,
  key: z.string(),
  name: z.string(),
  version: z.number().int(),
  isBuiltin: z.boolean(),
  isEnabled: z.boolean(),
  document: PlaybookDocumentSchema,
  /** The text as written, for the editor. */
  source: z.string(),
  createdAt: z.string(),
});
export type Playbook = z.infer<typeof PlaybookSchema>;

export const PlaybookDetailSchema = PlaybookSchema.extend({ versions: z.array(PlaybookVersionSchema) });
export type PlaybookDetail = z.infer<typeof PlaybookDetailSchema>;

/** PUT /playbooks/:key — a new version from YAML or JSON text. */
export const SavePlaybookSchema = z.strictObject({
  source: z.string().min(1, 'must not be empty').max(200_000),
});
export type SavePlaybook = z.infer<typeof SavePlaybookSchema>;

/** A validation error of a playbook document, with the line it is on (1-based) when known. */
export const PlaybookIssueSchema = z.object({ path: z.string(), line: z.number().int().nullable(), message: z.string() });
export type PlaybookIssue = z.infer<typeof PlaybookIssueSchema>;

export const PreviewPlaybookSchema = z.strictObject({
  /** The text to preview; default the current version. */
  source: z.string().max(200_000).optional(),
  /** When the sample trigger happens (default now). */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type PreviewPlaybook = z.infer<typeof PreviewPlaybookSchema>;

export const PreviewItemSchema = z.object({
  stepKey: z.string(),
  title: z.string(),
  role: z.string(),
  kind: StepKindSchema,
  /** Null when it waits for an event whose time is unknown (the sample assumes it happens on time). */
  dueAt: z.string().nullable(),
  gate: z.string().nullable(),
  requires: z.array(z.string()),
});
export const PlaybookPreviewSchema = z.object({ items: z.array(PreviewItemSchema) });
export type PlaybookPreview = z.infer<typeof PlaybookPreviewSchema>;

export const RUN_STATUSES = ['active', 'completed', 'cancelled'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export const PlaybookRunSchema = z.object({
  id: IdSchema,
  playbookId: IdSchema,
  playbookKey: z.string(),
  playbookName: z.string(),
  version: z.number().int(),
  subjectType: z.string(),
  subjectId: IdSchema,
  accountId: IdSchema.nullable(),
  orderId: IdSchema.nullable(),
  quoteId: IdSchema.nullable(),
  triggerEventId: z.number().int(),
  status: RunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type PlaybookRun = z.infer<typeof PlaybookRunSchema>;

export const ListRunsQuerySchema = z.object({
  orderId: IdSchema.optional(),
  quoteId: IdSchema.optional(),
  accountId: IdSchema.optional(),
  status: z.enum(['active', 'completed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuerySchema>;
/** What a caller sends (limit optional). */
export type ListRunsFilter = Partial<ListRunsQuery>;

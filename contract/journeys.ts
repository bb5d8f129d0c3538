// The onboarding journey (P3.1–2, docs/journeys.md): six touchpoint stages a new customer goes
// through, each with its checklist and its survey, and executive calls bound to stages. A journey is
// a run of a playbook whose steps name a `stage`; Rapport keeps when each stage was entered and
// completed, and fires `account.stage_changed` when the account's current stage moves.
import { z } from 'zod';
import { FigurePeriodQuerySchema, IdSchema } from './common.js';
import { SurveyTouchpointSchema } from './surveys.js';

/** The stages, in the order a customer goes through them. */
export const JOURNEY_STAGES = [
  'scheduling',
  'installation',
  'training',
  'technical_support',
  'service_contract',
  'parts_consumables',
] as const;
export const JourneyStageSchema = z.enum(JOURNEY_STAGES, { message: `must be one of: ${JOURNEY_STAGES.join(', ')}` });
export type JourneyStage = z.infer<typeof JourneyStageSchema>;

export const JOURNEY_STAGE_LABELS: Record<JourneyStage, string> = {
  scheduling: 'Scheduling',
  installation: 'Installation',
  training: 'Training',
  technical_support: 'Technical support',
  service_contract: 'Service contract',
  parts_consumables: 'Parts and consumables',
};

/** When the built-in journey starts: on a customer's first order delivered, or only by hand from the account page. */
export const JOURNEY_STARTS = ['first_delivery', 'by_hand'] as const;
export const JourneyStartSchema = z.enum(JOURNEY_STARTS, { message: `must be one of: ${JOURNEY_STARTS.join(', ')}` });
export type JourneyStart = z.infer<typeof JourneyStartSchema>;

const PersonSchema = z.object({ id: IdSchema, name: z.string() });

export const JourneyTaskSchema = z.object({
  taskId: IdSchema,
  title: z.string(),
  status: z.enum(['waiting', 'open', 'done', 'skipped']),
  dueAt: z.string().nullable(),
  isOverdue: z.boolean(),
  assignee: PersonSchema.nullable(),
  role: z.string().nullable(),
  /** The checklist items still to tick (all of them until the task is done). */
  checklist: z.array(z.string()),
  completedAt: z.string().nullable(),
});
export type JourneyTask = z.infer<typeof JourneyTaskSchema>;

export const JourneyStageStateSchema = z.object({
  stage: JourneyStageSchema,
  label: z.string(),
  /** `done`: completed; `current`: entered and not completed; `ahead`: not entered yet. */
  state: z.enum(['done', 'current', 'ahead']),
  enteredAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** The stage's tasks not yet done (open, or waiting for an earlier step), executive calls included; a survey only once open (it could not be sent). */
  openTasks: z.array(JourneyTaskSchema),
  /** The stage's executive calls, whatever their status. */
  executiveCalls: z.array(JourneyTaskSchema),
  /** The stage's survey: sent when, answered when, and the scores given. */
  survey: z
    .object({
      touchpoint: SurveyTouchpointSchema,
      sentAt: z.string(),
      answeredAt: z.string().nullable(),
      csat: z.number().int().nullable(),
      nps: z.number().int().nullable(),
      ces: z.number().int().nullable(),
    })
    .nullable(),
});
export type JourneyStageState = z.infer<typeof JourneyStageStateSchema>;

export const JourneySchema = z.object({
  runId: IdSchema,
  playbookKey: z.string(),
  /** The run: active, completed, or cancelled. */
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** How it started: `first_delivery` (the first order's delivery), or `by_hand` (with who). */
  startedBy: z.object({ how: JourneyStartSchema, user: PersonSchema.nullable(), orderNumber: z.string().nullable() }),
  /** The first stage not completed; null once every stage is. */
  currentStage: JourneyStageSchema.nullable(),
  stages: z.array(JourneyStageStateSchema),
});
export type Journey = z.infer<typeof JourneySchema>;

export const AccountJourneySchema = z.object({
  journey: JourneySchema.nullable(),
  /** The organisation's setting: when a journey starts by itself (it can always be started by hand). */
  startsOn: JourneyStartSchema,
});
export type AccountJourney = z.infer<typeof AccountJourneySchema>;

/** POST /accounts/{id}/journey: start the onboarding journey by hand. */
export const StartJourneySchema = z.strictObject({});

// --- executive calls (P3.2) -------------------------------------------------------------------

/** Default period: the quarter of asOf (today), from its first day to its last. */
export const ExecutiveCallsQuerySchema = FigurePeriodQuerySchema;
export type ExecutiveCallsQuery = z.infer<typeof ExecutiveCallsQuerySchema>;

export const ExecutiveCallSchema = JourneyTaskSchema.extend({
  account: PersonSchema,
  stage: JourneyStageSchema,
});
export type ExecutiveCall = z.infer<typeof ExecutiveCallSchema>;

export const ExecutiveCallsSchema = z.object({
  asOf: z.string(),
  from: z.string(),
  to: z.string(),
  /** Executive calls due in the period (their due day falls in it). */
  due: z.number().int(),
  /** Of those, the ones done (whenever). */
  done: z.number().int(),
  /** Of those, the ones still open after their due time, as of asOf. */
  overdue: z.number().int(),
  items: z.array(ExecutiveCallSchema),
});
export type ExecutiveCalls = z.infer<typeof ExecutiveCallsSchema>;

// Transaction surveys (docs/surveys.md): a survey per touchpoint asks CSAT 1–5, NPS 0–10 and/or
// CES 1–7 and a comment; an invitation is a single-use link in the customer portal; one answer per
// invitation; a detractor answer opens a problem.
import { z } from 'zod';
import { FigurePeriodQuerySchema, IdSchema, PageQuerySchema, pageOf } from './common.js';

/** The touchpoints of the onboarding journey and the first order; `custom` for any other. */
export const SURVEY_TOUCHPOINTS = [
  'first_order',
  'delivery',
  'scheduling',
  'installation',
  'training',
  'technical_support',
  'contracts',
  'parts_consumables',
  'custom',
] as const;
export const SurveyTouchpointSchema = z.enum(SURVEY_TOUCHPOINTS, { message: `must be one of: ${SURVEY_TOUCHPOINTS.join(', ')}` });
export type SurveyTouchpoint = z.infer<typeof SurveyTouchpointSchema>;

/** The scales: CSAT 1–5 (5 best), NPS 0–10 (10 best), CES 1–7 (1 = very little effort, 7 = a great deal). */
export const SURVEY_SCALES = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 }, ces: { min: 1, max: 7 } } as const;
export type SurveyMeasure = keyof typeof SURVEY_SCALES;

export const SurveyKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, { message: 'must be 2–40 lower-case letters, digits, - or _, starting with a letter' });

const Question = z.string().trim().min(3).max(300);

export const SurveySchema = z.object({
  key: z.string(),
  touchpoint: SurveyTouchpointSchema,
  name: z.string(),
  /** The sentence above the questions. */
  intro: z.string(),
  /** Each scale's question, or null when the survey does not ask it. */
  csatQuestion: z.string().nullable(),
  npsQuestion: z.string().nullable(),
  cesQuestion: z.string().nullable(),
  commentQuestion: z.string().nullable(),
  /** Shipped with Rapport (its wording editable), or made by the organisation. */
  isBuiltin: z.boolean(),
  updatedAt: z.string(),
});
export type Survey = z.infer<typeof SurveySchema>;

const surveyWording = {
  name: z.string().trim().min(1).max(120),
  intro: z.string().trim().max(1000),
  csatQuestion: Question.nullable(),
  npsQuestion: Question.nullable(),
  cesQuestion: Question.nullable(),
  commentQuestion: Question.nullable(),
};
const asksAScale = (s: { csatQuestion?: string | null; npsQuestion?: string | null; cesQuestion?: string | null }) =>
  !!(s.csatQuestion || s.npsQuestion || s.cesQuestion);

export const CreateSurveySchema = z
  .strictObject({ key: SurveyKeySchema, touchpoint: SurveyTouchpointSchema, ...surveyWording })
  .refine(asksAScale, { path: ['csatQuestion'], message: 'a survey asks at least one of CSAT, NPS or CES' });
export type CreateSurvey = z.infer<typeof CreateSurveySchema>;

export const UpdateSurveySchema = z.strictObject(surveyWording).partial();
export type UpdateSurvey = z.infer<typeof UpdateSurveySchema>;

/** open: waiting for the answer · answered · expired: no answer came before expiresAt. */
export const SURVEY_INVITATION_STATUSES = ['open', 'answered', 'expired'] as const;

export const SurveyInvitationSchema = z.object({
  id: IdSchema,
  surveyKey: z.string(),
  surveyName: z.string(),
  touchpoint: SurveyTouchpointSchema,
  accountId: IdSchema,
  contactId: IdSchema.nullable(),
  contactName: z.string().nullable(),
  orderId: IdSchema.nullable(),
  orderNumber: z.string().nullable(),
  /** The playbook step that sent it, if one did. */
  taskId: IdSchema.nullable(),
  /** The invitation message in the outbox. */
  messageId: IdSchema.nullable(),
  status: z.enum(SURVEY_INVITATION_STATUSES),
  expiresAt: z.string(),
  remindedAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type SurveyInvitation = z.infer<typeof SurveyInvitationSchema>;

export const CreateSurveyInvitationSchema = z.strictObject({
  accountId: IdSchema,
  contactId: IdSchema,
  surveyKey: z.string().min(1).max(40),
  orderId: IdSchema.optional(),
});
export type CreateSurveyInvitation = z.infer<typeof CreateSurveyInvitationSchema>;

export const ListSurveyInvitationsQuerySchema = PageQuerySchema.extend({ accountId: IdSchema.optional() });
export const SurveyInvitationPageSchema = pageOf(SurveyInvitationSchema);

const score = (m: SurveyMeasure) =>
  z
    .number({ message: `must be a whole number from ${SURVEY_SCALES[m].min} to ${SURVEY_SCALES[m].max}` })
    .int({ message: `must be a whole number from ${SURVEY_SCALES[m].min} to ${SURVEY_SCALES[m].max}` })
    .min(SURVEY_SCALES[m].min, { message: `must be from ${SURVEY_SCALES[m].min} to ${SURVEY_SCALES[m].max}` })
    .max(SURVEY_SCALES[m].max, { message: `must be from ${SURVEY_SCALES[m].min} to ${SURVEY_SCALES[m].max}` });

/** What the customer sends from the survey page: the scores it asks (each optional), and a comment. */
export const SurveyAnswerSchema = z.strictObject({
  csat: score('csat').optional(),
  nps: score('nps').optional(),
  ces: score('ces').optional(),
  comment: z.string().trim().max(4000).optional(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

export const SurveyResponseSchema = z.object({
  id: IdSchema,
  invitationId: IdSchema,
  surveyKey: z.string(),
  surveyName: z.string(),
  touchpoint: SurveyTouchpointSchema,
  accountId: IdSchema,
  accountName: z.string(),
  contactId: IdSchema.nullable(),
  contactName: z.string().nullable(),
  orderId: IdSchema.nullable(),
  orderNumber: z.string().nullable(),
  csat: z.number().int().nullable(),
  nps: z.number().int().nullable(),
  ces: z.number().int().nullable(),
  comment: z.string().nullable(),
  /** Below the settings' thresholds (CSAT ≤ 2, NPS ≤ 6, CES ≥ 5 by default): a problem was opened. */
  isDetractor: z.boolean(),
  answeredAt: z.string(),
});
export type SurveyResponse = z.infer<typeof SurveyResponseSchema>;

export const ListSurveyResponsesQuerySchema = PageQuerySchema.extend({ accountId: IdSchema.optional() });
export const SurveyResponsePageSchema = pageOf(SurveyResponseSchema);

// --- figures (docs/surveys.md "Figures") ---------------------------------------------------------

/** Default period: all time up to asOf (today). */
export const SurveyFiguresQuerySchema = FigurePeriodQuerySchema;
export type SurveyFiguresQuery = z.infer<typeof SurveyFiguresQuerySchema>;

const Share = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });

export const SurveyScoresSchema = z.object({
  /** Invitations sent in the period, and how many of them were answered (by asOf). */
  sent: z.number().int(),
  responseRate: Share,
  /** Answers given in the period. */
  answers: z.number().int(),
  /** Mean CSAT (1–5) of the answers that gave one; null without any. */
  csat: z.object({ mean: z.number().nullable(), answers: z.number().int() }),
  /** NPS: % promoters (9–10) − % detractors (0–6) of the answers that gave one, −100…100; null without any. */
  nps: z.object({ score: z.number().nullable(), promoters: z.number().int(), detractors: z.number().int(), answers: z.number().int() }),
  /** Mean CES (1–7, lower is easier); null without any. */
  ces: z.object({ mean: z.number().nullable(), answers: z.number().int() }),
  /** Detractors' answers (past a threshold), and the share whose customer was called back within one business day (the problem's call done by its due time). */
  detractors: z.number().int(),
  calledBackInTime: Share,
});
export type SurveyScores = z.infer<typeof SurveyScoresSchema>;

export const SurveyFiguresSchema = z.object({
  asOf: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  overall: SurveyScoresSchema,
  byTouchpoint: z.array(SurveyScoresSchema.extend({ touchpoint: SurveyTouchpointSchema })),
});
export type SurveyFigures = z.infer<typeof SurveyFiguresSchema>;

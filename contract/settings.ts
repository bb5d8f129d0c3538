import { z } from 'zod';
import { AmountSchema, CurrencySchema, DateSchema, NonEmptyTextSchema, RoleSchema, ROLES, type Role } from './common.js';
import { JourneyStartSchema } from './journeys.js';

/** The open order stages, in order; each has a typical number of working days (late risk, docs/domain.md §4). */
export const STAGE_KEYS = ['received', 'data_review', 'in_production', 'inspection', 'ready_to_ship'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];
export type StageDays = Record<StageKey, number>;

/** Who an overdue task of each role escalates to (docs/domain.md §3); a role not named escalates to the GM. */
export type EscalationRoles = Partial<Record<Role, Role>>;
export const DEFAULT_ESCALATION_ROLE: Role = 'gm';
export function escalationRoleFor(roles: EscalationRoles, role: string | null): Role {
  const plain = role?.replace(/^account_team:/, '') ?? '';
  return (roles as Record<string, Role | undefined>)[plain] ?? DEFAULT_ESCALATION_ROLE;
}

/** A local time of day, "HH:mm" (24-hour). */
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:mm (24-hour), like 08:30');

const stageDay = z.number().int('must be a whole number of working days').min(0, 'must not be negative').max(250);

export const SettingsSchema = z.object({
  orgName: z.string(),
  timezone: z.string(),
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: z.array(z.number().int().min(1).max(7)),
  holidays: z.array(DateSchema),
  /** The working day's opening and closing times (local, HH:mm): a step due in working days falls inside them. */
  workingHoursStart: z.string(),
  workingHoursEnd: z.string(),
  currency: z.string(),
  /** First orders of accounts with at least this potential annual spend get the full paid audition (P1). */
  auditionMinSpend: z.string(),
  neglectDays: z.number().int(),
  rhythmFactor: z.number(),
  defaultUpdateLimit: z.number().int(),
  /** Typical working days an order spends in each open stage; drives late risk. */
  stageDays: z.object({
    received: z.number().int(),
    data_review: z.number().int(),
    in_production: z.number().int(),
    inspection: z.number().int(),
    ready_to_ship: z.number().int(),
  }),
  /** Every role with the role its overdue tasks escalate to (the GM unless set). */
  escalationRoles: z.record(RoleSchema, RoleSchema),
  /** The roles asked to write thank-you notes (docs/thank-you-notes.md), how many a day, and how long a quote or order after one counts. */
  thankYouRoles: z.array(RoleSchema),
  thankYouPerDay: z.number().int(),
  thankYouWindowDays: z.number().int(),
  /** Each morning (at the daily sweep), mail every colleague with steps due today or overdue a digest of them (docs/escalation.md). */
  staffDigest: z.boolean(),
  /** Failed delivery attempts in a row after which an outbound webhook endpoint is turned off. */
  webhookFailureLimit: z.number().int(),
  /** How many days a new customer portal link opens the portal (docs/portal.md). */
  portalLinkDays: z.number().int(),
  /** Transaction surveys (docs/surveys.md): days an invitation takes an answer, days before its one reminder, and the detractor thresholds (CSAT ≤, NPS ≤, CES ≥). */
  surveyExpiryDays: z.number().int(),
  surveyReminderDays: z.number().int(),
  detractorCsat: z.number().int(),
  detractorNps: z.number().int(),
  detractorCes: z.number().int(),
  /** The referral gate (docs/referrals.md): delivered orders needed, and how many of the last must have shipped on time. */
  referralMinOrders: z.number().int(),
  referralOnTimeLast: z.number().int(),
  /** When the onboarding journey starts by itself (docs/journeys.md): on a customer's first order delivered, or only by hand. */
  journeyStart: JourneyStartSchema,
  /** Where the links in messages point (portal, mail preferences): PUBLIC_URL, else the web process's own address, written when it starts; null until then. Read-only. */
  publicUrl: z.string().nullable(),
  updatedAt: z.string(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const UpdateSettingsSchema = z.strictObject({
  orgName: NonEmptyTextSchema(120).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  workdays: z
    .array(z.number().int().min(1).max(7))
    .min(1, 'at least one working day')
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'days must not repeat')
    .optional(),
  holidays: z.array(DateSchema).max(400).optional(),
  /** Opening and closing times; closing must be after opening (with the saved other one when only one is given). */
  workingHoursStart: TimeOfDaySchema.optional(),
  workingHoursEnd: TimeOfDaySchema.optional(),
  currency: CurrencySchema.optional(),
  auditionMinSpend: AmountSchema.optional(),
  neglectDays: z.number().int().min(1).max(3650).optional(),
  rhythmFactor: z.number().min(1).max(20).optional(),
  defaultUpdateLimit: z.number().int().min(0).max(50).optional(),
  /** Some or all stages; the others keep their value. An unknown stage is a 400 naming it. */
  stageDays: z
    .strictObject({
      received: stageDay.optional(),
      data_review: stageDay.optional(),
      in_production: stageDay.optional(),
      inspection: stageDay.optional(),
      ready_to_ship: stageDay.optional(),
    })
    .optional(),
  /** Some or all roles → the role their overdue tasks escalate to; the others keep theirs. An unknown role is a 400 naming it. */
  escalationRoles: z
    .strictObject(Object.fromEntries(ROLES.map((r) => [r, RoleSchema.optional()])) as Record<Role, z.ZodOptional<typeof RoleSchema>>)
    .optional(),
  thankYouRoles: z
    .array(RoleSchema)
    .max(ROLES.length)
    .refine((roles) => new Set(roles).size === roles.length, 'roles must not repeat')
    .optional(),
  thankYouPerDay: z.number().int().min(1).max(20).optional(),
  thankYouWindowDays: z.number().int().min(1).max(365).optional(),
  staffDigest: z.boolean().optional(),
  webhookFailureLimit: z.number().int().min(1).max(1000).optional(),
  portalLinkDays: z.number().int().min(1).max(365).optional(),
  surveyExpiryDays: z.number().int().min(1).max(365).optional(),
  surveyReminderDays: z.number().int().min(1).max(60).optional(),
  detractorCsat: z.number().int().min(1).max(5).optional(),
  detractorNps: z.number().int().min(0).max(10).optional(),
  detractorCes: z.number().int().min(1).max(7).optional(),
  referralMinOrders: z.number().int().min(1).max(50).optional(),
  referralOnTimeLast: z.number().int().min(1).max(50).optional(),
  journeyStart: JourneyStartSchema.optional(),
});
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>;

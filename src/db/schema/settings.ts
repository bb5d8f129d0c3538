import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, integer, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import { ROLES } from '../../../contract/common.js';
import { JOURNEY_STARTS } from '../../../contract/journeys.js';
import type { EscalationRoles, StageDays } from '../../../contract/settings.js';
import { checkAllOf, checkOneOf } from './enum-check.js';

/** One row (id = 1): the organisation's settings. */
export const settings = pgTable(
  'settings',
  {
    id: integer('id').primaryKey().default(1),
    orgName: text('org_name').notNull().default('My company'),
    timezone: text('timezone').notNull().default('UTC'),
    workdays: integer('workdays')
      .array()
      .notNull()
      .default(sql`'{1,2,3,4,5}'::int[]`),
    holidays: date('holidays', { mode: 'string' })
      .array()
      .notNull()
      .default(sql`'{}'::date[]`),
    /** The working day's opening and closing times ("HH:mm", local): a step due in working days falls inside them (docs/domain.md §3). */
    workingHoursStart: text('working_hours_start').notNull().default('08:00'),
    workingHoursEnd: text('working_hours_end').notNull().default('17:00'),
    currency: text('currency').notNull().default('USD'),
    auditionMinSpend: bigint('audition_min_spend', { mode: 'number' }).notNull().default(5000000),
    neglectDays: integer('neglect_days').notNull().default(180),
    rhythmFactor: real('rhythm_factor').notNull().default(2),
    defaultUpdateLimit: integer('default_update_limit').notNull().default(2),
    /** Typical working days an order spends in each open stage (late risk, docs/domain.md §4). */
    stageDays: jsonb('stage_days')
      .$type<StageDays>()
      .notNull()
      .default(sql`'{"received":1,"data_review":2,"in_production":10,"inspection":2,"ready_to_ship":1}'::jsonb`),
    /** Role → the role its overdue tasks escalate to; a role not named escalates to the GM. */
    escalationRoles: jsonb('escalation_roles')
      .$type<EscalationRoles>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Who is asked to write a thank-you note each day (docs/thank-you-notes.md), how many, and how long a reply counts. */
    thankYouRoles: text('thank_you_roles', { enum: ROLES })
      .array()
      .notNull()
      .default(sql`'{csr}'::text[]`),
    thankYouPerDay: integer('thank_you_per_day').notNull().default(1),
    thankYouWindowDays: integer('thank_you_window_days').notNull().default(60),
    /** Each morning's mail to every colleague with steps due today or overdue (docs/escalation.md). */
    staffDigest: boolean('staff_digest').notNull().default(true),
    /** Failed attempts in a row after which an outbound webhook endpoint is turned off (docs/webhooks.md). */
    webhookFailureLimit: integer('webhook_failure_limit').notNull().default(20),
    /** How many days a new customer portal link opens the portal (docs/portal.md). */
    portalLinkDays: integer('portal_link_days').notNull().default(90),
    /** Transaction surveys (docs/surveys.md): an invitation's life, the one reminder, and what makes an answer a detractor's. */
    surveyExpiryDays: integer('survey_expiry_days').notNull().default(30),
    surveyReminderDays: integer('survey_reminder_days').notNull().default(5),
    detractorCsat: integer('detractor_csat').notNull().default(2),
    detractorNps: integer('detractor_nps').notNull().default(6),
    detractorCes: integer('detractor_ces').notNull().default(5),
    /** The referral gate (docs/referrals.md): delivered orders needed, and how many of the last must have shipped on time. */
    referralMinOrders: integer('referral_min_orders').notNull().default(3),
    referralOnTimeLast: integer('referral_on_time_last').notNull().default(3),
    /** When the onboarding journey starts by itself: on a customer's first order delivered, or only by hand (docs/journeys.md). */
    journeyStart: text('journey_start', { enum: JOURNEY_STARTS }).notNull().default('first_delivery'),
    /** Where customers reach Rapport (PUBLIC_URL, else the web process's own address), written when the web process starts listening: the origin of the links in messages (docs/preferences.md). */
    publicUrl: text('public_url'),
    /** Written by `rapport demo` only: a sample company, where the "sign in as" switcher works. */
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('settings_single_row', sql`${t.id} = 1`),
    checkAllOf('settings_thank_you_roles_check', t.thankYouRoles, ROLES),
    checkOneOf('settings_journey_start_check', t.journeyStart, JOURNEY_STARTS),
    check(
      'settings_working_hours_check',
      sql`${t.workingHoursStart} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.workingHoursEnd} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.workingHoursStart} < ${t.workingHoursEnd}`,
    ),
  ],
);

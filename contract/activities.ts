import { z } from 'zod';
import { IdSchema, PageQuerySchema, PersonRefSchema, TextSchema, TimestampInputSchema } from './common.js';

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'visit', 'note'] as const;
export const ActivityKindSchema = z.enum(ACTIVITY_KINDS);
/**
 * What an activity row may be: the kinds a person logs, and the thank-you note and the correction
 * their own use cases write on the account's timeline (docs/thank-you-notes.md,
 * docs/late-notices.md), the new-customer form sent from the customer portal (docs/portal.md) and a
 * contact's choice on the mail-preferences page (docs/preferences.md), a survey answer (docs/surveys.md)
 * a problem reported (docs/problems.md) a referral asked for (docs/referrals.md) and a testimonial's steps
 * (docs/testimonials.md) — not logged through POST /activities.
 */
export const TIMELINE_ACTIVITY_KINDS = [
  ...ACTIVITY_KINDS,
  'thank_you_note',
  'correction',
  'portal_form',
  'mail_preferences',
  'survey_answer',
  'problem',
  'referral_request',
  'testimonial',
] as const;
export type TimelineActivityKind = (typeof TIMELINE_ACTIVITY_KINDS)[number];

/** People's words for each kind of activity (the timeline's titles and badges). */
export const ACTIVITY_KIND_LABELS: Record<TimelineActivityKind, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  visit: 'Visit',
  note: 'Note',
  thank_you_note: 'Thank-you note',
  correction: 'Correction',
  portal_form: 'Customer portal',
  mail_preferences: 'Mail preferences',
  survey_answer: 'Survey answer',
  problem: 'Problem reported',
  referral_request: 'Referral asked',
  testimonial: 'Testimonial',
};
export type ActivityKind = z.infer<typeof ActivityKindSchema>;

export const CreateActivitySchema = z
  .strictObject({
    accountId: IdSchema,
    kind: ActivityKindSchema,
    subject: TextSchema(200).nullish(),
    body: TextSchema(10000).nullish(),
    contactId: IdSchema.nullish(),
    orderId: IdSchema.nullish(),
    occurredAt: TimestampInputSchema.optional(),
  })
  .refine((a) => Boolean(a.subject?.length || a.body?.length), {
    message: 'a subject or a body is required',
    path: ['subject'],
  });
export type CreateActivity = z.infer<typeof CreateActivitySchema>;

export const ActivitySchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  kind: z.string(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  actor: PersonRefSchema.nullable(),
  contact: PersonRefSchema.nullable(),
  orderId: IdSchema.nullable(),
  occurredAt: z.string(),
  createdAt: z.string(),
});
export type Activity = z.infer<typeof ActivitySchema>;

/** One row of an account's timeline: an activity, an order event or a quote change. */
export const TimelineItemSchema = z.object({
  id: z.string(),
  source: z.enum(['activity', 'order', 'quote']),
  type: z.string(),
  at: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  actor: PersonRefSchema.nullable(),
  orderId: IdSchema.nullable(),
  orderNumber: z.string().nullable(),
  isFirstOrder: z.boolean(),
  quoteId: IdSchema.nullable(),
  quoteNumber: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const TimelineQuerySchema = PageQuerySchema.extend({
  source: z.enum(['activity', 'order', 'quote']).optional(),
});

export const ListActivitiesQuerySchema = PageQuerySchema.extend({
  accountId: IdSchema.optional(),
  kind: ActivityKindSchema.optional(),
  orderId: IdSchema.optional(),
});
export type ListActivitiesQuery = z.infer<typeof ListActivitiesQuerySchema>;
export type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

// Thank-you notes (P4.1–2, docs/thank-you-notes.md): one a day per writer, to a neglected customer,
// a supplier who helped or a colleague; what came back recorded by hand or found on its own.
// No node or DOM imports here.
import { z } from 'zod';
import { DateSchema, IdSchema, NonEmptyTextSchema, PageQuerySchema, PersonRefSchema } from './common.js';
import { computed, defineEntity, field, shown, value } from './entity.js';

export const NOTE_RECIPIENT_KINDS = ['customer', 'supplier', 'colleague'] as const;
export const NoteRecipientKindSchema = z.enum(NOTE_RECIPIENT_KINDS);
export type NoteRecipientKind = z.infer<typeof NoteRecipientKindSchema>;

/** A card (handwritten, or said in person; recorded here) or an email sent through the outbox. */
export const NOTE_CHANNELS = ['card', 'email'] as const;
export const NoteChannelSchema = z.enum(NOTE_CHANNELS);
export type NoteChannel = z.infer<typeof NoteChannelSchema>;

export const NOTE_OUTCOMES = ['none', 'replied', 'called_back', 'new_quote', 'order_placed', 'order_increased'] as const;
export const NoteOutcomeSchema = z.enum(NOTE_OUTCOMES);
export type NoteOutcome = z.infer<typeof NoteOutcomeSchema>;

/** A day the notes can be about: a calendar date within years 1900–2999 (times are computed from it). */
export const NoteDaySchema = DateSchema.refine((d) => d >= '1900-01-01' && d <= '2999-12-31', 'must be between 1900-01-01 and 2999-12-31');

/** Outcomes after which a follow-up task is proposed: the recipient answered. */
export const REPLY_OUTCOMES: readonly NoteOutcome[] = ['replied', 'called_back'];

/** A follow-up task to create with an outcome: for the caller, due on that day. */
export const NoteFollowUpSchema = z.strictObject({
  title: NonEmptyTextSchema(200),
  dueOn: NoteDaySchema,
});
export type NoteFollowUp = z.infer<typeof NoteFollowUpSchema>;

/** A quote or order of the account within the window after the note: found, not recorded. */
export const NoteAttributionSchema = z.object({
  kind: z.enum(['quote', 'order']),
  id: IdSchema,
  number: z.string(),
  at: z.string(),
  amount: z.string(),
  currency: z.string(),
});
export type NoteAttribution = z.infer<typeof NoteAttributionSchema>;

export const ThankYouNoteEntity = defineEntity({
  id: shown(IdSchema),
  recipientKind: field(value.oneOf(NoteRecipientKindSchema), { label: 'To', create: 'required', update: false }),
  accountId: field(value.id(), { label: 'Customer or supplier', nullable: true, update: false, help: 'Not for a colleague.' }),
  contactId: field(value.id(), { label: 'Contact', nullable: true, update: false, help: 'Who at the account; an email needs one.' }),
  recipientUserId: field(value.id(), { label: 'Colleague', nullable: true, update: false }),
  channel: field(value.oneOf(NoteChannelSchema), { label: 'How', create: { default: 'card' }, update: false }),
  body: field(value.nonEmptyText(4000), { label: 'Your words', create: 'required', update: false }),
  outcome: field(value.oneOf(NoteOutcomeSchema), { label: 'What came back', create: 'none', store: 'custom' }),
  followUp: field(value.of('list', NoteFollowUpSchema, z.never()), {
    label: 'Follow-up task',
    create: 'none',
    read: false,
    store: 'none',
    help: 'Proposed after a reply: a task for you, due that day.',
  }),
  author: computed(PersonRefSchema),
  recipientName: computed(z.string()),
  contactName: computed(z.string().nullable()),
  writtenAt: shown(z.string()),
  writtenOn: shown(z.string()),
  activityId: shown(IdSchema.nullable()),
  messageId: shown(IdSchema.nullable()),
  outcomeAt: shown(z.string().nullable()),
  followUpTaskId: shown(IdSchema.nullable()),
  /** The first quote or order of the account within the attribution window, if any (computed). */
  attributed: computed(NoteAttributionSchema.nullable()),
  /** What a follow-up could be, after a reply and while none exists. */
  proposedFollowUp: computed(NoteFollowUpSchema.nullable()),
});

export const CreateThankYouNoteSchema = ThankYouNoteEntity.create;
export type CreateThankYouNote = z.infer<typeof CreateThankYouNoteSchema>;
export const UpdateThankYouNoteSchema = ThankYouNoteEntity.update;
export type UpdateThankYouNote = z.infer<typeof UpdateThankYouNoteSchema>;
export const ThankYouNoteSchema = ThankYouNoteEntity.read;
export type ThankYouNote = z.infer<typeof ThankYouNoteSchema>;

export const ListThankYouNotesQuerySchema = PageQuerySchema.extend({
  authorId: IdSchema.optional(),
  accountId: IdSchema.optional(),
  mine: z.enum(['true', 'false']).optional(),
});
export type ListThankYouNotesQuery = z.infer<typeof ListThankYouNotesQuerySchema>;

export const NOTE_SUGGESTION_REASONS = ['neglected', 'rhythm_overdue', 'supplier_helped', 'colleague_helped'] as const;
export type NoteSuggestionReason = (typeof NOTE_SUGGESTION_REASONS)[number];

export const NoteSuggestionSchema = z.object({
  rank: z.number().int(),
  reason: z.enum(NOTE_SUGGESTION_REASONS),
  /** Why, in words: "no order for 7 months (last on 2026-05-02)". */
  why: z.string(),
  recipientKind: NoteRecipientKindSchema,
  accountId: IdSchema.nullable(),
  contactId: IdSchema.nullable(),
  contactName: z.string().nullable(),
  hasEmail: z.boolean(),
  recipientUserId: IdSchema.nullable(),
  name: z.string(),
  /** A start for the words, to make one's own. */
  template: z.string(),
});
export type NoteSuggestion = z.infer<typeof NoteSuggestionSchema>;

export const SuggestionsQuerySchema = z.object({ date: NoteDaySchema.optional() });

export const TodaysNoteSchema = z.object({
  date: z.string(),
  /** Notes the caller is asked to write that day (0 when their roles do not write). */
  expected: z.number().int(),
  written: z.number().int(),
  items: z.array(NoteSuggestionSchema),
});
export type TodaysNote = z.infer<typeof TodaysNoteSchema>;

export const HabitsQuerySchema = z.object({ asOf: NoteDaySchema.optional() });

export const WriterHabitsSchema = z.object({
  user: PersonRefSchema,
  /** Notes from Monday of asOf's week to asOf. */
  thisWeek: z.number().int(),
  /** Working days in a row, up to asOf, with at least one note (today counts once written). */
  streak: z.number().int(),
  /** Notes in the period (the attribution window up to asOf). */
  notes: z.number().int(),
  /** Of those, answered by hand (replied, called back …) or followed by a quote or order. */
  withOutcome: z.number().int(),
});
export type WriterHabits = z.infer<typeof WriterHabitsSchema>;

export const HabitsSchema = z.object({
  asOf: z.string(),
  weekStart: z.string(),
  /** The attribution window in days: the period of the team figures ends at asOf. */
  windowDays: z.number().int(),
  me: WriterHabitsSchema,
  /** Everyone asked to write, and anyone else who wrote in the period. */
  writers: z.array(WriterHabitsSchema),
  team: z.object({
    notes: z.number().int(),
    byKind: z.object({ customer: z.number().int(), supplier: z.number().int(), colleague: z.number().int() }),
    byOutcome: z.record(NoteOutcomeSchema, z.number().int()),
    /** Customers neglected when thanked that ordered again within the window. */
    accountsReactivated: z.number().int(),
    /** Quotes of thanked accounts within the window after a note. */
    newQuotes: z.number().int(),
    /** Orders of thanked accounts within the window after a note, in the organisation's currency: credited to the account's team, never one writer. */
    revenueAfterNotes: z.string(),
    currency: z.string(),
  }),
});
export type Habits = z.infer<typeof HabitsSchema>;

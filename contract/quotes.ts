import { z } from 'zod';
import { AMOUNT_SYNONYMS, IdSchema, PageQuerySchema, PersonRefSchema } from './common.js';
import { accountIdField, accountRefField } from './accounts.js';
import { OrderStatusSchema } from './orders.js';
import { repIdField, repRefField } from './auth.js';
import { computed, defineEntity, field, shown, value } from './entity.js';
import { CallOutcomeSchema, QuoteOutcomeSchema, TaskStatusSchema } from './tasks.js';

export const QUOTE_STATUSES = ['open', 'won', 'lost', 'expired'] as const;
export const QuoteStatusSchema = z.enum(QUOTE_STATUSES);
export type QuoteStatus = z.infer<typeof QuoteStatusSchema>;

/** What a quote_events row records: the quote was sent, its status changed, or other fields did. */
export const QUOTE_EVENT_KINDS = ['sent', 'status_changed', 'updated'] as const;

export const QuoteEntity = defineEntity(
  {
    id: shown(IdSchema),
    accountId: accountIdField,
    accountName: computed(z.string()),
    accountRef: accountRefField,
    number: field(value.nonEmptyText(60), {
      label: 'Quote number',
      create: 'required',
      update: false,
      import: { required: true, synonyms: ['quoteid', 'quotenumber', 'quoteno'] },
    }),
    externalRef: field(value.text(100), { label: 'External ref', nullable: true, import: { synonyms: ['quoteid'] } }),
    amount: field(value.amount(), {
      label: 'Amount',
      create: 'required',
      store: 'custom',
      import: { required: true, synonyms: AMOUNT_SYNONYMS },
    }),
    currency: field(value.currency(), { label: 'Currency', update: false, store: 'custom' }),
    sentAt: field(value.timestamp(), {
      label: 'Sent on',
      update: false,
      store: 'custom',
      import: { required: true, synonyms: ['quotedate', 'sentdate', 'sent', 'date'] },
    }),
    validUntil: field(value.date(), { label: 'Valid until', nullable: true, import: { synonyms: ['expirydate', 'expires', 'validto'] } }),
    repId: repIdField,
    status: field(value.oneOf(QuoteStatusSchema), { label: 'Status', create: 'none', store: 'custom', import: {} }),
    /** When it was decided; defaults to now when a PATCH decides it. */
    decidedAt: field(value.timestamp(), {
      label: 'Decided on',
      create: 'none',
      read: z.string().nullable(),
      store: 'custom',
      import: { synonyms: ['decisiondate', 'decided', 'closeddate'] },
    }),
    rep: computed(PersonRefSchema.nullable()),
    repRef: repRefField,
    /** Required when the quote is lost. */
    lostReason: field(value.text(500), { label: 'Why it was lost', create: 'none', nullable: true, store: 'custom', import: {} }),
    /** The order this quote became, when won. */
    orderId: field(value.id(), { label: 'Order', create: 'none', nullable: true, store: 'custom' }),
    /** When the next open follow-up task on the quote is due (null: none open). */
    nextFollowUpAt: computed(z.string().nullable()),
    /** The last follow-up call done on the quote: when, whether it reached them, where the quote stood. */
    lastFollowUp: computed(
      z.object({ at: z.string(), callOutcome: CallOutcomeSchema, quoteOutcome: QuoteOutcomeSchema.nullable() }).nullable(),
    ),
    createdAt: shown(z.string()),
    updatedAt: shown(z.string()),
  },
  { blankText: 'kept', importFirst: ['number', 'accountRef', 'sentAt', 'amount'] },
);

export const CreateQuoteSchema = QuoteEntity.create;
export type CreateQuote = z.infer<typeof CreateQuoteSchema>;

export const UpdateQuoteSchema = QuoteEntity.update;
export type UpdateQuote = z.infer<typeof UpdateQuoteSchema>;

export const QuoteSchema = QuoteEntity.read;
export type Quote = z.infer<typeof QuoteSchema>;

export const ListQuotesQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  accountId: IdSchema.optional(),
  status: QuoteStatusSchema.optional(),
  repId: IdSchema.optional(),
  /** `due`: open quotes whose next follow-up task is due by the end of today (organisation timezone). */
  followUp: z.enum(['due']).optional(),
  sort: z.enum(['sentAt', '-sentAt', 'amount', '-amount', 'number', '-number']).default('-sentAt'),
});
export type ListQuotesQuery = z.infer<typeof ListQuotesQuerySchema>;

/** One follow-up of a quote: a task of its quote-follow-up run (or any task about it), done or due. */
export const QuoteFollowUpSchema = z.object({
  id: IdSchema,
  title: z.string(),
  status: TaskStatusSchema,
  dueAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  assignee: PersonRefSchema.nullable(),
  completedBy: PersonRefSchema.nullable(),
  callOutcome: CallOutcomeSchema.nullable(),
  quoteOutcome: QuoteOutcomeSchema.nullable(),
  note: z.string().nullable(),
});
export type QuoteFollowUp = z.infer<typeof QuoteFollowUpSchema>;

/** What a quote_events row records: sent, a field changed, or its status moved. */
export const QuoteEventSchema = z.object({
  id: z.string(),
  kind: z.enum(QUOTE_EVENT_KINDS),
  fromStatus: QuoteStatusSchema.nullable(),
  toStatus: QuoteStatusSchema.nullable(),
  /** The fields a change touched (their names), when it was an update. */
  changed: z.array(z.string()),
  actor: PersonRefSchema.nullable(),
  at: z.string(),
});
export type QuoteEvent = z.infer<typeof QuoteEventSchema>;

/** A quote's story for its page: follow-ups (due first, then done, newest first), events (newest first) and the order it became. */
export const QuoteActivitySchema = z.object({
  followUps: z.array(QuoteFollowUpSchema),
  events: z.array(QuoteEventSchema),
  order: z.object({ id: IdSchema, number: z.string(), status: OrderStatusSchema }).nullable(),
});
export type QuoteActivity = z.infer<typeof QuoteActivitySchema>;

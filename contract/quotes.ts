import { z } from 'zod';
import {
  CurrencySchema,
  DateSchema,
  IdSchema,
  AmountSchema,
  NonEmptyTextSchema,
  PageQuerySchema,
  PersonRefSchema,
  TextSchema,
  TimestampInputSchema,
} from './common.js';

export const QuoteStatusSchema = z.enum(['open', 'won', 'lost', 'expired']);
export type QuoteStatus = z.infer<typeof QuoteStatusSchema>;

export const CreateQuoteSchema = z.strictObject({
  accountId: IdSchema,
  number: NonEmptyTextSchema(60),
  externalRef: TextSchema(100).nullish(),
  amount: AmountSchema,
  currency: CurrencySchema.optional(),
  sentAt: TimestampInputSchema.optional(),
  validUntil: DateSchema.nullish(),
  repId: IdSchema.nullish(),
});
export type CreateQuote = z.infer<typeof CreateQuoteSchema>;

export const UpdateQuoteSchema = z.strictObject({
  externalRef: TextSchema(100).nullish(),
  amount: AmountSchema.optional(),
  validUntil: DateSchema.nullish(),
  repId: IdSchema.nullish(),
  status: QuoteStatusSchema.optional(),
  /** Required when the quote is lost. */
  lostReason: TextSchema(500).nullish(),
  decidedAt: TimestampInputSchema.optional(),
  /** The order this quote became, when won. */
  orderId: IdSchema.nullish(),
});
export type UpdateQuote = z.infer<typeof UpdateQuoteSchema>;

export const QuoteSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  accountName: z.string(),
  number: z.string(),
  externalRef: z.string().nullable(),
  amount: z.string(),
  currency: z.string(),
  sentAt: z.string(),
  validUntil: z.string().nullable(),
  status: QuoteStatusSchema,
  decidedAt: z.string().nullable(),
  rep: PersonRefSchema.nullable(),
  lostReason: z.string().nullable(),
  orderId: IdSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const ListQuotesQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  accountId: IdSchema.optional(),
  status: QuoteStatusSchema.optional(),
  repId: IdSchema.optional(),
  sort: z.enum(['sentAt', '-sentAt', 'amount', '-amount', 'number', '-number']).default('-sentAt'),
});
export type ListQuotesQuery = z.infer<typeof ListQuotesQuerySchema>;

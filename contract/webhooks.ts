// Inbound ERP events (POST /hooks/erp, Standard Webhooks) and the signing secrets admin API.
import { z } from 'zod';
import { AmountSchema, CurrencySchema, DateSchema, IdSchema, NonEmptyTextSchema, TextSchema, TimestampInputSchema } from './common.js';
import { OrderLineInputSchema, OrderStatusSchema } from './orders.js';
import { QuoteStatusSchema } from './quotes.js';

const Ref = NonEmptyTextSchema(100);
const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({
    type: z.literal(type),
    timestamp: z.string().optional().meta({ description: 'When the ERP emitted it (informative)' }),
    data,
  });

const OrderCreatedData = z.strictObject({
  number: NonEmptyTextSchema(60),
  accountRef: Ref.meta({ description: 'The customer account’s external reference' }),
  externalRef: TextSchema(100).nullish(),
  placedAt: TimestampInputSchema.optional(),
  promisedDate: DateSchema.nullish(),
  expectedShipDate: DateSchema.nullish(),
  amount: AmountSchema.optional(),
  currency: CurrencySchema.optional(),
  repRef: Ref.nullish().meta({ description: 'The rep’s external reference (users.externalRef)' }),
  csrRef: Ref.nullish(),
  lines: z.array(OrderLineInputSchema).max(1000).optional(),
});
const OrderUpdatedData = z.strictObject({
  number: NonEmptyTextSchema(60),
  externalRef: TextSchema(100).nullish(),
  promisedDate: DateSchema.nullish(),
  expectedShipDate: DateSchema.nullish(),
  amount: AmountSchema.optional(),
  repRef: Ref.nullish(),
  csrRef: Ref.nullish(),
  carrier: TextSchema(80).nullish(),
  trackingNumber: TextSchema(120).nullish(),
});
const OrderStatusData = z.strictObject({
  number: NonEmptyTextSchema(60),
  status: OrderStatusSchema,
  at: TimestampInputSchema.optional(),
  note: TextSchema(2000).optional(),
});
const OrderShippedData = z.strictObject({
  number: NonEmptyTextSchema(60),
  at: TimestampInputSchema.optional(),
  carrier: TextSchema(80).optional(),
  trackingNumber: TextSchema(120).optional(),
});
const OrderDeliveredData = z.strictObject({ number: NonEmptyTextSchema(60), at: TimestampInputSchema.optional() });
const QuoteCreatedData = z.strictObject({
  number: NonEmptyTextSchema(60),
  accountRef: Ref,
  externalRef: TextSchema(100).nullish(),
  amount: AmountSchema,
  currency: CurrencySchema.optional(),
  sentAt: TimestampInputSchema.optional(),
  validUntil: DateSchema.nullish(),
  repRef: Ref.nullish(),
});
const QuoteUpdatedData = z.strictObject({
  number: NonEmptyTextSchema(60),
  externalRef: TextSchema(100).nullish(),
  amount: AmountSchema.optional(),
  validUntil: DateSchema.nullish(),
  repRef: Ref.nullish(),
});
const QuoteStatusData = z.strictObject({
  number: NonEmptyTextSchema(60),
  status: QuoteStatusSchema,
  decidedAt: TimestampInputSchema.optional(),
  lostReason: TextSchema(500).nullish(),
});

export const ErpEventSchema = z
  .discriminatedUnion('type', [
    event('order.created', OrderCreatedData),
    event('order.updated', OrderUpdatedData),
    event('order.status_changed', OrderStatusData),
    event('order.shipped', OrderShippedData),
    event('order.delivered', OrderDeliveredData),
    event('quote.created', QuoteCreatedData),
    event('quote.updated', QuoteUpdatedData),
    event('quote.status_changed', QuoteStatusData),
  ])
  .meta({
    description:
      'Signed per Standard Webhooks: headers webhook-id, webhook-timestamp (Unix seconds, ±5 minutes), webhook-signature (space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64 part of a `whsec_` secret). Each webhook-id is applied once (kept 7 days); a replay is answered 200 without a second effect. Accounts and reps are named by external reference, orders and quotes by number.',
    examples: [
      {
        type: 'order.created',
        data: {
          number: 'SO-10481',
          accountRef: 'ALFKI',
          placedAt: '2026-03-02T09:30:00+01:00',
          promisedDate: '2026-03-20',
          amount: '1863.40',
          currency: 'EUR',
          repRef: 'E-5',
        },
      },
      { type: 'order.updated', data: { number: 'SO-10481', promisedDate: '2026-03-24', expectedShipDate: '2026-03-23' } },
      { type: 'order.status_changed', data: { number: 'SO-10481', status: 'in_production', at: '2026-03-05T08:00:00Z' } },
      {
        type: 'order.shipped',
        data: { number: 'SO-10481', at: '2026-03-19T15:10:00Z', carrier: 'DHL', trackingNumber: '00340434161234567890' },
      },
      { type: 'order.delivered', data: { number: 'SO-10481', at: '2026-03-21T10:00:00Z' } },
      {
        type: 'quote.created',
        data: { number: 'Q-2291', accountRef: 'ALFKI', amount: '12500.00', sentAt: '2026-02-20', validUntil: '2026-03-20', repRef: 'E-5' },
      },
      { type: 'quote.updated', data: { number: 'Q-2291', amount: '11900.00' } },
      { type: 'quote.status_changed', data: { number: 'Q-2291', status: 'won', decidedAt: '2026-03-01T12:00:00Z' } },
    ],
  });
export type ErpEvent = z.infer<typeof ErpEventSchema>;

export const ErpEventResultSchema = z.object({
  received: z.literal(true),
  /** True when this webhook-id was already applied: acknowledged, nothing done again. */
  isDuplicate: z.boolean(),
  type: z.string(),
  subject: z.object({ kind: z.enum(['order', 'quote']), id: IdSchema, number: z.string() }).nullable(),
});
export type ErpEventResult = z.infer<typeof ErpEventResultSchema>;

export const WebhookSecretSchema = z.object({
  id: IdSchema,
  name: z.string(),
  /** `whsec_` and the first characters: enough to tell secrets apart, never enough to sign. */
  prefix: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type WebhookSecret = z.infer<typeof WebhookSecretSchema>;
export const CreatedWebhookSecretSchema = WebhookSecretSchema.extend({
  secret: z.string().meta({ description: 'Shown once: give it to the ERP' }),
});
export const CreateWebhookSecretSchema = z.strictObject({ name: TextSchema(80).optional() });

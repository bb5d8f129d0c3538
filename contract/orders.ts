import { z } from 'zod';
import {
  CurrencySchema,
  DateSchema,
  IdSchema,
  AmountSchema,
  MoneySchema,
  NonEmptyTextSchema,
  PageQuerySchema,
  PersonRefSchema,
  TextSchema,
  TimestampInputSchema,
} from './common.js';

export const ORDER_STATUSES = [
  'received',
  'data_review',
  'in_production',
  'inspection',
  'ready_to_ship',
  'shipped',
  'delivered',
  'closed',
  'cancelled',
] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const OrderLineInputSchema = z.strictObject({
  sku: TextSchema(80).nullish(),
  description: TextSchema(500).nullish(),
  quantity: z.number({ message: 'must be a number' }).positive('must be greater than 0').max(1e9),
  unitPrice: MoneySchema,
  lineAmount: MoneySchema.nullish(),
});
export type OrderLineInput = z.infer<typeof OrderLineInputSchema>;

export const CreateOrderSchema = z.strictObject({
  accountId: IdSchema,
  number: NonEmptyTextSchema(60),
  externalRef: TextSchema(100).nullish(),
  placedAt: TimestampInputSchema.optional(),
  promisedDate: DateSchema.nullish(),
  expectedShipDate: DateSchema.nullish(),
  amount: AmountSchema.optional(),
  currency: CurrencySchema.optional(),
  repId: IdSchema.nullish(),
  csrId: IdSchema.nullish(),
  lots: z.number().int().min(1).max(10000).nullish(),
  lines: z.array(OrderLineInputSchema).max(1000).optional(),
});
export type CreateOrder = z.infer<typeof CreateOrderSchema>;

export const UpdateOrderSchema = z.strictObject({
  externalRef: TextSchema(100).nullish(),
  promisedDate: DateSchema.nullish(),
  expectedShipDate: DateSchema.nullish(),
  amount: AmountSchema.optional(),
  repId: IdSchema.nullish(),
  csrId: IdSchema.nullish(),
  lots: z.number().int().min(1).max(10000).nullish(),
  carrier: TextSchema(80).nullish(),
  trackingNumber: TextSchema(120).nullish(),
});
export type UpdateOrder = z.infer<typeof UpdateOrderSchema>;

export const TransitionOrderSchema = z.strictObject({
  to: OrderStatusSchema,
  note: TextSchema(2000).optional(),
  /** When it happened; defaults to now. */
  at: TimestampInputSchema.optional(),
  carrier: TextSchema(80).optional(),
  trackingNumber: TextSchema(120).optional(),
  /** Admins only: move past open playbook gates, with a written reason (recorded in the timeline and audit log). */
  overrideGates: z.strictObject({ reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(2000) }).optional(),
});
export type TransitionOrder = z.infer<typeof TransitionOrderSchema>;

export const OrderLineSchema = z.object({
  id: IdSchema,
  position: z.number().int(),
  sku: z.string().nullable(),
  description: z.string().nullable(),
  quantity: z.number(),
  unitPrice: z.string(),
  lineAmount: z.string(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderEventSchema = z.object({
  id: z.string(),
  /** `imported`: the order came in from a file (`note` names it) — one event for its placed time, `changes` its shipped and delivered times. */
  kind: z.enum(['created', 'imported', 'status_changed', 'updated', 'line_added', 'gate_override']),
  fromStatus: OrderStatusSchema.nullable(),
  toStatus: OrderStatusSchema.nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  note: z.string().nullable(),
  actor: PersonRefSchema.nullable(),
  at: z.string(),
});
export type OrderEvent = z.infer<typeof OrderEventSchema>;

export const OrderSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  accountName: z.string(),
  number: z.string(),
  externalRef: z.string().nullable(),
  placedAt: z.string(),
  promisedDate: z.string().nullable(),
  expectedShipDate: z.string().nullable(),
  amount: z.string(),
  currency: z.string(),
  status: OrderStatusSchema,
  rep: PersonRefSchema.nullable(),
  csr: PersonRefSchema.nullable(),
  shippedAt: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lots: z.number().int().nullable(),
  /** The account's earliest order (DESIGN §4). */
  isFirstOrder: z.boolean(),
  /** A first order of an account whose potential spend earns the full paid audition (P1). */
  isAudition: z.boolean(),
  /** Unshipped and past its promised date (in the account's timezone). */
  isLate: z.boolean(),
  /** Statuses this order may move to next. */
  nextStatuses: z.array(OrderStatusSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderDetailSchema = OrderSchema.extend({
  acquisitionCost: z.string().nullable(),
  lines: z.array(OrderLineSchema),
  events: z.array(OrderEventSchema),
});
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

export const ORDER_SORTS = ['placedAt', '-placedAt', 'promisedDate', '-promisedDate', 'number', '-number', 'amount', '-amount'] as const;
export const ListOrdersQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  accountId: IdSchema.optional(),
  status: OrderStatusSchema.optional(),
  repId: IdSchema.optional(),
  isFirstOrder: z.enum(['true', 'false']).optional(),
  isLate: z.enum(['true', 'false']).optional(),
  sort: z.enum(ORDER_SORTS).default('-placedAt'),
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuerySchema>;

export const AddOrderLineSchema = OrderLineInputSchema;

import { z } from 'zod';
import {
  AMOUNT_SYNONYMS,
  CURRENCY_SYNONYMS,
  IdSchema,
  PageQuerySchema,
  PersonRefSchema,
  TextSchema,
  TimestampInputSchema,
} from './common.js';
import { accountIdField, accountRefField } from './accounts.js';
import { repIdField, repRefField } from './auth.js';
import { computed, defineEntity, field, importOnly, shown, value } from './entity.js';

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

/** What an order sold (P3.5): products, a service contract, parts and consumables, or a repair. */
export const ORDER_CATEGORIES = ['product', 'service_contract', 'parts_consumables', 'repair'] as const;
export const OrderCategorySchema = z.enum(ORDER_CATEGORIES, { message: `must be one of: ${ORDER_CATEGORIES.join(', ')}` });
export type OrderCategory = z.infer<typeof OrderCategorySchema>;
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** What an order_events row records (an imported order's own history shows as 'imported', see OrderEventSchema). */
export const ORDER_EVENT_KINDS = [
  'created',
  'status_changed',
  'updated',
  'line_added',
  'gate_override',
  'message_sent',
  'correction',
] as const;

export const OrderLineEntity = defineEntity(
  {
    id: shown(IdSchema),
    position: shown(z.number().int()),
    orderRef: importOnly(value.ref(), {
      label: 'Order',
      help: 'The order’s number.',
      import: { required: true, synonyms: ['orderid', 'ordernumber', 'orderno'] },
    }),
    sku: field(value.text(80), {
      label: 'SKU',
      nullable: true,
      import: { synonyms: ['productid', 'productcode', 'itemcode', 'partnumber', 'item'] },
    }),
    description: field(value.text(500), {
      label: 'Description',
      nullable: true,
      import: { synonyms: ['productname', 'itemname', 'itemdescription'] },
    }),
    quantity: field(value.number(z.number({ message: 'must be a number' }).positive('must be greater than 0').max(1e9)), {
      label: 'Quantity',
      create: 'required',
      store: 'custom',
      import: { required: true, synonyms: ['qty'] },
    }),
    unitPrice: field(value.money(), {
      label: 'Unit price',
      create: 'required',
      store: 'custom',
      import: { required: true, synonyms: ['price', 'unitcost'] },
    }),
    lineAmount: field(value.money(), {
      label: 'Line amount',
      help: 'Quantity × unit price when left out.',
      nullable: true,
      read: z.string(),
      store: 'custom',
      import: { synonyms: ['linetotal', 'extendedprice', 'lineamount'] },
    }),
  },
  { blankText: 'kept' },
);

export const OrderLineInputSchema = OrderLineEntity.create;
export type OrderLineInput = z.infer<typeof OrderLineInputSchema>;

export const OrderEntity = defineEntity(
  {
    id: shown(IdSchema),
    accountId: accountIdField,
    accountName: computed(z.string()),
    accountRef: accountRefField,
    number: field(value.nonEmptyText(60), {
      label: 'Order number',
      create: 'required',
      update: false,
      import: { required: true, synonyms: ['orderid', 'ordernumber', 'orderno'] },
    }),
    externalRef: field(value.text(100), { label: 'External ref', nullable: true, import: { synonyms: ['orderid'] } }),
    placedAt: field(value.timestamp(), {
      label: 'Placed on',
      update: false,
      store: 'custom',
      import: { required: true, synonyms: ['orderdate', 'placed', 'dateplaced', 'date'] },
    }),
    promisedDate: field(value.date(), {
      label: 'Promised date',
      help: 'The date we promised to ship',
      nullable: true,
      import: { synonyms: ['requireddate', 'duedate', 'promised', 'promisedate'] },
    }),
    expectedShipDate: field(value.date(), {
      label: 'Expected ship date',
      help: 'Our latest internal estimate',
      nullable: true,
      import: { synonyms: ['expectedship', 'estimatedshipdate'] },
    }),
    amount: field(value.amount(), { label: 'Amount', store: 'custom', import: { required: true, synonyms: AMOUNT_SYNONYMS } }),
    category: field(value.oneOf(OrderCategorySchema), {
      label: 'Category',
      help: 'What it sold: product, service_contract, parts_consumables or repair. Default: product.',
      create: { default: 'product' },
      import: { synonyms: ['ordercategory', 'ordertype', 'salestype', 'revenuetype', 'producttype'] },
    }),
    currency: field(value.currency(), { label: 'Currency', update: false, store: 'custom', import: { synonyms: CURRENCY_SYNONYMS } }),
    status: field(value.oneOf(OrderStatusSchema), {
      label: 'Status',
      help: 'Default: delivered with a delivered date, shipped with a shipped date, else received.',
      create: 'none',
      update: false,
      store: 'custom',
      import: {},
    }),
    rep: computed(PersonRefSchema.nullable()),
    csr: computed(PersonRefSchema.nullable()),
    repId: repIdField,
    csrId: field(value.id(), { label: 'CSR', nullable: true, read: false }),
    repRef: repRefField,
    csrRef: importOnly(value.ref(), {
      label: 'CSR',
      help: 'The CSR’s external reference (import users first).',
      import: { synonyms: ['csrid', 'csr'] },
    }),
    shippedAt: field(value.timestamp(), {
      label: 'Shipped',
      create: 'none',
      update: false,
      nullable: true,
      import: { synonyms: ['shippeddate', 'shipped', 'shipdate'] },
    }),
    carrier: field(value.text(80), {
      label: 'Carrier',
      create: 'none',
      nullable: true,
      import: { synonyms: ['shippername', 'shipper', 'shipvia'] },
    }),
    trackingNumber: field(value.text(120), {
      label: 'Tracking number',
      create: 'none',
      nullable: true,
      import: { synonyms: ['tracking', 'trackingno', 'trackingid'] },
    }),
    deliveredAt: field(value.timestamp(), {
      label: 'Delivered',
      create: 'none',
      update: false,
      nullable: true,
      import: { synonyms: ['delivereddate', 'deliverydate', 'delivered'] },
    }),
    lots: field(value.int(z.number().int().min(1).max(10000)), { label: 'Lots', nullable: true }),
    lines: field(value.list(z.array(OrderLineInputSchema).max(1000), z.array(OrderLineEntity.read)), {
      label: 'Lines',
      update: false,
      read: false,
      store: 'none',
    }),
    /** The account's earliest order (docs/domain.md §4). */
    isFirstOrder: computed(z.boolean()),
    /** A first order of an account whose potential spend earns the full paid audition (P1). */
    isAudition: computed(z.boolean()),
    /** Unshipped and past its promised date (in the account's timezone). */
    isLate: computed(z.boolean()),
    /** Statuses this order may move to next. */
    nextStatuses: computed(z.array(OrderStatusSchema)),
    createdAt: shown(z.string()),
    updatedAt: shown(z.string()),
  },
  {
    blankText: 'kept',
    importFirst: [
      'number',
      'accountRef',
      'placedAt',
      'amount',
      'externalRef',
      'promisedDate',
      'expectedShipDate',
      'shippedAt',
      'deliveredAt',
    ],
  },
);

export const CreateOrderSchema = OrderEntity.create;
export type CreateOrder = z.infer<typeof CreateOrderSchema>;

export const UpdateOrderSchema = OrderEntity.update;
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

export const OrderLineSchema = OrderLineEntity.read;
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderEventSchema = z.object({
  id: z.string(),
  /** `imported`: the order came in from a file (`note` names it) — one event for its placed time, `changes` its shipped and delivered times. */
  kind: z.enum([...ORDER_EVENT_KINDS, 'imported']),
  fromStatus: OrderStatusSchema.nullable(),
  toStatus: OrderStatusSchema.nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  note: z.string().nullable(),
  actor: PersonRefSchema.nullable(),
  at: z.string(),
});
export type OrderEvent = z.infer<typeof OrderEventSchema>;

export const OrderSchema = OrderEntity.read;
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

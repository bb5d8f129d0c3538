import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { TIMELINE_ACTIVITY_KINDS } from '../../../contract/activities.js';
import { ORDER_CATEGORIES, ORDER_EVENT_KINDS, ORDER_STATUSES } from '../../../contract/orders.js';
import { QUOTE_EVENT_KINDS, QUOTE_STATUSES } from '../../../contract/quotes.js';
import { accounts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // NOTE: no foreign keys on orders nor on order_events (decision 0007): accounts, users and
    // orders are never deleted, every writer checks the reference, and the row-by-row checks were
    // a third of a bulk import's time.
    accountId: uuid('account_id').notNull(),
    number: text('number').notNull(),
    externalRef: text('external_ref'),
    placedAt: ts('placed_at').notNull(),
    promisedDate: date('promised_date', { mode: 'string' }),
    expectedShipDate: date('expected_ship_date', { mode: 'string' }),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('received'),
    repId: uuid('rep_id'),
    csrId: uuid('csr_id'),
    shippedAt: ts('shipped_at'),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    deliveredAt: ts('delivered_at'),
    lots: integer('lots'),
    /**
     * The days it was placed and shipped in its account's (else the organisation's) timezone, kept
     * by the database (decision 0022): a trigger sets them when the times or the account change, and
     * another when a timezone does. Only the set-based orders import writes them itself.
     */
    placedOn: date('placed_on', { mode: 'string' }),
    shippedOn: date('shipped_on', { mode: 'string' }),
    category: text('category', { enum: ORDER_CATEGORIES }).notNull().default('product'),
    /** The import that created the order: its placed, shipped and delivered times are its history (decision 0007). */
    importId: uuid('import_id'),
    /**
     * The import that wrote it in short transactions (a large file on PGlite, decision 0023): a
     * row-level security policy hides it from everyone but that import until the import is
     * published (`imports.is_published`). Null for every other order.
     */
    stagedImportId: uuid('staged_import_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_account_placed_idx').on(t.accountId, t.placedAt, t.number),
    index('orders_placed_idx').on(t.placedAt, t.id),
    index('orders_status_idx').on(t.status),
    index('orders_amount_idx').on(t.amount, t.id),
    index('orders_promised_idx').on(t.promisedDate, t.id),
    checkOneOf('orders_status_check', t.status, ORDER_STATUSES),
    checkOneOf('orders_category_check', t.category, ORDER_CATEGORIES),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sku: text('sku'),
    description: text('description'),
    quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    lineAmount: bigint('line_amount', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('order_lines_order_position_key').on(t.orderId, t.position)],
);

/** The order timeline: every status change and field change, with actor and time. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind', { enum: ORDER_EVENT_KINDS }).notNull(),
    fromStatus: text('from_status', { enum: ORDER_STATUSES }),
    toStatus: text('to_status', { enum: ORDER_STATUSES }),
    changes: jsonb('changes'),
    note: text('note'),
    actorId: uuid('actor_id'),
    at: ts('at').notNull(),
  },
  (t) => [
    index('order_events_order_idx').on(t.orderId, t.at),
    index('order_events_account_idx').on(t.accountId, t.at),
    // The figures ask which orders were cancelled after a day (src/domain/analytics/figures-sql.ts).
    index('order_events_cancelled_idx')
      .on(t.at)
      .where(sql`${t.toStatus} = 'cancelled'`),
    checkOneOf('order_events_kind_check', t.kind, ORDER_EVENT_KINDS),
    checkOneOf('order_events_from_status_check', t.fromStatus, ORDER_STATUSES),
    checkOneOf('order_events_to_status_check', t.toStatus, ORDER_STATUSES),
  ],
);

export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    number: text('number').notNull(),
    externalRef: text('external_ref'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    sentAt: ts('sent_at').notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    status: text('status', { enum: QUOTE_STATUSES }).notNull().default('open'),
    decidedAt: ts('decided_at'),
    repId: uuid('rep_id').references(() => users.id),
    lostReason: text('lost_reason'),
    orderId: uuid('order_id').references(() => orders.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quotes_number_key').on(t.number),
    index('quotes_account_idx').on(t.accountId, t.sentAt),
    checkOneOf('quotes_status_check', t.status, QUOTE_STATUSES),
  ],
);

export const quoteEvents = pgTable(
  'quote_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
    kind: text('kind', { enum: QUOTE_EVENT_KINDS }).notNull(),
    fromStatus: text('from_status', { enum: QUOTE_STATUSES }),
    toStatus: text('to_status', { enum: QUOTE_STATUSES }),
    changes: jsonb('changes'),
    actorId: uuid('actor_id').references(() => users.id),
    at: ts('at').notNull(),
  },
  (t) => [
    index('quote_events_account_idx').on(t.accountId, t.at),
    checkOneOf('quote_events_kind_check', t.kind, QUOTE_EVENT_KINDS),
    checkOneOf('quote_events_from_status_check', t.fromStatus, QUOTE_STATUSES),
    checkOneOf('quote_events_to_status_check', t.toStatus, QUOTE_STATUSES),
  ],
);

/** The account timeline's own entries: calls, emails, meetings, visits, notes (and later messages, surveys). */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: TIMELINE_ACTIVITY_KINDS }).notNull(),
    subject: text('subject'),
    body: text('body'),
    actorId: uuid('actor_id').references(() => users.id),
    contactId: uuid('contact_id'),
    orderId: uuid('order_id'),
    taskId: uuid('task_id'),
    occurredAt: ts('occurred_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('activities_account_idx').on(t.accountId, t.occurredAt),
    checkOneOf('activities_kind_check', t.kind, TIMELINE_ACTIVITY_KINDS),
  ],
);

import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../../../contract/webhook-endpoints.js';
import { checkAllOf, checkOneOf } from './enum-check.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Outbound webhooks (docs/decisions/0016): where an admin wants domain events sent, signed per Standard Webhooks. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: text('event_types', { enum: WEBHOOK_EVENT_TYPES }).array().notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    // NOTE: HMAC needs the secret itself, so it is stored as it is, like the inbound webhook secrets.
    secret: text('secret').notNull(),
    /** After a rotation the old secret signs too, until previous_secret_expires_at. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: ts('previous_secret_expires_at'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: ts('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [checkAllOf('webhook_endpoints_event_types_check', t.eventTypes, WEBHOOK_EVENT_TYPES)],
);

/**
 * The outbox of outbound webhooks: one row per (endpoint, domain event), written in the event's
 * dispatch transaction; sent by the deliver-webhooks job with a lease per delivery.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** Also the webhook-id header, the same on every attempt, so a receiver can drop duplicates. */
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The domain event; null for a test event. */
    eventId: bigint('event_id', { mode: 'number' }),
    type: text('type').notNull(),
    /** The exact JSON body, so every attempt sends (and signs) the same bytes. */
    body: text('body').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    /** A worker is sending it until then; after, another may (a crashed worker's lease runs out). */
    lockedUntil: ts('locked_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // A replayed dispatch of the same event adds nothing.
    uniqueIndex('webhook_deliveries_once_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt, t.id),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt, t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    checkOneOf('webhook_deliveries_status_check', t.status, WEBHOOK_DELIVERY_STATUSES),
  ],
);

/** Each attempt of a delivery: what the receiver answered and how long it took. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

// Outbound webhooks (docs/webhooks.md): endpoints an admin registers, and the deliveries of domain
// events to them, signed per Standard Webhooks. Shared by server and web.
import { z } from 'zod';
import { IdSchema, PageQuerySchema, TextSchema } from './common.js';
import type { PlaybookEvent } from './playbooks.js';

/**
 * The domain events an endpoint may subscribe to: those Rapport records today (schedule.daily is a
 * clock tick, not news). A new event is added here when something records it.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.status_changed',
  'order.late_risk',
  'order.shipped',
  'order.delivered',
  'quote.sent',
  'quote.won',
  'quote.lost',
  'quote.expired',
  'account.neglected',
  'account.rhythm_overdue',
  'problem.opened',
  'survey.answered',
  'account.journey_started',
  'account.stage_changed',
] as const satisfies readonly PlaybookEvent[];
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { message: `must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` });
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;
/** The type of the event "Send test event" sends (never a domain event). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** pending: waiting for its first or next attempt; delivered: a 2xx answer; failed: every attempt failed. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const WebhookDeliveryStatusSchema = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

/** An http(s) address, as the receiver is reached: no other scheme, no spaces. */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000)
  .refine((v) => {
    if (!/^https?:\/\//i.test(v) || /\s/.test(v)) return false;
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address, like https://erp.example.com/rapport-events');

const EventTypesSchema = z
  .array(WebhookEventTypeSchema)
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, 'events must not repeat');

export const WebhookEndpointSchema = z.object({
  id: IdSchema,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(WebhookEventTypeSchema),
  isEnabled: z.boolean(),
  /** Why it was turned off by Rapport (consecutive failures); null when on, or off by a person. */
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  /** Failed attempts in a row; the endpoint is turned off at the failure limit (Settings). */
  consecutiveFailures: z.number().int(),
  /** `whsec_` and the first characters: enough to tell secrets apart, never enough to sign. */
  secretPrefix: z.string(),
  /** Until then the previous secret signs too (after a rotation). */
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const CreatedWebhookEndpointSchema = WebhookEndpointSchema.extend({
  secret: z.string().meta({ description: 'Shown once: the receiver verifies signatures with it (whsec_ + base64)' }),
});
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpointSchema>;

export const CreateWebhookEndpointSchema = z.strictObject({
  url: WebhookUrlSchema,
  description: TextSchema(200).optional(),
  eventTypes: EventTypesSchema,
  isEnabled: z.boolean().optional(),
});
export type CreateWebhookEndpoint = z.infer<typeof CreateWebhookEndpointSchema>;

export const UpdateWebhookEndpointSchema = z.strictObject({
  url: WebhookUrlSchema.optional(),
  description: TextSchema(200).optional(),
  eventTypes: EventTypesSchema.optional(),
  /** Turning it on again starts its failure count over. */
  isEnabled: z.boolean().optional(),
});
export type UpdateWebhookEndpoint = z.infer<typeof UpdateWebhookEndpointSchema>;

export const WebhookEndpointIdParamsSchema = z.object({ id: IdSchema });

export const WebhookAttemptSchema = z.object({
  at: z.string(),
  /** The receiver's HTTP status; null when no answer came (timeout, refused connection). */
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliverySchema = z.object({
  id: IdSchema.meta({ description: 'Also the webhook-id header: the same on every attempt' }),
  endpointId: IdSchema,
  eventId: z.number().int().nullable(),
  type: z.string(),
  status: WebhookDeliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  /** The JSON body sent, `{type, timestamp, data}`. */
  payload: z.unknown(),
  /** Every attempt, newest first. */
  attemptLog: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const ListWebhookDeliveriesQuerySchema = PageQuerySchema.extend({
  status: WebhookDeliveryStatusSchema.optional(),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof ListWebhookDeliveriesQuerySchema>;

// Pure rules of outbound webhooks (docs/webhooks.md): the body, the Standard Webhooks signature,
// the retry schedule and when an endpoint is turned off. No database, clock or randomness here.
//
// Signing follows https://www.standardwebhooks.com/ (spec/standard-webhooks.md): `v1,` +
// base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), key being the base64 part
// of the `whsec_` secret. The inbound side (src/domain/webhooks/signature.ts) does the same; it is
// not imported here because that area depends on orders, which lead back to the dispatch that
// queues these deliveries (a cycle).
import { createHmac } from 'node:crypto';
import { WEBHOOK_TEST_EVENT } from '../../../contract/webhook-endpoints.js';

/** Attempts before a delivery is failed for good (a person may retry it). */
export const MAX_ATTEMPTS = 8;
/** How long one attempt may take before it counts as failed. */
export const TIMEOUT_MS = 10_000;
/** How long a claimed delivery belongs to its worker: longer than one attempt can take. */
export const LEASE_MS = 60_000;
/** After a rotation the previous secret signs too for this long, so the receiver can switch without losing a delivery. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;
/** The receiver's answer kept with an attempt (its start: enough to see what went wrong). */
export const ERROR_TEXT_MAX = 300;

/** Wait before attempt n + 1: 1, 2, 4, 8, 16, 32, 64 minutes (about two hours in all). */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/** The domain event as the outbox holds it. */
export interface OutboundEvent {
  id: number;
  type: string;
  subjectType: string;
  subjectId: string;
  accountId: string | null;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export interface WebhookBody {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The JSON body of a domain event's delivery: `{type, timestamp, data}` (Standard Webhooks' payload shape). */
export function bodyOfEvent(event: OutboundEvent): WebhookBody {
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      eventId: event.id,
      subject: { type: event.subjectType, id: event.subjectId },
      accountId: event.accountId,
      details: event.payload,
    },
  };
}

/** The body of "Send test event". */
export function testBody(endpointId: string, now: Date): WebhookBody {
  return {
    type: WEBHOOK_TEST_EVENT,
    timestamp: now.toISOString(),
    data: { endpointId, message: 'A test event from Rapport. Nothing happened; this checks that deliveries arrive and verify.' },
  };
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** The `v1,<base64>` signature of one secret. */
export function signPayload(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers of an attempt; every live secret signs (space-separated). */
export function webhookHeaders(input: { id: string; body: string; secrets: readonly string[]; now: Date }): Record<string, string> {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Rapport-Webhooks/1',
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': input.secrets.map((s) => signPayload(s, input.id, timestamp, input.body)).join(' '),
  };
}

/** What an attempt came to, as the sender saw it. */
export interface AttemptOutcome {
  statusCode: number | null;
  durationMs: number;
  /** Null on success. */
  error: string | null;
}

export const isSuccess = (statusCode: number | null): boolean => statusCode !== null && statusCode >= 200 && statusCode < 300;

/** The reason an endpoint is turned off, for people. */
export function disabledReasonOf(failures: number, lastError: string | null): string {
  return `Turned off after ${failures} failed delivery attempts in a row${lastError ? ` (last: ${lastError})` : ''}.`;
}

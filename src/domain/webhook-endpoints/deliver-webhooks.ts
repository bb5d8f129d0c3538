// Sending the outbound webhook outbox (docs/decisions/0016), as messages are sent (0014): a
// delivery is claimed with a lease in a short transaction, POSTed with no transaction open (on
// PGlite an open transaction holds the whole database), and its outcome recorded in another. A
// worker that dies mid-attempt leaves the lease to run out; the next sends it again with the same
// webhook-id, so the receiver can recognise the duplicate. Retries with backoff are per delivery.
import { and, asc, eq, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tasks, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { recordAudit, systemActor, type ReadContext } from '../shared/index.js';
import { disabledReasonOf, isSuccess, LEASE_MS, MAX_ATTEMPTS, retryDelayMs, webhookHeaders } from './delivery.rules.js';
import { httpSender, type WebhookSender } from './sender.js';

export interface DeliverResult {
  delivered: number;
  /** Attempts that failed and will be tried again later. */
  retrying: number;
  /** Deliveries failed for good in this pass. */
  failed: number;
  /** Endpoints turned off in this pass (too many failures in a row). */
  disabled: number;
}

export interface DeliverWebhooksInput {
  /** Sends the HTTP request (tests may pass their own); default fetch. */
  sender?: WebhookSender;
  /** Stop after this many attempts (default 50). */
  max?: number;
}

/**
 * Due now: pending, not waiting for a retry, not leased — and its endpoint on (a test event goes
 * to an endpoint that is off too, so a receiver can be checked before it is turned on again).
 */
function dueNow(now: Date) {
  return and(
    eq(webhookDeliveries.status, 'pending'),
    or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now)),
    or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
    or(eq(webhookEndpoints.isEnabled, true), isNull(webhookDeliveries.eventId)),
  );
}

/** Whether a delivery pass has anything to do: the pump queues a job only then. */
export async function hasWebhookDeliveriesDue({ db, now }: ReadContext): Promise<boolean> {
  const [row] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(dueNow(now))
    .limit(1);
  return row !== undefined;
}

/** The system's own step (the deliver-webhooks job): sends what is due, oldest first, one claim per transaction. */
export async function deliverWebhooks(
  { db, now }: ReadContext,
  { sender = httpSender, max = 50 }: DeliverWebhooksInput = {},
): Promise<DeliverResult> {
  const result: DeliverResult = { delivered: 0, retrying: 0, failed: 0, disabled: 0 };
  const tried: string[] = [];
  while (tried.length < max) {
    const claimed = await db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .where(and(dueNow(now), tried.length > 0 ? notInArray(webhookDeliveries.id, tried) : undefined))
        .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id))
        .limit(1)
        .for('update', { of: webhookDeliveries, skipLocked: true });
      if (!due) return null;
      const [delivery] = await tx
        .update(webhookDeliveries)
        .set({ lockedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${webhookDeliveries.attempts} + 1`, updatedAt: now })
        .where(eq(webhookDeliveries.id, due.id))
        .returning();
      const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery!.endpointId));
      return { delivery: delivery!, endpoint: endpoint! };
    });
    if (!claimed) break;
    const { delivery, endpoint } = claimed;
    tried.push(delivery.id);
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
      secrets.push(endpoint.previousSecret);
    const outcome = await sender({
      url: endpoint.url,
      headers: webhookHeaders({ id: delivery.id, body: delivery.body, secrets, now }),
      body: delivery.body,
    });
    const isDelivered = isSuccess(outcome.statusCode);
    const isFinal = !isDelivered && delivery.attempts >= MAX_ATTEMPTS;
    const isTest = delivery.eventId === null;
    const turnedOff = await db.transaction(async (tx) => {
      await tx.insert(webhookDeliveryAttempts).values({
        deliveryId: delivery.id,
        at: now,
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        error: isDelivered ? null : outcome.error,
      });
      await tx
        .update(webhookDeliveries)
        .set({
          lockedUntil: null,
          lastStatusCode: outcome.statusCode,
          lastError: isDelivered ? null : outcome.error,
          ...(isDelivered
            ? { status: 'delivered' as const, deliveredAt: now, nextAttemptAt: null }
            : isFinal
              ? { status: 'failed' as const, nextAttemptAt: null }
              : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(delivery.attempts)) }),
          updatedAt: now,
        })
        .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));
      // A test event says whether the receiver works; it does not count towards turning the endpoint off.
      if (isTest) return false;
      if (isDelivered) {
        await tx.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(eq(webhookEndpoints.id, endpoint.id));
        return false;
      }
      const [counted] = await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
        .where(eq(webhookEndpoints.id, endpoint.id))
        .returning();
      const { webhookFailureLimit } = await getSettings(tx);
      if (!counted || !counted.isEnabled || counted.consecutiveFailures < webhookFailureLimit) return false;
      await turnOff(tx, counted, outcome.error, now);
      return true;
    });
    if (isDelivered) result.delivered += 1;
    else if (isFinal) result.failed += 1;
    else result.retrying += 1;
    if (turnedOff) result.disabled += 1;
  }
  return result;
}

/** Turns the endpoint off and tells every admin: one task for the admin role, in each admin's My day. */
async function turnOff(tx: Db, endpoint: typeof webhookEndpoints.$inferSelect, lastError: string | null, now: Date): Promise<void> {
  const reason = disabledReasonOf(endpoint.consecutiveFailures, lastError);
  await tx
    .update(webhookEndpoints)
    .set({ isEnabled: false, disabledAt: now, disabledReason: reason, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpoint.id));
  await tx.insert(tasks).values({
    title: `Outbound webhook turned off: ${endpoint.url.slice(0, 150)}`,
    guidance: `${reason} Events for it are no longer sent. Check the receiver (send a test event from Admin → Outbound webhooks), turn the endpoint on again, then retry its failed deliveries.`,
    kind: 'task',
    role: 'admin',
    dueAt: now,
    status: 'open',
    evidence: {},
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(
    tx,
    systemActor('deliver-webhooks'),
    { action: 'webhook_endpoints.disable', entity: 'webhook_endpoint', entityId: endpoint.id, changes: { reason } },
    now,
  );
}

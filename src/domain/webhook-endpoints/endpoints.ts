// Outbound webhook endpoints (docs/webhooks.md): an admin registers, edits, turns off, deletes
// them and rotates their signing secret. The secret is shown once (at creation and on a rotation);
// it is stored as it is, because HMAC needs it (as the inbound webhook secrets, decision 0014).
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type {
  CreatedWebhookEndpoint,
  CreateWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../../contract/webhook-endpoints.js';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema/index.js';
import { assertRole, recordAudit, type UseCaseContext } from '../shared/index.js';
import { PREVIOUS_SECRET_GRACE_MS, testBody } from './delivery.rules.js';
import { getWebhookDelivery } from './deliveries.js';
import { endpointRow } from './queries.js';

type Row = typeof webhookEndpoints.$inferSelect;

/** A signing secret in Standard Webhooks form: `whsec_` + base64 of 32 bytes from the CSPRNG. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function presentEndpoint(r: Row, now?: Date): WebhookEndpoint {
  const isPreviousLive = r.previousSecretExpiresAt !== null && (!now || r.previousSecretExpiresAt > now);
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.eventTypes,
    isEnabled: r.isEnabled,
    disabledReason: r.disabledReason,
    disabledAt: r.disabledAt?.toISOString() ?? null,
    consecutiveFailures: r.consecutiveFailures,
    secretPrefix: r.secret.slice(0, 'whsec_'.length + 4),
    previousSecretExpiresAt: isPreviousLive ? r.previousSecretExpiresAt!.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function createWebhookEndpoint(ctx: UseCaseContext, input: CreateWebhookEndpoint): Promise<CreatedWebhookEndpoint> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const secret = newEndpointSecret();
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        url: input.url,
        description: input.description ?? '',
        eventTypes: input.eventTypes,
        isEnabled: input.isEnabled ?? true,
        secret,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      actor,
      {
        action: 'webhook_endpoints.create',
        entity: 'webhook_endpoint',
        entityId: row!.id,
        changes: { url: row!.url, eventTypes: row!.eventTypes, isEnabled: row!.isEnabled },
      },
      now,
    );
    return { ...presentEndpoint(row!, now), secret };
  });
}

export async function listWebhookEndpoints({ db, actor, now }: UseCaseContext): Promise<{ items: WebhookEndpoint[] }> {
  assertRole(actor, 'admin');
  const rows = await db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return { items: rows.map((r) => presentEndpoint(r, now)) };
}

export async function getWebhookEndpoint({ db, actor, now }: UseCaseContext, id: string): Promise<WebhookEndpoint> {
  assertRole(actor, 'admin');
  return presentEndpoint(await endpointRow(db, id), now);
}

export interface UpdateWebhookEndpointInput {
  id: string;
  patch: UpdateWebhookEndpoint;
}

export async function updateWebhookEndpoint(ctx: UseCaseContext, { id, patch }: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const current = await endpointRow(tx, id, { forUpdate: true });
    const isTurnedOn = patch.isEnabled === true && !current.isEnabled;
    const isTurnedOff = patch.isEnabled === false && current.isEnabled;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.eventTypes !== undefined && { eventTypes: patch.eventTypes }),
        ...(patch.isEnabled !== undefined && { isEnabled: patch.isEnabled }),
        // On again: the failure count starts over. Off by a person: no reason of Rapport's.
        ...(isTurnedOn && { consecutiveFailures: 0, disabledAt: null, disabledReason: null }),
        ...(isTurnedOff && { disabledAt: now, disabledReason: null }),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    const changes: Record<string, unknown> = {};
    for (const key of ['url', 'description', 'eventTypes', 'isEnabled'] as const)
      if (patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(current[key]))
        changes[key] = { from: current[key], to: patch[key] };
    await recordAudit(tx, actor, { action: 'webhook_endpoints.update', entity: 'webhook_endpoint', entityId: id, changes }, now);
    return presentEndpoint(row!, now);
  });
}

/** Deletes the endpoint with its deliveries and their attempts. */
export async function deleteWebhookEndpoint(ctx: UseCaseContext, id: string): Promise<WebhookEndpoint> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const current = await endpointRow(tx, id, { forUpdate: true });
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await recordAudit(
      tx,
      actor,
      { action: 'webhook_endpoints.delete', entity: 'webhook_endpoint', entityId: id, changes: { url: current.url } },
      now,
    );
    return presentEndpoint(current, now);
  });
}

/**
 * A new signing secret, shown in this answer only. The previous one keeps signing beside it (a
 * second `v1,` signature) for 24 hours, so the receiver can switch without refusing a delivery.
 */
export async function rotateWebhookEndpointSecret(ctx: UseCaseContext, id: string): Promise<CreatedWebhookEndpoint> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const current = await endpointRow(tx, id, { forUpdate: true });
    const secret = newEndpointSecret();
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        secret,
        previousSecret: current.secret,
        previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'webhook_endpoints.rotate_secret', entity: 'webhook_endpoint', entityId: id }, now);
    return { ...presentEndpoint(row!, now), secret };
  });
}

/**
 * Queues a `webhook.test` delivery to the endpoint, sent by the job like any other (also to an
 * endpoint that is turned off, so a receiver can be checked before turning it on again).
 */
export async function sendWebhookTestEvent(ctx: UseCaseContext, id: string): Promise<WebhookDelivery> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await endpointRow(tx, id);
    const body = testBody(id, now);
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ endpointId: id, eventId: null, type: body.type, body: JSON.stringify(body), createdAt: now, updatedAt: now })
      .returning({ id: webhookDeliveries.id });
    await recordAudit(
      tx,
      actor,
      { action: 'webhook_endpoints.test', entity: 'webhook_endpoint', entityId: id, changes: { deliveryId: row!.id } },
      now,
    );
    return getWebhookDelivery(tx, row!.id);
  });
}

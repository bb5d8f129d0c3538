// The outbox of outbound webhooks (docs/decisions/0016): a delivery per matching endpoint is written
// in the transaction that dispatches the domain event, so an event is never lost to a crash and a
// replayed dispatch adds nothing (unique endpoint + event). Listing and retrying for admins.
import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { ListWebhookDeliveriesQuery, WebhookAttempt, WebhookDelivery } from '../../../contract/webhook-endpoints.js';
import type { Db } from '../../db/client.js';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '../../db/schema/index.js';
import { assertRole, conflict, decodeCursor, notFound, pageResult, recordAudit, type UseCaseContext } from '../shared/index.js';
import { bodyOfEvent, type OutboundEvent } from './delivery.rules.js';
import { endpointRow } from './queries.js';

/**
 * Writes a delivery of `event` to every enabled endpoint whose filter names its type; call it inside
 * the dispatch transaction. Returns how many it wrote.
 */
export async function queueWebhookDeliveries(tx: Db, event: OutboundEvent, now: Date): Promise<number> {
  const targets = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.isEnabled, true), sql`${event.type} = any(${webhookEndpoints.eventTypes})`));
  if (targets.length === 0) return 0;
  const body = JSON.stringify(bodyOfEvent(event));
  const rows = await tx
    .insert(webhookDeliveries)
    .values(targets.map((t) => ({ endpointId: t.id, eventId: event.id, type: event.type, body, createdAt: now, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}

type Row = typeof webhookDeliveries.$inferSelect;

function present(r: Row, attempts: WebhookAttempt[]): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpointId,
    eventId: r.eventId,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? (r.nextAttemptAt?.toISOString() ?? null) : null,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    payload: JSON.parse(r.body) as unknown,
    attemptLog: attempts,
  };
}

async function withAttempts(db: Db, rows: Row[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookDeliveryAttempts)
    .where(
      inArray(
        webhookDeliveryAttempts.deliveryId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(webhookDeliveryAttempts.id));
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? [];
    list.push({ at: a.at.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error });
    byDelivery.set(a.deliveryId, list);
  }
  return rows.map((r) => present(r, byDelivery.get(r.id) ?? []));
}

export async function getWebhookDelivery(db: Db, id: string): Promise<WebhookDelivery> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  // webhook_endpoints.delivery_not_found: no outbound webhook delivery has this id.
  if (!row) throw notFound('webhook_endpoints.delivery_not_found', `No webhook delivery with id ${id}.`);
  return (await withAttempts(db, [row]))[0]!;
}

export interface ListWebhookDeliveriesInput {
  endpointId: string;
  query: ListWebhookDeliveriesQuery;
}

/** An endpoint's deliveries, newest first, each with its attempts. */
export async function listWebhookDeliveries(
  { db, actor }: UseCaseContext,
  { endpointId, query }: ListWebhookDeliveriesInput,
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  assertRole(actor, 'admin');
  await endpointRow(db, endpointId);
  const where: (SQL | undefined)[] = [eq(webhookDeliveries.endpointId, endpointId)];
  if (query.status) where.push(eq(webhookDeliveries.status, query.status));
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | null;
  if (after) {
    const at = sql`cast(${after[0]} as timestamptz)`;
    where.push(or(lt(webhookDeliveries.createdAt, at), and(eq(webhookDeliveries.createdAt, at), lt(webhookDeliveries.id, after[1]))));
  }
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const page = pageResult(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { items: await withAttempts(db, page.items), nextCursor: page.nextCursor };
}

/**
 * Sends a failed delivery again (or a waiting one now instead of at its next attempt): attempts
 * start over, same webhook-id and body. The endpoint must be on (a test event excepted).
 */
export async function retryWebhookDelivery(ctx: UseCaseContext, id: string): Promise<WebhookDelivery> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).for('update');
    if (!row) throw notFound('webhook_endpoints.delivery_not_found', `No webhook delivery with id ${id}.`);
    const isWaiting = row.status === 'pending' && row.nextAttemptAt !== null;
    if (row.status !== 'failed' && !isWaiting) {
      // webhook_endpoints.not_retryable: only a failed delivery, or a pending one waiting for its next attempt, can be retried.
      throw conflict(
        'webhook_endpoints.not_retryable',
        row.status === 'delivered' ? 'This delivery arrived already.' : 'This delivery is already on its way.',
        undefined,
        { status: row.status },
      );
    }
    const endpoint = await endpointRow(tx, row.endpointId);
    if (!endpoint.isEnabled && row.eventId !== null) {
      // webhook_endpoints.disabled: the delivery's endpoint is turned off; turn it on before retrying.
      throw conflict('webhook_endpoints.disabled', 'The endpoint is turned off: turn it on again first, then retry.');
    }
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: null, lockedUntil: null, updatedAt: now })
      .where(eq(webhookDeliveries.id, id));
    await recordAudit(
      tx,
      actor,
      { action: 'webhook_endpoints.retry_delivery', entity: 'webhook_delivery', entityId: id, changes: { from: row.status } },
      now,
    );
    return getWebhookDelivery(tx, id);
  });
}

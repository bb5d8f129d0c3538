// An ERP event arriving at POST /hooks/erp: checked (signature, timestamp), applied once per
// webhook-id through the order and quote use cases, acknowledged.
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { OrderStatus } from '../../../contract/orders.js';
import type { ErpEvent, ErpEventResult } from '../../../contract/webhooks.js';
import type { Db } from '../../db/client.js';
import { accounts, orders, quotes, users, webhookReceipts } from '../../db/schema/index.js';
import { createOrder, transitionOrder, updateOrder, walkTo } from '../orders/index.js';
import { createQuote, updateQuote } from '../quotes/index.js';
import { DomainError, FieldErrors, notFound, systemActor, type Actor, type ReadContext, type UseCaseContext } from '../shared/index.js';
import { liveWebhookSecrets } from './secrets.js';
import { verifyWebhookSignature } from './signature.js';

/** Receipts are kept this long: a replay within it is recognised (Standard Webhooks suggests ≥ the timestamp window). */
export const RECEIPT_KEEP_DAYS = 7;

const REASONS = {
  missing_headers: 'The webhook-id, webhook-timestamp and webhook-signature headers are required.',
  bad_timestamp: 'webhook-timestamp must be Unix seconds.',
  stale_timestamp: 'webhook-timestamp is more than 5 minutes from now: refused as a possible replay.',
  bad_signature: 'No webhook-signature matches a live secret: the body, id or timestamp was changed, or the secret is wrong.',
} as const;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export interface VerifyErpWebhookInput {
  headers: WebhookHeaders;
  /** The body exactly as sent. */
  body: Buffer;
}

/** Throws 401 unless one signature matches a live secret and the timestamp is fresh. */
export async function verifyErpWebhook({ db, now }: ReadContext, { headers, body }: VerifyErpWebhookInput): Promise<void> {
  const check = verifyWebhookSignature({ ...headers, body, secrets: await liveWebhookSecrets(db, now), now });
  if (check.ok) return;
  // webhooks.bad_signature / webhooks.stale_timestamp / webhooks.missing_headers / webhooks.bad_timestamp: the event is not proven to come from the ERP now.
  throw new DomainError({ code: `webhooks.${check.reason}`, category: 'unauthenticated', detail: REASONS[check.reason] });
}

/** Who applies an ERP event (the route's context carries it). */
export const erpWebhookActor = (): Actor => ({ ...systemActor('ERP webhook'), kind: 'system' });

async function accountIdOf(tx: Db, ref: string): Promise<string> {
  const [row] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.externalRef, ref), ne(accounts.kind, 'supplier')));
  // webhooks.unknown_account: accountRef names no customer or prospect account.
  if (!row)
    throw new DomainError({
      code: 'webhooks.unknown_account',
      category: 'unprocessable',
      detail: `No customer account has the external reference ${ref}.`,
      errors: [{ path: 'data.accountRef', message: 'is not a known account' }],
    });
  return row.id;
}

async function userIdsOf(tx: Db, refs: Record<string, string | null | undefined>): Promise<Record<string, string | null | undefined>> {
  const out: Record<string, string | null | undefined> = {};
  const errors = new FieldErrors();
  for (const [field, ref] of Object.entries(refs)) {
    if (ref === undefined || ref === null) {
      out[field] = ref;
      continue;
    }
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.externalRef, ref));
    if (!u) errors.add(`data.${field}`, `is not the external reference of a user: ${ref}`);
    out[field] = u?.id;
  }
  // webhooks.unknown_user: a repRef or csrRef names no user.
  errors.throwIfAny('webhooks.unknown_user');
  return out;
}

async function orderOf(tx: Db, number: string): Promise<{ id: string; status: OrderStatus }> {
  const [row] = await tx.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.number, number));
  // webhooks.unknown_order: the event names an order number Rapport does not have.
  if (!row) throw notFound('webhooks.unknown_order', `No order has the number ${number}.`);
  return row;
}

async function quoteIdOf(tx: Db, number: string): Promise<string> {
  const [row] = await tx.select({ id: quotes.id }).from(quotes).where(eq(quotes.number, number));
  // webhooks.unknown_quote: the event names a quote number Rapport does not have.
  if (!row) throw notFound('webhooks.unknown_quote', `No quote has the number ${number}.`);
  return row.id;
}

/**
 * Moves an order to `to`. The ERP reports facts: when `to` lies further along the path than the
 * next step (received → shipped), the order walks each step in between at the same time, each
 * through transitionOrder (so playbook gates still apply).
 */
async function moveOrder(
  ctx: UseCaseContext,
  number: string,
  to: OrderStatus,
  extra: { at?: string | undefined; note?: string | undefined; carrier?: string | undefined; trackingNumber?: string | undefined },
) {
  const order = await orderOf(ctx.db, number);
  if (order.status === to) return order.id;
  // A refused move is still tried as one step, so transitionOrder answers with its own 409.
  const walk = walkTo(order.status, to);
  const steps = walk.ok ? walk.steps : [to];
  for (const step of steps) {
    const isLast = step === to;
    await transitionOrder(ctx, {
      id: order.id,
      source: 'webhook',
      transition: {
        to: step,
        ...(extra.at !== undefined && { at: extra.at }),
        ...(isLast && extra.note !== undefined && { note: extra.note }),
        ...(step === 'shipped' && extra.carrier !== undefined && { carrier: extra.carrier }),
        ...(step === 'shipped' && extra.trackingNumber !== undefined && { trackingNumber: extra.trackingNumber }),
      },
    });
  }
  return order.id;
}

/** Applies the event through the order and quote use cases, in the receipt's transaction (ctx.db). */
async function apply(ctx: UseCaseContext, event: ErpEvent): Promise<ErpEventResult['subject']> {
  const tx = ctx.db;
  switch (event.type) {
    case 'order.created': {
      const { accountRef, repRef, csrRef, ...rest } = event.data;
      const ids = await userIdsOf(tx, { repRef, csrRef });
      const o = await createOrder(ctx, {
        ...rest,
        accountId: await accountIdOf(tx, accountRef),
        repId: ids['repRef'],
        csrId: ids['csrRef'],
        source: 'webhook',
      });
      return { kind: 'order', id: o.id, number: o.number };
    }
    case 'order.updated': {
      const { number, repRef, csrRef, ...rest } = event.data;
      const ids = await userIdsOf(tx, { repRef, csrRef });
      const { id } = await orderOf(tx, number);
      await updateOrder(ctx, {
        id,
        patch: { ...rest, ...(repRef !== undefined && { repId: ids['repRef'] }), ...(csrRef !== undefined && { csrId: ids['csrRef'] }) },
      });
      return { kind: 'order', id, number };
    }
    case 'order.status_changed':
      return {
        kind: 'order',
        id: await moveOrder(ctx, event.data.number, event.data.status, event.data),
        number: event.data.number,
      };
    case 'order.shipped':
      return { kind: 'order', id: await moveOrder(ctx, event.data.number, 'shipped', event.data), number: event.data.number };
    case 'order.delivered':
      return { kind: 'order', id: await moveOrder(ctx, event.data.number, 'delivered', event.data), number: event.data.number };
    case 'quote.created': {
      const { accountRef, repRef, ...rest } = event.data;
      const ids = await userIdsOf(tx, { repRef });
      const q = await createQuote(ctx, { ...rest, accountId: await accountIdOf(tx, accountRef), repId: ids['repRef'], source: 'webhook' });
      return { kind: 'quote', id: q.id, number: q.number };
    }
    case 'quote.updated': {
      const { number, repRef, ...rest } = event.data;
      const ids = await userIdsOf(tx, { repRef });
      const id = await quoteIdOf(tx, number);
      await updateQuote(ctx, { id, patch: { ...rest, ...(repRef !== undefined && { repId: ids['repRef'] }) } });
      return { kind: 'quote', id, number };
    }
    case 'quote.status_changed': {
      const { number, ...rest } = event.data;
      const id = await quoteIdOf(tx, number);
      await updateQuote(ctx, { id, patch: rest });
      return { kind: 'quote', id, number };
    }
  }
}

/**
 * Applies a verified event once per webhook-id. The receipt and the effect commit together: a
 * failed effect leaves no receipt, so the ERP's retry is applied; a replay finds the receipt and
 * is acknowledged without a second effect.
 */
export interface ReceiveErpEventInput {
  /** The webhook-id header: the event's idempotency key. */
  webhookId: string;
  event: ErpEvent;
}

export async function receiveErpEvent(ctx: UseCaseContext, { webhookId, event }: ReceiveErpEventInput): Promise<ErpEventResult> {
  const { now } = ctx;
  return ctx.db.transaction(async (tx) => {
    await tx.delete(webhookReceipts).where(lt(webhookReceipts.receivedAt, new Date(now.getTime() - RECEIPT_KEEP_DAYS * 86_400_000)));
    const [fresh] = await tx
      .insert(webhookReceipts)
      .values({ webhookId, eventType: event.type, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: webhookReceipts.webhookId });
    if (!fresh) {
      const [prior] = await tx
        .select({ result: webhookReceipts.result })
        .from(webhookReceipts)
        .where(eq(webhookReceipts.webhookId, webhookId));
      const subject =
        (prior?.result as { subject?: { kind: 'order' | 'quote'; id: string; number: string } } | null | undefined)?.subject ?? null;
      return { received: true, isDuplicate: true, type: event.type, subject };
    }
    const subject = await apply({ ...ctx, db: tx }, event);
    await tx
      .update(webhookReceipts)
      .set({ result: sql`${JSON.stringify({ subject })}::jsonb` })
      .where(eq(webhookReceipts.webhookId, webhookId));
    return { received: true, isDuplicate: false, type: event.type, subject };
  });
}

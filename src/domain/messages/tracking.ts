// Shipped: tracking goes to the customer (P1.10). When an order is shipped with a carrier and a
// tracking number — at the move to shipped, or when the number is added afterwards — the essential
// tracking message is queued, once per order, to the account's mail contact, in that transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orders } from '../../db/schema/index.js';
import type { UseCaseContext } from '../shared/index.js';
import { queueMessage, type QueuedMessage } from './queue-message.js';
import { mailContactOf } from './variables.js';

const SHIPPED = new Set(['shipped', 'delivered', 'closed']);

export type TrackingOutcome = { queued: QueuedMessage } | { queued: null; reason: string };

/** Why no tracking message can go out for this order yet, or null when one can. */
export async function trackingBlocker(db: Db, order: typeof orders.$inferSelect): Promise<string | null> {
  if (!SHIPPED.has(order.status)) return `Order ${order.number} has not shipped yet.`;
  if (!order.carrier?.trim() || !order.trackingNumber?.trim())
    return `Order ${order.number} shipped without ${!order.carrier?.trim() ? 'a carrier' : 'a tracking number'}: add it to the order and the tracking message goes out by itself.`;
  if (!(await mailContactOf(db, order.accountId)))
    return 'The account has no contact with an email address: add one (the primary contact gets it) and save the order again.';
  return null;
}

/**
 * Queues the order's tracking message when it can go (shipped, carrier and number, a contact with
 * an address); once per order (idempotency key `tracking:<order id>`). Call it in the transaction
 * that shipped the order or set its tracking number.
 */
export async function queueTrackingMessage(ctx: UseCaseContext, orderId: string): Promise<TrackingOutcome> {
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return { queued: null, reason: `No order ${orderId}.` };
  const blocker = await trackingBlocker(ctx.db, order);
  if (blocker) return { queued: null, reason: blocker };
  const contact = (await mailContactOf(ctx.db, order.accountId))!;
  const queued = await queueMessage(ctx, {
    accountId: order.accountId,
    orderId: order.id,
    contactId: contact.id,
    template: 'tracking',
    idempotencyKey: `tracking:${order.id}`,
  });
  return { queued };
}

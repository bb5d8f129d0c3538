import { eq } from 'drizzle-orm';
import { OrderEntity, type OrderDetail, type UpdateOrder } from '../../../contract/orders.js';
import { orderEvents, orders } from '../../db/schema/index.js';
import { recordLateRisk } from '../sweep/index.js';
import { sendTrackingInTransaction } from './tracking.js';
import { columnPatch, customFields, diff, FieldErrors, formatMoney, recordAudit, type UseCaseContext } from '../shared/index.js';
import { lockOrder } from './load-order.js';
import { checkDateField, parseMoneyField } from './order-input.js';
import { getOrderDetail } from './queries.js';
import { checkUsersExist } from './references.js';

// Converted here, not copied: the amount in minor units of the order's currency.
customFields(OrderEntity, 'update', ['amount']);

export interface UpdateOrderInput {
  id: string;
  patch: UpdateOrder;
}

/**
 * Changes an order's fields. Every PATCH that changes something writes one order_events row of
 * kind 'updated' whose `changes` names each changed field as {from, to} (amounts as decimal
 * strings). Status moves go through transitionOrder, never here.
 */
export async function updateOrder(ctx: UseCaseContext, { id, patch: input }: UpdateOrderInput): Promise<OrderDetail> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const current = await lockOrder(tx, id);
    const errors = new FieldErrors();
    const amount = input.amount === undefined ? undefined : parseMoneyField(input.amount, current.currency, 'amount', errors);
    checkDateField(input.promisedDate, 'promisedDate', errors);
    checkDateField(input.expectedShipDate, 'expectedShipDate', errors);
    await checkUsersExist(tx, { repId: input.repId, csrId: input.csrId }, errors);
    // orders.invalid: a changed field is wrong (each named in errors[]).
    errors.throwIfAny('orders.invalid');

    const patch = { ...columnPatch(OrderEntity, input), ...(amount !== undefined && { amount }) };
    const changes = diff(current, patch);
    if (changes['amount']) {
      changes['amount'] = { from: formatMoney(current.amount, current.currency), to: formatMoney(amount!, current.currency) };
    }
    if (Object.keys(changes).length > 0) {
      await tx
        .update(orders)
        .set({ ...patch, updatedAt: now })
        .where(eq(orders.id, id));
      await tx
        .insert(orderEvents)
        .values({ orderId: id, accountId: current.accountId, kind: 'updated', changes, actorId: actor.userId, at: now });
      await recordAudit(tx, actor, { action: 'orders.update', entity: 'order', entityId: id, changes }, now);
      // A shipped order that gets its carrier or tracking number: the tracking message goes now.
      const isShipped = current.status === 'shipped' || current.status === 'delivered' || current.status === 'closed';
      if (isShipped && (changes['carrier'] || changes['trackingNumber'])) await sendTrackingInTransaction({ ...ctx, db: tx }, id);
      // P2.1: a new date that puts the order at late risk is known now, not at tomorrow's sweep.
      if (changes['promisedDate'] || changes['expectedShipDate']) await recordLateRisk({ db: tx, now }, { orderIds: [id] });
    }
    return getOrderDetail({ db: tx, now }, id);
  });
}

import { eq } from 'drizzle-orm';
import type { OrderDetail, OrderLineInput } from '../../../contract/orders.js';
import { orderEvents, orderLines, orders } from '../../db/schema/index.js';
import { FieldErrors, formatMoney, recordAudit, type UseCaseContext } from '../shared/index.js';
import { lockOrder } from './load-order.js';
import { parseLine } from './order-input.js';
import { isAmountDerivedFromLines } from './order.rules.js';
import { getOrderDetail } from './queries.js';

export interface AddOrderLineInput {
  orderId: string;
  line: OrderLineInput;
}

/**
 * Appends a line to an order. The order's amount follows only when it was derived from its lines
 * (it equals their sum before this line, see isAmountDerivedFromLines); an amount set by hand stays.
 * One 'line_added' event with the line and, when it moved, the amount as {from, to}.
 */
export async function addOrderLine(ctx: UseCaseContext, { orderId, line }: AddOrderLineInput): Promise<OrderDetail> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const errors = new FieldErrors();
    const parsed = parseLine(line, order.currency, 'line', errors);
    // orders.invalid: a field of the new line is wrong (each named in errors[]).
    errors.throwIfAny('orders.invalid');
    const existing = await tx
      .select({ lineAmount: orderLines.lineAmount, position: orderLines.position })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId));
    const position = existing.reduce((m, l) => Math.max(m, l.position), 0) + 1;
    const [row] = await tx
      .insert(orderLines)
      .values({ ...parsed!, orderId, position })
      .returning();
    const followsLines = isAmountDerivedFromLines(order.amount, existing);
    const amount = followsLines ? order.amount + parsed!.lineAmount : order.amount;
    await tx
      .update(orders)
      .set({ ...(followsLines && { amount }), updatedAt: now })
      .where(eq(orders.id, orderId));
    const changes = {
      line: {
        from: null,
        to: {
          position,
          sku: row!.sku,
          quantity: parsed!.quantity,
          unitPrice: formatMoney(parsed!.unitPrice, order.currency),
          lineAmount: formatMoney(parsed!.lineAmount, order.currency),
        },
      },
      ...(amount !== order.amount && {
        amount: { from: formatMoney(order.amount, order.currency), to: formatMoney(amount, order.currency) },
      }),
    };
    await tx
      .insert(orderEvents)
      .values({ orderId, accountId: order.accountId, kind: 'line_added', changes, actorId: actor.userId, at: now });
    await recordAudit(tx, actor, { action: 'orders.add_line', entity: 'order', entityId: orderId, changes }, now);
    return getOrderDetail({ db: tx, now }, orderId);
  });
}

import { eq } from 'drizzle-orm';
import type { OrderDetail, TransitionOrder } from '../../../contract/orders.js';
import { accounts, orderEvents, orders } from '../../db/schema/index.js';
import { recordEvent, type EventSource } from '../events/index.js';
import { describeGates, findBlockingGates } from '../playbooks/index.js';
import { getSettings } from '../settings/index.js';
import { conflict, FieldErrors, forbidden, hasRole, recordAudit, type UseCaseContext } from '../shared/index.js';
import { checkTransition } from './lifecycle.rules.js';
import { lockOrder } from './load-order.js';
import { parseTimestampField } from './order-input.js';
import { sendTrackingInTransaction } from './tracking.js';
import { getOrderDetail } from './queries.js';

export interface TransitionOrderInput {
  id: string;
  transition: TransitionOrder;
  /** Where the move came from; recorded on its events (default api). */
  source?: EventSource;
}

/**
 * Moves an order along its lifecycle (lifecycle.rules.ts). `shipped` sets shipped_at (`at` or now)
 * and carrier / tracking number when given; `delivered` sets delivered_at. One status_changed event.
 * Account order statistics do not change: a cancelled order still counts (docs/domain.md §4).
 */
export async function transitionOrder(
  ctx: UseCaseContext,
  { id, transition: input, source = 'api' }: TransitionOrderInput,
): Promise<OrderDetail> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const current = await lockOrder(tx, id);
    const from = current.status;
    const check = checkTransition(from, input.to);
    if (!check.ok) {
      const allowed = check.allowed.length > 0 ? check.allowed.join(', ') : 'none — the order is finished';
      // orders.bad_transition: the lifecycle does not allow this move; meta lists the allowed ones.
      throw conflict(
        'orders.bad_transition',
        `An order cannot move from ${from} to ${input.to}. Allowed next: ${allowed}.`,
        [{ path: 'to', message: `must be one of: ${allowed}` }],
        { from, to: input.to, allowed: check.allowed },
      );
    }
    const [account] = await tx.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, current.accountId));
    const zone = account?.timezone ?? (await getSettings(tx)).timezone;
    const errors = new FieldErrors();
    const at = parseTimestampField(input.at, zone, 'at', errors) ?? now;
    if (input.to !== 'shipped') {
      if (input.carrier !== undefined) errors.add('carrier', 'is set only when the order moves to shipped');
      if (input.trackingNumber !== undefined) errors.add('trackingNumber', 'is set only when the order moves to shipped');
    }
    if (input.to === 'delivered' && current.shippedAt && at < current.shippedAt)
      errors.add('at', `is before the order shipped (${current.shippedAt.toISOString()})`);
    // orders.invalid: the transition's time or shipping fields are wrong.
    errors.throwIfAny('orders.invalid');

    // Playbook gates (docs/domain.md §3): open gated steps block a move to or past their status.
    const gates = await findBlockingGates(tx, id, input.to);
    if (gates.length > 0 && !input.overrideGates) {
      // orders.gate_open: a playbook step gating this status is not done; detail names it and what is missing.
      throw conflict(
        'orders.gate_open',
        `Order ${current.number} cannot move to ${input.to}: ${describeGates(gates)}.`,
        gates.map((g) => ({ path: `gates.${g.taskId}`, message: `${g.title}: ${g.missing}` })),
        { gates },
      );
    }
    if (gates.length > 0 && input.overrideGates) {
      // orders.gate_override_forbidden: only an admin may move an order past an open gate.
      if (!hasRole(actor, 'admin')) throw forbidden('orders.gate_override_forbidden', 'Only an admin may override a gate.');
      const overridden = gates.map((g) => ({ taskId: g.taskId, title: g.title, gateStatus: g.gateStatus, missing: g.missing }));
      await tx.insert(orderEvents).values({
        orderId: id,
        accountId: current.accountId,
        kind: 'gate_override',
        fromStatus: from,
        toStatus: input.to,
        changes: { gates: { from: overridden, to: null } },
        note: input.overrideGates.reason,
        actorId: actor.userId,
        at: now,
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'orders.gate_override',
          entity: 'order',
          entityId: id,
          changes: { to: input.to, reason: input.overrideGates.reason, gates: overridden },
        },
        now,
      );
    }

    const patch = {
      status: input.to,
      ...(input.to === 'shipped' && { shippedAt: at }),
      ...(input.to === 'shipped' && input.carrier !== undefined && { carrier: input.carrier }),
      ...(input.to === 'shipped' && input.trackingNumber !== undefined && { trackingNumber: input.trackingNumber }),
      ...(input.to === 'delivered' && { deliveredAt: at }),
    };
    await tx
      .update(orders)
      .set({ ...patch, updatedAt: now })
      .where(eq(orders.id, id));
    await tx.insert(orderEvents).values({
      orderId: id,
      accountId: current.accountId,
      kind: 'status_changed',
      fromStatus: from,
      toStatus: input.to,
      note: input.note ?? null,
      actorId: actor.userId,
      at,
    });
    const [stats] = await tx.select({ firstOrderId: accounts.firstOrderId }).from(accounts).where(eq(accounts.id, current.accountId));
    const payload = {
      orderId: id,
      number: current.number,
      accountId: current.accountId,
      isFirstOrder: stats?.firstOrderId === id,
      from,
      to: input.to,
    };
    const event = { subjectType: 'order' as const, subjectId: id, accountId: current.accountId, occurredAt: at, source, payload };
    await recordEvent(tx, { ...event, type: 'order.status_changed' });
    if (input.to === 'shipped') {
      await recordEvent(tx, { ...event, type: 'order.shipped' });
      // P1.10: the customer gets the tracking message, written with the move that caused it.
      await sendTrackingInTransaction({ ...ctx, db: tx }, id);
    }
    if (input.to === 'delivered') await recordEvent(tx, { ...event, type: 'order.delivered' });
    await recordAudit(
      tx,
      actor,
      { action: 'orders.transition', entity: 'order', entityId: id, changes: { status: { from, to: input.to }, note: input.note } },
      now,
    );
    return getOrderDetail({ db: tx, now }, id);
  });
}

import { OrderEntity, OrderLineEntity, type Order, type OrderEvent, type OrderLine } from '../../../contract/orders.js';
import type { orderEvents, orderLines, orders } from '../../db/schema/index.js';
import { columnsOf, dateIn, formatMoney, readChanges } from '../shared/index.js';
import { nextStatuses } from './lifecycle.rules.js';
import { isAudition, isLate } from './order.rules.js';

export type OrderRow = typeof orders.$inferSelect;

/** An order row with what its presentation needs from the account and the staff. */
export interface OrderListRow {
  order: OrderRow;
  accountName: string;
  accountTimezone: string | null;
  firstOrderId: string | null;
  potentialAnnualSpend: number | null;
  acquisitionCost: number | null;
  accountCurrency: string;
  repName: string | null;
  csrName: string | null;
}

/** What every order presentation needs besides the row: the org settings and "now". */
export interface PresentContext {
  orgTimezone: string;
  auditionMinSpend: number;
  now: Date;
}

export function presentOrder(r: OrderListRow, c: PresentContext): Order {
  const o = r.order;
  const status = o.status;
  const isFirstOrder = r.firstOrderId === o.id;
  const today = dateIn(c.now, r.accountTimezone ?? c.orgTimezone);
  return {
    ...columnsOf(OrderEntity, o),
    accountName: r.accountName,
    placedAt: o.placedAt.toISOString(),
    amount: formatMoney(o.amount, o.currency),
    currency: o.currency,
    status,
    rep: o.repId ? { id: o.repId, name: r.repName ?? '' } : null,
    csr: o.csrId ? { id: o.csrId, name: r.csrName ?? '' } : null,
    isFirstOrder,
    isAudition: isAudition(isFirstOrder, r.potentialAnnualSpend, c.auditionMinSpend),
    isLate: isLate(status, o.promisedDate, today),
    nextStatuses: nextStatuses(status),
  };
}

export function presentLine(l: typeof orderLines.$inferSelect, currency: string): OrderLine {
  return {
    ...columnsOf(OrderLineEntity, l),
    quantity: Number(l.quantity),
    unitPrice: formatMoney(l.unitPrice, currency),
    lineAmount: formatMoney(l.lineAmount, currency),
  };
}

export function presentEvent(e: typeof orderEvents.$inferSelect, actorName: string | null): OrderEvent {
  return {
    id: String(e.id),
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    changes: readChanges(e.changes),
    note: e.note,
    actor: e.actorId ? { id: e.actorId, name: actorName ?? '' } : null,
    at: e.at.toISOString(),
  };
}

/** Who imported an order, from which file (the import record it remembers). */
export interface ImportedBy {
  userId: string | null;
  name: string | null;
  fileName: string;
}

/**
 * An imported order's own history as one event (decision 0007): placed at its placed time, by
 * whoever imported it, with its shipped and delivered times; later changes are real order events.
 */
export function importedEvent(o: typeof orders.$inferSelect, by: ImportedBy): OrderEvent {
  const changes: NonNullable<OrderEvent['changes']> = {};
  if (o.shippedAt) changes['shippedAt'] = { from: null, to: o.shippedAt.toISOString() };
  if (o.deliveredAt) changes['deliveredAt'] = { from: null, to: o.deliveredAt.toISOString() };
  return {
    id: `i:${o.id}`,
    kind: 'imported',
    fromStatus: null,
    toStatus: null,
    changes: Object.keys(changes).length > 0 ? changes : null,
    note: `From ${by.fileName}`,
    actor: by.userId ? { id: by.userId, name: by.name ?? '' } : null,
    at: o.placedAt.toISOString(),
  };
}

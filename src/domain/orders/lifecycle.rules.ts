// The order lifecycle (docs/domain.md §2) as data: which status may follow which. Pure: no db, no clock.
import type { OrderStatus } from '../../../contract/orders.js';

/** The forward path; `cancelled` stands outside it. */
export const ORDER_PATH: readonly OrderStatus[] = [
  'received',
  'data_review',
  'in_production',
  'inspection',
  'ready_to_ship',
  'shipped',
  'delivered',
  'closed',
];

/** Statuses between which work may go back one step (rework), e.g. inspection → in_production. */
const REWORK_RANGE: readonly OrderStatus[] = ['data_review', 'in_production', 'inspection', 'ready_to_ship'];

/** An order may be cancelled until it has shipped. */
const CANCELLABLE: ReadonlySet<OrderStatus> = new Set(ORDER_PATH.slice(0, ORDER_PATH.indexOf('shipped')));

/** Shipped, delivered, closed and cancelled orders are no longer open (they cannot be late). */
export const CLOSED_STATUSES: readonly OrderStatus[] = ['shipped', 'delivered', 'closed', 'cancelled'];

/** The statuses an order in `from` may move to: the next step, one step back (rework), cancelled. */
export function nextStatuses(from: OrderStatus): OrderStatus[] {
  const out: OrderStatus[] = [];
  const i = ORDER_PATH.indexOf(from);
  if (i >= 0 && i + 1 < ORDER_PATH.length) out.push(ORDER_PATH[i + 1]!);
  const r = REWORK_RANGE.indexOf(from);
  if (r > 0) out.push(REWORK_RANGE[r - 1]!);
  if (CANCELLABLE.has(from)) out.push('cancelled');
  return out;
}

export type TransitionCheck = { ok: true } | { ok: false; allowed: OrderStatus[] };

export function checkTransition(from: OrderStatus, to: OrderStatus): TransitionCheck {
  const allowed = nextStatuses(from);
  return allowed.includes(to) ? { ok: true } : { ok: false, allowed };
}

/**
 * A move reported as a fact (the ERP's webhook, an import): forward along the path the order
 * walks every step in between, each a transition of its own; any other move is one lifecycle
 * step. Returns the statuses walked, in order, or the allowed next ones when it is refused.
 */
export function walkTo(from: OrderStatus, to: OrderStatus): { ok: true; steps: OrderStatus[] } | { ok: false; allowed: OrderStatus[] } {
  const i = ORDER_PATH.indexOf(from);
  const j = ORDER_PATH.indexOf(to);
  if (i >= 0 && j > i) return { ok: true, steps: ORDER_PATH.slice(i + 1, j + 1) };
  const check = checkTransition(from, to);
  return check.ok ? { ok: true, steps: [to] } : check;
}

const LABELS: Record<OrderStatus, string> = {
  received: 'Received',
  data_review: 'Data review',
  in_production: 'In production',
  inspection: 'Inspection',
  ready_to_ship: 'Ready to ship',
  shipped: 'Shipped',
  delivered: 'Delivered',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** "in_production" → "In production". */
export function statusLabel(status: OrderStatus): string {
  return LABELS[status];
}

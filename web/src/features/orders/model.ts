// Pure helpers for the order screens: the lifecycle as the stepper shows it, line maths.
import { ORDER_CATEGORIES, OrderEntity, type OrderCategory, type OrderStatus } from '../../../../contract/orders';
import { labelsOf } from '../../lib/entity-form';

export const LIFECYCLE: readonly OrderStatus[] = [
  'received',
  'data_review',
  'in_production',
  'inspection',
  'ready_to_ship',
  'shipped',
  'delivered',
  'closed',
];

/** Money strings to integer cents and back, so sums never drift (1.10 + 2.20 = 3.30). */
export function toCents(s: string): number | null {
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(s.trim());
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
export function fromCents(c: number): string {
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** quantity × unit price, rounded half up to cents; null when either is not a number yet. */
export function lineTotal(quantity: number | string, unitPrice: string): string | null {
  const q = typeof quantity === 'number' ? quantity : Number(quantity);
  const cents = toCents(unitPrice);
  if (!Number.isFinite(q) || quantity === '' || cents === null) return null;
  return fromCents(Math.round(q * cents));
}

export function linesSum(lines: { quantity: number | string; unitPrice: string }[]): string | null {
  let sum = 0;
  let any = false;
  for (const l of lines) {
    const t = lineTotal(l.quantity, l.unitPrice);
    if (t === null) continue;
    sum += toCents(t)!;
    any = true;
  }
  return any ? fromCents(sum) : null;
}

/** A timestamp's date in the viewer's timezone, YYYY-MM-DD, for <input type="date">. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** What people call an order's fields (a change in its history), from the declaration. */
export const FIELD_LABELS: Record<string, string> = labelsOf(OrderEntity);

/** What an order sold, in people's words. */
export const ORDER_CATEGORY_LABELS: Record<OrderCategory, string> = {
  product: 'Product',
  service_contract: 'Service contract',
  parts_consumables: 'Parts & consumables',
  repair: 'Repair',
};
export const ORDER_CATEGORY_OPTIONS = ORDER_CATEGORIES.map((value) => ({ value, label: ORDER_CATEGORY_LABELS[value] }));

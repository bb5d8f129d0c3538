// What a generated demo contains, counted the way docs/domain.md §4 defines the figures. Pure.
import { DateTime } from 'luxon';
import { CLOSED_STATUSES } from '../orders/index.js';
import type { OrderStatus } from '../../../contract/orders.js';
import type { DemoData } from './types.js';

export interface DemoSummary {
  staff: number;
  customers: number;
  prospects: number;
  suppliers: number;
  contacts: number;
  hotButtons: number;
  orders: number;
  openOrders: number;
  /** Open and past the promised date. */
  lateOrders: number;
  shippedLate: number;
  firstOrdersInProgress: number;
  auditionsInProgress: number;
  /** Customers whose last order is more than `neglectDays` before today. */
  neglectedCustomers: number;
  quotes: Record<'open' | 'won' | 'lost' | 'expired', number>;
  activities: number;
}

export function summarizeDemo(data: DemoData, input: { auditionMinSpend: number; neglectDays: number }): DemoSummary {
  // en-CA formats as YYYY-MM-DD; one formatter is much faster than Luxon per call for ~10k dates.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: data.settings.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateIn = (at: Date) => format.format(at);
  const isOpen = (s: OrderStatus) => !CLOSED_STATUSES.includes(s);
  const accounts = new Map(data.accounts.map((a) => [a.id, a]));
  const firstByAccount = new Map<string, DemoData['orders'][number]>();
  const lastByAccount = new Map<string, Date>();
  for (const o of data.orders) {
    const f = firstByAccount.get(o.accountId);
    if (!f || o.placedAt < f.placedAt || (o.placedAt.getTime() === f.placedAt.getTime() && o.number < f.number))
      firstByAccount.set(o.accountId, o);
    const l = lastByAccount.get(o.accountId);
    if (!l || o.placedAt > l) lastByAccount.set(o.accountId, o.placedAt);
  }
  const firstOpen = [...firstByAccount.values()].filter((o) => isOpen(o.status ?? 'received'));
  const neglectBefore = DateTime.fromISO(data.today).minus({ days: input.neglectDays }).toISODate()!;
  const quotes = { open: 0, won: 0, lost: 0, expired: 0 };
  for (const q of data.quotes) quotes[q.status ?? 'open'] += 1;
  return {
    staff: data.users.length,
    customers: data.accounts.filter((a) => a.kind === 'customer').length,
    prospects: data.accounts.filter((a) => a.kind === 'prospect').length,
    suppliers: data.accounts.filter((a) => a.kind === 'supplier').length,
    contacts: data.contacts.length,
    hotButtons: data.hotButtons.length,
    orders: data.orders.length,
    openOrders: data.orders.filter((o) => isOpen(o.status ?? 'received')).length,
    lateOrders: data.orders.filter((o) => isOpen(o.status ?? 'received') && o.promisedDate! < data.today).length,
    shippedLate: data.orders.filter((o) => o.shippedAt && dateIn(o.shippedAt) > o.promisedDate!).length,
    firstOrdersInProgress: firstOpen.length,
    auditionsInProgress: firstOpen.filter((o) => (accounts.get(o.accountId)?.potentialAnnualSpend ?? 0) >= input.auditionMinSpend).length,
    neglectedCustomers: [...lastByAccount].filter(([id, last]) => accounts.get(id)?.kind === 'customer' && dateIn(last) < neglectBefore)
      .length,
    quotes,
    activities: data.activities.length,
  };
}

import { Faker, en } from '@faker-js/faker';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../contract/common.js';
import type { OrderStatus } from '../../../contract/orders.js';
import { checkTransition } from '../orders/index.js';
import { DEMO_SEED, generateDemo } from './generate-demo.js';
import { summarizeDemo } from './summarize-demo.js';
import type { DemoData } from './types.js';

const TODAY = '2026-11-23'; // a Monday
const MONTH_AGO = '2026-10-24';
const AUDITION_MIN = 5_000_000; // the settings default: 50,000.00 USD
const make = (today = TODAY) =>
  generateDemo({ faker: new Faker({ locale: [en] }), seed: DEMO_SEED, today, auditionMinSpend: AUDITION_MIN });
const chicagoDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
/** Today 07:00 in Chicago (UTC−6 in November): nothing in the demo happens later. */
const CUTOFF = new Date('2026-11-23T13:00:00Z');

let data: DemoData;
beforeAll(() => {
  data = make();
}, 60_000);

describe('generateDemo', () => {
  it('gives identical rows for the same seed and day, and a history ending on the new day for another', () => {
    expect(make()).toEqual(data);
    const later = make('2026-11-24');
    expect(
      later.orders
        .map((o) => chicagoDate(o.placedAt))
        .sort()
        .at(-1),
    ).toBe('2026-11-24');
  }, 120_000);

  it('staffs every role but admin, with emails on a reserved domain and no passwords', () => {
    const roles = new Set(data.users.flatMap((u) => u.roles ?? []));
    expect([...roles].sort()).toEqual(ROLES.filter((r) => r !== 'admin').sort());
    expect(data.users.length).toBeGreaterThanOrEqual(24);
    expect(data.users.every((u) => u.passwordHash === null && /@[a-z-]+\.example$/.test(u.email!))).toBe(true);
    expect(new Set(data.users.map((u) => u.email)).size).toBe(data.users.length);
  });

  it('makes 500 customers, prospects and suppliers, each customer with a sales rep, a CSR and one primary contact', () => {
    const s = summarizeDemo(data, { auditionMinSpend: AUDITION_MIN, neglectDays: 180 });
    expect({ customers: s.customers, prospects: s.prospects, suppliers: s.suppliers }).toEqual({
      customers: 500,
      prospects: 40,
      suppliers: 30,
    });
    expect(new Set(data.accounts.map((a) => a.name)).size).toBe(data.accounts.length);
    const problems: string[] = [];
    for (const a of data.accounts.filter((x) => x.kind === 'customer')) {
      const team = data.accountTeam.filter((m) => m.accountId === a.id).map((m) => m.role);
      if (!team.includes('sales') || !team.includes('csr')) problems.push(`${a.name}: team ${team.join(', ')}`);
      const contacts = data.contacts.filter((c) => c.accountId === a.id);
      if (contacts.length < 1 || contacts.length > 3 || contacts.filter((c) => c.isPrimary).length !== 1)
        problems.push(`${a.name}: ${contacts.length} contacts`);
    }
    expect(problems).toEqual([]);
    const withHotButtons = new Set(data.hotButtons.map((h) => h.accountId));
    expect(data.accounts.filter((a) => a.kind === 'customer' && withHotButtons.has(a.id)).length).toBeGreaterThan(350);
  });

  it('has late orders, first orders in progress including paid auditions, neglected customers and shipped-late history', () => {
    const s = summarizeDemo(data, { auditionMinSpend: AUDITION_MIN, neglectDays: 180 });
    expect(s.lateOrders).toBeGreaterThanOrEqual(2);
    expect(s.firstOrdersInProgress).toBeGreaterThanOrEqual(15);
    expect(s.auditionsInProgress).toBeGreaterThanOrEqual(5);
    expect(s.auditionsInProgress).toBeLessThan(s.firstOrdersInProgress);
    expect(s.neglectedCustomers).toBeGreaterThanOrEqual(40);
    expect(s.shippedLate).toBeGreaterThan(0);
    expect(s.orders).toBeGreaterThan(3000);
  });

  it('ends the history today: orders placed today, nothing after 07:00, the oldest about three years back', () => {
    const placed = data.orders.map((o) => chicagoDate(o.placedAt)).sort();
    expect(placed.at(-1)).toBe(TODAY);
    expect(placed[0]! >= '2023-11-20' && placed[0]! <= '2024-01-31').toBe(true);
    const instants = [
      ...data.orderEvents.map((e) => e.at),
      ...data.quoteEvents.map((e) => e.at),
      ...data.activities.map((a) => a.occurredAt),
      ...data.hotButtons.map((h) => h.capturedAt!),
    ];
    expect(instants.filter((at) => at >= CUTOFF)).toEqual([]);
  });

  it('gives every order a timeline the lifecycle allows, ending at its status, with dates that agree', () => {
    // Plain checks collected into one list: thousands of expect() calls would dominate the run.
    const events = new Map<string, DemoData['orderEvents']>();
    for (const e of data.orderEvents) {
      const list = events.get(e.orderId);
      if (list) list.push(e);
      else events.set(e.orderId, [e]);
    }
    const problems: string[] = [];
    for (const o of data.orders) {
      const timeline = events.get(o.id) ?? [];
      const first = timeline[0];
      if (first?.kind !== 'created' || first.toStatus !== 'received' || first.at.getTime() !== o.placedAt.getTime())
        problems.push(`${o.number}: does not start with its creation`);
      let status: OrderStatus = 'received';
      for (const e of timeline.filter((x) => x.kind === 'status_changed')) {
        if (e.fromStatus !== status || !checkTransition(status, e.toStatus as OrderStatus).ok)
          problems.push(`${o.number}: ${e.fromStatus} → ${e.toStatus} after ${status}`);
        status = e.toStatus as OrderStatus;
      }
      if (status !== o.status) problems.push(`${o.number}: timeline ends at ${status}, order is ${o.status}`);
      const times = timeline.map((e) => e.at.getTime());
      if (times.some((t, i) => i > 0 && t < times[i - 1]!)) problems.push(`${o.number}: events out of order`);
      const isShipped = ['shipped', 'delivered', 'closed'].includes(o.status!);
      if ((o.shippedAt !== null) !== isShipped) problems.push(`${o.number}: ${o.status} with shippedAt ${String(o.shippedAt)}`);
      if (o.deliveredAt && !(o.deliveredAt > o.shippedAt!)) problems.push(`${o.number}: delivered before shipped`);
      if (!(o.promisedDate! > chicagoDate(o.placedAt))) problems.push(`${o.number}: promised before placed`);
    }
    expect(problems).toEqual([]);
  });

  it('prices every order as the sum of its lines', () => {
    const sums = new Map<string, number>();
    for (const l of data.orderLines) sums.set(l.orderId, (sums.get(l.orderId) ?? 0) + l.lineAmount);
    expect(data.orderLines.filter((l) => l.lineAmount !== l.quantity * l.unitPrice)).toEqual([]);
    expect(data.orders.filter((o) => o.amount !== sums.get(o.id))).toEqual([]);
  });

  it('keeps quotes consistent: won ones became an order of the same account, lost ones say why, open ones are valid or lapsed lately', () => {
    const orders = new Map(data.orders.map((o) => [o.id, o]));
    const problems: string[] = [];
    for (const q of data.quotes) {
      const order = q.orderId ? orders.get(q.orderId) : undefined;
      if (q.status === 'won' && !(order?.accountId === q.accountId && q.sentAt < order.placedAt))
        problems.push(`${q.number}: won without an order of its account placed after it`);
      if (q.status !== 'won' && q.orderId !== null) problems.push(`${q.number}: ${q.status} but linked to an order`);
      if (q.status === 'lost' && !q.lostReason) problems.push(`${q.number}: lost without a reason`);
      // A few lapsed in the last weeks, left open for the morning sweep that `rapport demo` runs.
      if (q.status === 'open' && !(q.validUntil! >= MONTH_AGO && q.decidedAt === null))
        problems.push(`${q.number}: open but long past its validity`);
      if (q.status === 'expired' && !(chicagoDate(q.decidedAt!) > q.validUntil!)) problems.push(`${q.number}: expired while still valid`);
    }
    expect(problems).toEqual([]);
    const lapsed = data.quotes.filter((q) => q.status === 'open' && q.validUntil! < TODAY);
    expect(lapsed.length).toBeGreaterThan(5);
    expect(lapsed.length).toBeLessThan(data.quotes.filter((q) => q.status === 'open').length);
    const decided = data.quotes.filter((q) => q.status !== 'open');
    const hitRatio = decided.filter((q) => q.status === 'won').length / decided.length;
    expect(hitRatio).toBeGreaterThan(0.3);
    expect(hitRatio).toBeLessThan(0.8);
  });

  it('the CSRs wrote thank-you notes most working days of the last four weeks, each account note on its timeline, the older ones sometimes answered', () => {
    const csrs = new Set(data.users.filter((u) => u.roles?.includes('csr')).map((u) => u.id));
    const notes = data.thankYouNotes;
    expect(notes.length).toBeGreaterThan(50);
    expect(notes.every((n) => csrs.has(n.authorId) && n.writtenAt < CUTOFF && n.writtenOn >= MONTH_AGO && n.writtenOn < TODAY)).toBe(true);
    expect(new Set(notes.map((n) => n.recipientKind))).toEqual(new Set(['customer', 'supplier', 'colleague']));
    const activityIds = new Set(data.activities.filter((a) => a.kind === 'thank_you_note').map((a) => a.id));
    expect(notes.filter((n) => n.accountId).every((n) => n.activityId && activityIds.has(n.activityId))).toBe(true);
    expect(notes.filter((n) => n.recipientKind === 'colleague').every((n) => !n.accountId && n.recipientUserId)).toBe(true);
    const answered = notes.filter((n) => n.outcome !== 'none');
    expect(answered.length).toBeGreaterThan(5);
    expect(answered.every((n) => n.outcomeAt && n.outcomeAt > n.writtenAt && n.outcomeAt < CUTOFF)).toBe(true);
  });
});

// Three years of orders and quotes ending today, with the events that make timelines alive. Time is
// counted in "stamps": minutes from today 00:00 in the organisation's timezone (negative = past).
// Only what happened before CUTOFF (today 07:00) is history; later steps are simply not there yet,
// so every status is consistent with its dates.
import type { OrderStatus } from '../../../contract/orders.js';
import { CARRIERS, LOST_REASONS, ONE_OFF_CHARGES } from './catalog.js';
import { generateActivities } from './generate-activities.js';
import {
  at,
  CUTOFF,
  DAY,
  dayOf,
  HISTORY_DAYS,
  minuteOf,
  pastWorkday,
  teamMember,
  type AccountPlan,
  type DraftOrder,
  type HistoryContext,
} from './timeline.js';
import type { Rand } from './types.js';

/** Generates orders, lines, events, quotes and activities; returns each account's earliest day. */
export function generateHistory(ctx: HistoryContext, plans: AccountPlan[]): Map<string, number> {
  const { r } = ctx;
  const drafts: DraftOrder[] = [];
  const byAccount = new Map<string, DraftOrder[]>();
  let newFirst = 0;
  let quiet = 0;
  for (const p of plans) {
    if (p.kind !== 'customer') continue;
    let forceLate = false;
    let days: number[];
    const [gapMin, gapMax] = p.tier === 'A' ? [12, 30] : p.tier === 'B' ? [25, 60] : [45, 110];
    let gap = r.int(gapMin, gapMax);
    switch (p.plan) {
      case 'steady':
        days = series(r, r.chance(0.3) ? r.int(-HISTORY_DAYS, -1000) : r.int(-1000, -60), 0, gap);
        break;
      case 'neglected': {
        const start = r.int(-HISTORY_DAYS, -400);
        days = series(r, start, r.int(Math.max(start + 30, -900), -190), gap);
        break;
      }
      case 'slipping':
        gap = r.int(10, 25);
        days = series(r, r.int(-900, -300), r.int(-170, -80), gap);
        break;
      case 'quiet_lately':
        // Alternately: a regular rhythm whose 2× line (the default factor) was crossed a few days ago,
        // and a customer whose 180-day neglect window (the default) ended in the last two weeks
        // (a weekend moves an order to the Monday: the margins keep each over its line).
        if (quiet++ % 2 === 0) {
          gap = r.int(12, 30);
          const last = -(2 * gap + r.int(3, 9));
          days = [4, 3, 2, 1, 0].map((k) => last - k * gap);
        } else days = [r.int(-500, -300), -r.int(183, 193)];
        break;
      case 'one_off':
        days = [r.int(-1000, -60)];
        break;
      case 'second':
        days = [r.int(-120, -35), r.int(-12, 0)];
        break;
      case 'new_first': {
        // The first two arrived overnight today; the next two are first orders already late.
        const i = newFirst++;
        forceLate = i === 2 || i === 3;
        days = [i < 2 ? 0 : forceLate ? r.int(-35, -28) : r.int(-14, -1)];
        break;
      }
      default:
        days = [];
    }
    const share = r.float(0.25, 0.7);
    const orderTarget = Math.max(30_000, Math.round(((p.potential ?? 0) * share * (days.length > 1 ? gap : 60)) / 365));
    const list = days.map((d, i) =>
      planOrder(ctx, p, placedStamp(ctx, d), { isFirst: i === 0, forceLate, target: Math.round(orderTarget * r.float(0.6, 1.5)) }),
    );
    byAccount.set(p.id, list);
    drafts.push(...list);
  }
  // Order numbers follow the order they were placed in.
  drafts.sort((a, b) => a.placed - b.placed || a.plan.externalRef.localeCompare(b.plan.externalRef));
  drafts.forEach((o, i) => (o.number = `SO-${100001 + i}`));
  for (const o of drafts) emitOrderEvents(ctx, o);

  const earliest = new Map<string, number>();
  const seen = (accountId: string, stamp: number) => earliest.set(accountId, Math.min(earliest.get(accountId) ?? 0, dayOf(stamp)));
  for (const o of drafts) seen(o.plan.id, o.placed);
  generateQuotes(ctx, plans, byAccount);
  for (const q of ctx.data.quotes) seen(q.accountId, stampOf(ctx, q.sentAt));
  generateActivities(ctx, plans, byAccount);
  for (const a of ctx.data.activities) seen(a.accountId, stampOf(ctx, a.occurredAt));
  return earliest;
}

/** Back from an instant to a stamp (only to find an account's earliest day). */
function stampOf(ctx: HistoryContext, at: Date): number {
  const start = ctx.cal.at(0, 0).getTime();
  return Math.floor((at.getTime() - start) / 60_000);
}

function series(r: Rand, start: number, end: number, gap: number): number[] {
  const days: number[] = [];
  for (let d = start; d <= end; d += Math.max(3, Math.round(gap * r.float(0.5, 1.5)))) days.push(d);
  return days;
}

function placedStamp(ctx: HistoryContext, d: number): number {
  const w = d >= 0 ? 0 : ctx.cal.workdayOnOrAfter(d);
  if (w >= 0) return ctx.r.int(30, CUTOFF - 20); // overnight EDI order, before the cutoff
  return w * DAY + ctx.r.int(7 * 60, 17 * 60);
}

interface PlanOrderOptions {
  isFirst: boolean;
  forceLate: boolean;
  target: number;
}

function planOrder(ctx: HistoryContext, p: AccountPlan, placed: number, opts: PlanOrderOptions): DraftOrder {
  const { r, cal, staff, data } = ctx;
  const id = r.uuid();
  const csr = teamMember(p, 'csr') ?? null;
  const pDay = dayOf(placed);
  const lead = opts.forceLate ? r.int(8, 12) : r.int(8, 22);
  const promisedDay = cal.addWorkdays(pDay, lead);
  const isLatePlan = opts.forceLate || r.chance(opts.isFirst ? 0.1 : 0.2);
  const slip = opts.forceLate ? r.int(15, 25) : isLatePlan ? r.int(1, 8) : -r.int(0, 2);
  const reviewDay = cal.addWorkdays(pDay, r.int(0, 1));
  const prodDay = cal.addWorkdays(reviewDay, r.int(1, 3));
  const planned = slip >= 0 ? cal.addWorkdays(promisedDay, slip) : cal.subtractWorkdays(promisedDay, -slip);
  const shipDay = Math.max(planned, cal.addWorkdays(prodDay, 2));
  const inspectDay = Math.max(prodDay, cal.subtractWorkdays(shipDay, 1));
  const deliverDay = cal.addWorkdays(shipDay, r.int(1, 4));
  const closeDay = cal.addWorkdays(deliverDay, r.int(8, 25));
  const carrier = r.pick(CARRIERS);
  const tracking = trackingNumber(r, carrier);
  const isAudition = opts.isFirst && (p.potential ?? 0) >= ctx.auditionMinSpend;

  let plan: DraftOrder['stages'] = [
    { status: 'data_review', stamp: reviewDay * DAY + r.int(8 * 60, 11 * 60), actorId: r.pick(staff.engineering), note: null },
    { status: 'in_production', stamp: prodDay * DAY + r.int(7 * 60, 10 * 60), actorId: r.pick(staff.operations), note: null },
    { status: 'inspection', stamp: inspectDay * DAY + r.int(13 * 60, 16 * 60), actorId: r.pick(staff.operations), note: null },
    {
      status: 'ready_to_ship',
      stamp: shipDay * DAY + r.int(8 * 60, 11 * 60),
      actorId: r.pick(opts.isFirst ? staff.quality_manager : staff.quality),
      note: opts.isFirst ? 'Double inspection signed off' : null,
    },
    {
      status: 'shipped',
      stamp: shipDay * DAY + r.int(14 * 60, 16 * 60 + 30),
      actorId: r.pick(staff.shipping),
      note: tracking ? `${carrier}, tracking ${tracking}` : carrier,
    },
    { status: 'delivered', stamp: deliverDay * DAY + r.int(9 * 60, 16 * 60), actorId: csr, note: null },
    { status: 'closed', stamp: closeDay * DAY + r.int(9 * 60, 17 * 60), actorId: csr, note: null },
  ];
  let isCancelled = false;
  if (!opts.isFirst && r.chance(0.025)) {
    const after = r.int(0, 1);
    plan = [
      ...plan.slice(0, after + 1),
      {
        status: 'cancelled',
        stamp: plan[after]!.stamp + r.int(60, 2 * DAY),
        actorId: csr,
        note: r.pick(['Customer cancelled: project on hold', 'Customer cancelled: design change, will requote']),
      },
    ];
    isCancelled = true;
  }
  // Steps never overlap: each at least a quarter of an hour after the previous one.
  let prev = placed;
  for (const s of plan) {
    if (s.stamp <= prev) s.stamp = prev + r.int(15, 90);
    prev = s.stamp;
  }
  const stages = plan.filter((s) => s.stamp < CUTOFF);
  const status: OrderStatus = stages.at(-1)?.status ?? 'received';

  // A slipping order gets a new estimate a few days before its promised date; most of the time the
  // customer is told (P2.1), sometimes they find out themselves.
  const promisedDate = cal.date(promisedDay);
  let revised: DraftOrder['revised'] = null;
  if (shipDay > promisedDay && !isCancelled && (opts.forceLate || r.chance(0.6))) {
    const stamp = Math.max(cal.subtractWorkdays(promisedDay, r.int(1, 3)) * DAY + r.int(10 * 60, 15 * 60), (plan[1]?.stamp ?? placed) + 30);
    if (stamp < CUTOFF) revised = { stamp, from: promisedDate, to: cal.date(shipDay) };
  }
  const shipped = stages.find((s) => s.status === 'shipped');
  const delivered = stages.find((s) => s.status === 'delivered');
  const last = Math.max(placed, stages.at(-1)?.stamp ?? placed, revised?.stamp ?? placed);

  const lines = orderLines(r, p, opts);
  lines.forEach((l, i) => data.orderLines.push({ id: r.uuid(), orderId: id, position: i + 1, ...l }));
  const row: DraftOrder['row'] = {
    id,
    accountId: p.id,
    number: '', // set once all orders are placed (see generateHistory)
    externalRef: null,
    placedAt: cal.at(pDay, minuteOf(placed)),
    promisedDate,
    expectedShipDate: revised || shipped ? cal.date(shipDay) : promisedDate,
    amount: lines.reduce((s, l) => s + l.lineAmount, 0),
    currency: 'USD',
    status,
    repId: teamMember(p, 'sales') ?? null,
    csrId: csr,
    shippedAt: shipped ? at(ctx, shipped.stamp) : null,
    carrier: shipped ? carrier : null,
    trackingNumber: shipped ? tracking : null,
    deliveredAt: delivered ? at(ctx, delivered.stamp) : null,
    lots: r.int(1, 3),
    // A first order is the product they came for; later ones are also parts, service and repairs (P3.5).
    category: opts.isFirst ? 'product' : r.weighted(CATEGORY_MIX),
    createdAt: at(ctx, placed),
    updatedAt: at(ctx, last),
  };
  data.orders.push(row);
  return {
    id,
    plan: p,
    placed,
    isFirst: opts.isFirst,
    isAudition,
    number: '',
    status,
    stages,
    revised,
    deliveredStamp: delivered?.stamp ?? null,
    row,
  };
}

function trackingNumber(r: Rand, carrier: (typeof CARRIERS)[number]): string | null {
  if (carrier === 'UPS') return `1Z${r.f.string.alphanumeric({ length: 16, casing: 'upper' })}`;
  if (carrier === 'FedEx') return r.f.string.numeric(12);
  if (carrier === 'DHL') return r.f.string.numeric(10);
  if (carrier === 'Old Dominion') return `PRO ${r.f.string.numeric(9)}`;
  return null;
}

/** 1–3 of the account's part numbers, sized so the order is about `target`; first orders often carry tooling. */
function orderLines(r: Rand, p: AccountPlan, opts: PlanOrderOptions) {
  const chosen = r.some(p.products, r.int(1, Math.min(3, p.products.length)));
  const lines = chosen.map((prod) => {
    let quantity = Math.max(1, Math.round(opts.target / chosen.length / prod.unitPrice));
    if (quantity > 50) quantity = Math.round(quantity / 10) * 10;
    return { sku: prod.sku, description: prod.description, quantity, unitPrice: prod.unitPrice, lineAmount: quantity * prod.unitPrice };
  });
  if (opts.isFirst && r.chance(0.6)) {
    const charge = r.pick(ONE_OFF_CHARGES);
    const unitPrice = r.int(charge.unitPrice[0], charge.unitPrice[1]);
    lines.push({ sku: charge.sku, description: charge.description, quantity: 1, unitPrice, lineAmount: unitPrice });
  }
  return lines;
}

function emitOrderEvents(ctx: HistoryContext, o: DraftOrder): void {
  const { data } = ctx;
  const accountId = o.plan.id;
  const csr = teamMember(o.plan, 'csr') ?? null;
  o.row.number = o.number;
  data.orderEvents.push({
    orderId: o.id,
    accountId,
    kind: 'created',
    fromStatus: null,
    toStatus: 'received',
    changes: null,
    note: null,
    actorId: csr,
    at: at(ctx, o.placed),
  });
  let from: OrderStatus = 'received';
  const events = [
    ...o.stages.map((s) => ({ ...s, kind: 'status' as const })),
    ...(o.revised ? [{ ...o.revised, kind: 'revised' as const }] : []),
  ].sort((a, b) => a.stamp - b.stamp);
  for (const e of events) {
    if (e.kind === 'revised') {
      data.orderEvents.push({
        orderId: o.id,
        accountId,
        kind: 'updated',
        fromStatus: null,
        toStatus: null,
        changes: { expectedShipDate: { from: e.from, to: e.to } },
        note: 'Customer told before the promised date',
        actorId: csr,
        at: at(ctx, e.stamp),
      });
      continue;
    }
    data.orderEvents.push({
      orderId: o.id,
      accountId,
      kind: 'status_changed',
      fromStatus: from,
      toStatus: e.status,
      changes: null,
      note: e.note,
      actorId: e.actorId,
      at: at(ctx, e.stamp),
    });
    from = e.status;
  }
}

const CATEGORY_MIX = [
  { weight: 78, value: 'product' },
  { weight: 10, value: 'parts_consumables' },
  { weight: 7, value: 'service_contract' },
  { weight: 5, value: 'repair' },
] as const;

/** A won quote before most orders, plus lost, expired and open ones (a few lapsed): a hit ratio around one half. */
function generateQuotes(ctx: HistoryContext, plans: AccountPlan[], byAccount: Map<string, DraftOrder[]>): void {
  const { r, cal, data } = ctx;
  type Draft = {
    id: string;
    plan: AccountPlan;
    sent: number;
    status: 'open' | 'won' | 'lost' | 'expired';
    decided: number | null;
    validUntil: number;
    amount: number;
    orderId: string | null;
    lostReason: string | null;
  };
  const drafts: Draft[] = [];
  const amountFor = (p: AccountPlan) => {
    const prod = p.products.length > 0 ? r.pick(p.products) : { unitPrice: r.int(500, 5000) };
    return prod.unitPrice * r.int(1, 50) * 10;
  };
  const decided = (p: AccountPlan, sentDay: number, outcome: 'lost' | 'expired' | 'open'): Draft => {
    const sent = sentDay * DAY + r.int(9 * 60, 16 * 60);
    const validUntil = sentDay + 45;
    let status: Draft['status'] = outcome;
    let decidedStamp: number | null = null;
    if (outcome === 'lost') decidedStamp = cal.addWorkdays(sentDay, r.int(3, 25)) * DAY + r.int(9 * 60, 16 * 60);
    if (outcome === 'expired') decidedStamp = (validUntil + 1) * DAY + 6 * 60; // the morning sweep after validity ends
    if (decidedStamp !== null && decidedStamp >= CUTOFF) {
      status = 'open';
      decidedStamp = null;
    }
    return {
      id: r.uuid(),
      plan: p,
      sent,
      status,
      decided: decidedStamp,
      validUntil,
      amount: amountFor(p),
      orderId: null,
      lostReason: status === 'lost' ? r.pick(LOST_REASONS) : null,
    };
  };
  for (const p of plans) {
    if (p.kind === 'supplier') continue;
    const orders = byAccount.get(p.id) ?? [];
    for (const o of orders) {
      if (!r.chance(o.isFirst ? 0.95 : 0.7)) continue;
      const sentDay = cal.subtractWorkdays(dayOf(o.placed), r.int(2, 15));
      const sent = sentDay * DAY + r.int(9 * 60, 16 * 60);
      drafts.push({
        id: r.uuid(),
        plan: p,
        sent,
        status: 'won',
        decided: Math.max(sent + 60, o.placed - r.int(30, 600)),
        validUntil: sentDay + 45,
        amount: o.row.amount,
        orderId: o.id,
        lostReason: null,
      });
    }
    const first = orders[0] ? dayOf(orders[0].placed) : -r.int(60, 400);
    const last = orders.at(-1) ? dayOf(orders.at(-1)!.placed) : -1;
    const lo = first - 60;
    const hi = Math.min(last + 60, -2);
    const pickDay = () => pastWorkday(cal, r.int(Math.min(lo, hi), hi));
    const lost = p.kind === 'prospect' ? r.int(0, 2) : Math.round(orders.length * r.float(0.2, 0.7));
    const expired = p.kind === 'prospect' ? r.int(0, 1) : Math.round(orders.length * r.float(0, 0.3));
    const open =
      p.plan === 'quote_only' || p.kind === 'prospect' ? r.int(1, 2) : p.plan === 'steady' || p.plan === 'second' ? r.int(0, 1) : 0;
    for (let i = 0; i < lost; i++) drafts.push(decided(p, pickDay(), 'lost'));
    for (let i = 0; i < expired; i++) drafts.push(decided(p, pickDay(), 'expired'));
    for (let i = 0; i < open; i++) drafts.push(decided(p, pastWorkday(cal, -r.int(1, 20)), 'open'));
    // A quote nobody decided, valid 30 days and lapsed in the last weeks: still open in the history,
    // for the morning sweep (`rapport demo` runs it) to expire.
    if ((p.plan === 'quote_only' || p.kind === 'prospect') && r.chance(0.4)) {
      const sentDay = pastWorkday(cal, -r.int(32, 55));
      drafts.push({ ...decided(p, sentDay, 'open'), status: 'open', decided: null, validUntil: sentDay + 30 });
    }
  }
  drafts.sort((a, b) => a.sent - b.sent || a.plan.externalRef.localeCompare(b.plan.externalRef));
  drafts.forEach((q, i) => {
    const rep = teamMember(q.plan, 'sales') ?? null;
    const number = `Q-${50001 + i}`;
    data.quotes.push({
      id: q.id,
      accountId: q.plan.id,
      number,
      externalRef: null,
      amount: q.amount,
      currency: 'USD',
      sentAt: at(ctx, q.sent),
      validUntil: cal.date(q.validUntil),
      status: q.status,
      decidedAt: q.decided === null ? null : at(ctx, q.decided),
      repId: rep,
      lostReason: q.lostReason,
      orderId: q.orderId,
      createdAt: at(ctx, q.sent),
      updatedAt: at(ctx, q.decided ?? q.sent),
    });
    data.quoteEvents.push({
      quoteId: q.id,
      accountId: q.plan.id,
      kind: 'sent',
      fromStatus: null,
      toStatus: 'open',
      changes: null,
      actorId: rep,
      at: at(ctx, q.sent),
    });
    if (q.decided !== null) {
      data.quoteEvents.push({
        quoteId: q.id,
        accountId: q.plan.id,
        kind: 'status_changed',
        fromStatus: 'open',
        toStatus: q.status,
        changes: q.lostReason ? { lostReason: { from: null, to: q.lostReason } } : null,
        actorId: q.status === 'expired' ? null : rep,
        at: at(ctx, q.decided),
      });
    }
  });
}

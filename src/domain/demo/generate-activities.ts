// The account timelines' own entries: routine calls, emails, meetings, visits and notes, plus the
// touches of the playbooks (P1 kickoff and GM calls, P2.1 late notices, P4.3 quote follow-ups).
import { ACTIVITY_TEMPLATES } from './catalog.js';
import { at, CUTOFF, DAY, dayOf, pastWorkday, teamMember, type AccountPlan, type DraftOrder, type HistoryContext } from './timeline.js';

type Kind = keyof typeof ACTIVITY_TEMPLATES;

export function generateActivities(ctx: HistoryContext, plans: AccountPlan[], byAccount: Map<string, DraftOrder[]>): void {
  const { r, cal, staff, data } = ctx;
  const add = (
    p: AccountPlan,
    kind: Kind,
    stamp: number,
    subject: string,
    body: string,
    actorId: string | null,
    extra: { contactId?: string | null; orderId?: string | null } = {},
  ) => {
    if (stamp >= CUTOFF) return;
    data.activities.push({
      id: r.uuid(),
      accountId: p.id,
      kind,
      subject,
      body,
      actorId,
      contactId: extra.contactId ?? null,
      orderId: extra.orderId ?? null,
      taskId: null,
      occurredAt: at(ctx, stamp),
      createdAt: at(ctx, stamp),
    });
  };
  const workStamp = (day: number, from = 8 * 60, to = 17 * 60) => day * DAY + r.int(from, to);

  for (const p of plans) {
    const orders = byAccount.get(p.id) ?? [];
    const sales = teamMember(p, 'sales') ?? r.pick(staff.sales);
    const csr = teamMember(p, 'csr') ?? sales;
    const primary = p.contacts.find((c) => c.isPrimary) ?? p.contacts[0];
    const first = orders[0] ? dayOf(orders[0].placed) : -r.int(30, 300);
    const last = orders.at(-1) ? dayOf(orders.at(-1)!.placed) : -1;

    // Routine contact, spread over the relationship: roughly every one to three months.
    const span = Math.max(0, Math.min(last + 45, -1) - (first - 20));
    const routine =
      p.kind === 'supplier'
        ? r.int(0, 2)
        : p.kind === 'prospect'
          ? r.int(1, 3)
          : Math.min(25, Math.max(1, Math.round(span / r.int(45, 90))));
    for (let i = 0; i < routine; i++) {
      const kind = r.weighted<Kind>([
        { weight: 35, value: 'call' },
        { weight: 30, value: 'email' },
        { weight: 10, value: 'meeting' },
        { weight: 5, value: 'visit' },
        { weight: 20, value: 'note' },
      ]);
      const [subject, body] = r.pick(ACTIVITY_TEMPLATES[kind]);
      const day = pastWorkday(cal, r.int(Math.min(first - 20, -1), Math.min(last + 45, -1)));
      const actor = kind === 'email' || kind === 'note' ? csr : sales;
      add(p, kind, workStamp(day), subject, body, actor, { contactId: kind === 'note' ? null : r.pick(p.contacts).id });
    }

    const firstOrder = orders[0];
    if (firstOrder) firstOrderTouches(firstOrder);
    for (const o of orders) {
      // P2.1: the customer hears about a slip before they find out.
      if (o.revised)
        add(
          p,
          'call',
          o.revised.stamp + r.int(5, 40),
          `Told them ${o.number} will ship ${o.revised.to}`,
          `Promised ${o.revised.from}; new date ${o.revised.to}. Agreed how to limit the impact on their build.`,
          csr,
          { contactId: primary?.id ?? null, orderId: o.id },
        );
    }

    function firstOrderTouches(o: DraftOrder): void {
      const d = dayOf(o.placed);
      add(
        p,
        'meeting',
        workStamp(cal.addWorkdays(d, 1), 9 * 60, 11 * 60),
        `First-order kickoff for ${o.number}`,
        `Sales briefed operations, quality and engineering on ${p.name}: who they are, their potential and their hot buttons.`,
        sales,
        { orderId: o.id },
      );
      add(
        p,
        'email',
        workStamp(cal.addWorkdays(d, 1), 11 * 60, 15 * 60),
        'Introduced myself as their contact',
        `I will keep ${primary?.name ?? 'them'} posted on ${o.number} without flooding their inbox.`,
        csr,
        { contactId: primary?.id ?? null, orderId: o.id },
      );
      if (!o.isAudition) return;
      add(
        p,
        'call',
        workStamp(cal.addWorkdays(d, 2), 9 * 60, 16 * 60),
        'GM introduction call',
        'Thanked them for choosing us and gave them my direct line.',
        r.pick(staff.gm),
        { contactId: primary?.id ?? null, orderId: o.id },
      );
      if (o.deliveredStamp !== null) {
        const delivered = dayOf(o.deliveredStamp);
        add(
          p,
          'call',
          workStamp(cal.addWorkdays(delivered, 2)),
          'After-delivery follow-up',
          'Confirmed each hot button was met, thanked them and asked about the next order.',
          sales,
          { contactId: primary?.id ?? null, orderId: o.id },
        );
        add(
          p,
          'call',
          workStamp(cal.addWorkdays(delivered, 3)),
          'GM thank-you call',
          'Asked for feedback on the first order; offered direct access going forward.',
          r.pick(staff.gm),
          { contactId: primary?.id ?? null, orderId: o.id },
        );
      }
    }
  }

  // P4.3: a follow-up call on about a third of the quotes, a few days after sending.
  const planOf = new Map(plans.map((p) => [p.id, p]));
  for (const q of data.quotes) {
    if (!r.chance(0.3)) continue;
    const p = planOf.get(q.accountId)!;
    const sentDay = Math.floor((q.sentAt.getTime() - cal.at(0, 0).getTime()) / 86_400_000);
    const stamp = workStamp(cal.addWorkdays(sentDay, r.int(3, 7)), 9 * 60, 16 * 60);
    if (q.decidedAt && at(ctx, stamp) >= q.decidedAt) continue;
    add(p, 'call', stamp, `Quote follow-up: ${q.number}`, 'Checked they had what they needed to decide.', q.repId ?? null, {
      contactId: p.contacts[0]?.id ?? null,
    });
  }
}

// The sample company's thank-you notes (docs/thank-you-notes.md): the CSRs' cards of the last four
// weeks — mostly to customers gone quiet, some to suppliers and colleagues — each on its account's
// timeline, the older ones often answered. Drawn after the rest of the history from the same PRNG,
// so the same seed gives the same notes and the history before them is unchanged.
import type { AccountPlan, HistoryContext } from './timeline.js';

const WORDS = {
  customer: [
    'thank you for the years of orders — we have missed working with you. If anything we did let you down, I would like to hear it.',
    'thank you for choosing us for your first run. Your drawings were the clearest we saw all year.',
    'thank you for your patience with the reel change last spring. Is there anything coming up we can help with?',
  ],
  supplier: [
    'thank you for expediting the resin last week: it kept a customer’s first order on time.',
    'thank you for the quick certificates — our inspector noticed, and so did the customer.',
  ],
  colleague: [
    'thanks for staying late to pack the rush order. The customer called to say it arrived perfect.',
    'thank you for catching the drawing revision before production. You saved the first order.',
  ],
} as const;

const QUIET_PLANS: ReadonlySet<AccountPlan['plan']> = new Set(['neglected', 'slipping', 'one_off']);

export function generateNotes(ctx: HistoryContext, plans: AccountPlan[]): void {
  const { r, cal, staff, data } = ctx;
  const quiet = plans.filter((p) => QUIET_PLANS.has(p.plan));
  const suppliers = plans.filter((p) => p.kind === 'supplier');
  const colleagues = [...staff.operations, ...staff.quality, ...staff.shipping, ...staff.engineering];
  const thanked = new Set<string>();
  const names = new Map(data.users.map((u) => [u.id, u.name]));
  for (let d = -28; d < 0; d++) {
    if (!cal.isWorkday(d)) continue;
    for (const csr of staff.csr) {
      if (!r.chance(0.8)) continue;
      const kind = r.weighted([
        { weight: 6, value: 'customer' as const },
        { weight: 2, value: 'supplier' as const },
        { weight: 2, value: 'colleague' as const },
      ]);
      const writtenAt = cal.at(d, r.int(8 * 60, 16 * 60));
      const id = r.uuid();
      const answered = d < -3 && kind !== 'colleague' && r.chance(0.4);
      const outcome = answered
        ? r.weighted([
            { weight: 3, value: 'replied' as const },
            { weight: 2, value: 'called_back' as const },
          ])
        : ('none' as const);
      const outcomeAt = answered ? cal.at(Math.min(d + r.int(1, 3), -1), r.int(9 * 60, 16 * 60)) : null;
      if (kind === 'colleague') {
        const to = r.pick(colleagues);
        data.thankYouNotes.push({
          id,
          authorId: csr,
          recipientKind: 'colleague',
          accountId: null,
          contactId: null,
          recipientUserId: to,
          channel: 'card',
          body: `${(names.get(to) ?? '').split(' ')[0]}, ${r.pick(WORDS.colleague)}`,
          writtenAt,
          writtenOn: cal.date(d),
          activityId: null,
          messageId: null,
          outcome: 'none',
          outcomeAt: null,
          outcomeBy: null,
          followUpTaskId: null,
          createdAt: writtenAt,
          updatedAt: writtenAt,
        });
        continue;
      }
      const pool = (kind === 'customer' ? quiet : suppliers).filter((p) => !thanked.has(p.id));
      if (pool.length === 0) continue;
      const account = r.pick(pool);
      thanked.add(account.id);
      const contact = account.contacts.find((c) => c.isPrimary) ?? account.contacts[0] ?? null;
      const body = `Dear ${contact?.name.split(' ')[0] ?? account.name}, ${r.pick(WORDS[kind])}`;
      const activityId = r.uuid();
      data.activities.push({
        id: activityId,
        accountId: account.id,
        kind: 'thank_you_note',
        subject: `Card to ${contact?.name ?? account.name}`,
        body,
        actorId: csr,
        contactId: contact?.id ?? null,
        orderId: null,
        taskId: null,
        occurredAt: writtenAt,
        createdAt: writtenAt,
      });
      data.thankYouNotes.push({
        id,
        authorId: csr,
        recipientKind: kind,
        accountId: account.id,
        contactId: contact?.id ?? null,
        recipientUserId: null,
        channel: 'card',
        body,
        writtenAt,
        writtenOn: cal.date(d),
        activityId,
        messageId: null,
        outcome,
        outcomeAt,
        outcomeBy: answered ? csr : null,
        followUpTaskId: null,
        createdAt: writtenAt,
        updatedAt: outcomeAt ?? writtenAt,
      });
    }
  }
}

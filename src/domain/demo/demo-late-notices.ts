// The demo's late notices (P2.1), lived this morning through the use cases: two orders in
// production get a new estimate three days past their promise (as the ERP would send it), which
// emits order.late_risk and starts the late-notice playbook. The first one's CSR has already
// written what happened and sent it (marked sent as the demo's other mail is: no mail server); the
// second waits as a draft for its CSR. Deterministic: the orders are the first two by number, and
// every time is before this morning's 07:00 as the rest of the history (timeline.ts, CUTOFF).
import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { accountTeam, messages, orderEvents, users } from '../../db/schema/index.js';
import { sendDraftMessage, updateDraftMessage } from '../delivery/index.js';
import { updateOrder } from '../orders/index.js';
import { dispatchPendingEvents } from '../playbooks/index.js';
import { getSettings } from '../settings/index.js';
import { rowsOf, systemActor, type Actor, type ReadContext } from '../shared/index.js';
import { CUTOFF } from './timeline.js';

const DEMO_MAIL_DOMAIN = 'demo.rapport.invalid';
const CAUSE = 'the plating line was down for two days after a rectifier failed';
const ACTION = 'your boards run first when it restarts, and we ship by air at our cost';

export interface DemoLateNotices {
  /** The order whose notice went out before its promised date. */
  notifiedOrder: string | null;
  /** The order whose notice waits for its CSR as a draft. */
  draftOrder: string | null;
}

export async function runDemoLateNotices(ctx: ReadContext, today: string): Promise<DemoLateNotices> {
  const { db } = ctx;
  const { timezone } = await getSettings(db);
  const morning = DateTime.fromISO(today, { zone: timezone }).plus({ minutes: CUTOFF });
  // The ERP's new estimates at 06:00, the CSR's notice released at 06:30 and sent a minute later.
  const [estimatedAt, releasedAt, now] = [60, 30, 29].map((m) => morning.minus({ minutes: m }).toJSDate()) as [Date, Date, Date];
  // Orders in production, promised at least four days ahead, estimated on time, whose account has a
  // CSR and a contact with an address (the notice needs both).
  const picked = await rowsOf<{ id: string; number: string; promised: string; csr_id: string; csr_name: string }>(
    db,
    sql`select o.id::text, o.number, o.promised_date::text as promised, u.id::text as csr_id, u.name as csr_name
          from orders o
          join lateral (select t.user_id from ${accountTeam} t where t.account_id = o.account_id and t.role = 'csr' order by t.user_id limit 1) t on true
          join ${users} u on u.id = t.user_id
         where o.status = 'in_production' and o.promised_date >= ${today}::date + 4
           and (o.expected_ship_date is null or o.expected_ship_date <= o.promised_date)
           and exists (select 1 from contacts c where c.account_id = o.account_id and c.email is not null and c.email <> '')
         order by o.number
         limit 2`,
  );
  if (picked.length === 0) return { notifiedOrder: null, draftOrder: null };
  const erp = { db, actor: systemActor('demo ERP'), now: estimatedAt };
  for (const o of picked) {
    const later = new Date(Date.parse(`${o.promised}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    await updateOrder(erp, { id: o.id, patch: { expectedShipDate: later } });
  }
  const dispatched = await dispatchPendingEvents({ db, now: estimatedAt });
  if (dispatched.failed.length > 0) throw new Error(`demo late notices not dispatched: ${JSON.stringify(dispatched.failed.slice(0, 3))}`);

  const [first] = picked;
  const csr: Actor = { kind: 'user', userId: first!.csr_id, name: first!.csr_name, roles: ['csr'], ip: null, requestId: null };
  const [draft] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.orderId, first!.id), eq(messages.template, 'late_notice'), eq(messages.status, 'draft')));
  if (draft?.accountId) {
    const accountId = draft.accountId;
    const asCsr = { db, actor: csr, now: releasedAt };
    const text = draft.text.replace('[[what caused the delay]]', `${CAUSE}.`).replace('[[what is being done]]', `${ACTION}.`);
    await updateDraftMessage(asCsr, { id: draft.id, patch: { text } }, { isMailConfigured: false });
    await sendDraftMessage(asCsr, draft.id, { isMailConfigured: false });
    await db.transaction(async (tx) => {
      const [sent] = await tx
        .update(messages)
        .set({ status: 'sent', sentAt: now, attempts: 1, messageId: `<${draft.id}@${DEMO_MAIL_DOMAIN}>`, updatedAt: now })
        .where(eq(messages.id, draft.id))
        .returning({ subject: messages.subject, to: messages.to });
      await tx.insert(orderEvents).values({
        orderId: first!.id,
        accountId,
        kind: 'message_sent',
        note: `${sent!.subject} — to ${sent!.to}`,
        actorId: null,
        at: now,
      });
    });
  }
  return { notifiedOrder: first!.number, draftOrder: picked[1]?.number ?? null };
}

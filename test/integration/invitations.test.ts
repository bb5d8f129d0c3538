// Calendar invitations for call and meeting steps (docs/invitations.md): the paid audition's
// kickoff meeting invites its assignee when it opens; handed to a colleague, the new assignee gets
// the same event (same UID) with the next SEQUENCE; the time is the step's due time, said in the
// account's timezone; the mail carries a text/calendar part over a real SMTP conversation.
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../contract/messages.js';
import type { Task } from '../../contract/tasks.js';
import { contacts, messages, tasks } from '../../src/db/schema/index.js';
import { sendQueuedMessages } from '../../src/domain/delivery/index.js';
import { invitationUid } from '../../src/domain/messages/invitation.rules.js';
import { engines, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';
import { partOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

for (const engine of engines) {
  describe(`calendar invitations on ${engine}`, () => {
    const ctx = useTestApp(engine);
    let smtp: TestSmtpServer;
    let admin: Session;
    let rep: Session;
    let otherRep: Session;
    let csr: Session;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      admin = await signIn(ctx, ['admin'], 'Ada Admin');
      rep = await signIn(ctx, ['sales'], 'Rita Sales');
      otherRep = await signIn(ctx, ['sales'], 'Sam Sales');
      csr = await signIn(ctx, ['csr'], 'Cora CSR');
      return () => smtp.close();
    });

    const invitationsOf = async (taskId: string) =>
      (await ctx.database.db.select().from(messages).where(eq(messages.taskId, taskId))).sort(
        (a, b) => (a.calendarSequence ?? 0) - (b.calendarSequence ?? 0) || a.to.localeCompare(b.to),
      );
    const kickoffOf = async (orderId: string) =>
      (
        await ctx.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.orderId, orderId), eq(tasks.stepKey, 'kickoff')))
      )[0]!;

    /** Saves a playbook whose one step is a customer call with `invite: { customer: true }`, on order.created. */
    const saveCustomerCallPlaybook = async (key: string, title: string, minutes: number) => {
      const source = [
        `key: ${key}`,
        `name: ${title}`,
        'trigger: { event: order.created }',
        'steps:',
        `  - key: ${key}`,
        `    title: ${title} with the customer`,
        '    kind: call',
        '    role: account_team:csr',
        '    due: { after: trigger, offset: P2D }',
        `    invite: { customer: true, minutes: ${minutes} }`,
      ].join('\n');
      const saved = await ctx.app.inject({ method: 'PUT', url: `/api/v1/playbooks/${key}`, headers: admin.headers, payload: { source } });
      expect(saved.statusCode, saved.body).toBe(200);
    };
    /** The order's open step of that key. */
    const stepOf = async (orderId: string, key: string) =>
      (
        await ctx.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.orderId, orderId), eq(tasks.stepKey, key)))
      )[0]!;

    it('the kickoff invites its assignee at its due time; handed over, the same event with the next SEQUENCE; sent with a text/calendar part', async () => {
      const account = await createTestAccount(ctx, {
        potentialAnnualSpend: '100000.00',
        timezone: 'America/Chicago',
        team: [
          { userId: rep.userId, role: 'sales' },
          { userId: csr.userId, role: 'csr' },
        ],
      });
      const order = await createTestOrder(ctx, csr, { accountId: account.id });
      await drainJobs(ctx);
      const kickoff = await kickoffOf(order.id);
      expect(kickoff).toMatchObject({ status: 'open', assigneeId: rep.userId });

      const [first] = await invitationsOf(kickoff.id);
      expect(first).toMatchObject({
        userId: rep.userId,
        contactId: null,
        orderId: null,
        to: rep.email,
        class: 'essential',
        template: 'invitation',
        status: 'queued',
        calendarSequence: 0,
      });
      const lines = first!.calendar!.split('\r\n');
      expect(lines).toContain('METHOD:REQUEST');
      expect(lines).toContain(`UID:${invitationUid(kickoff.id)}`);
      expect(lines).toContain('SEQUENCE:0');
      const due = DateTime.fromJSDate(kickoff.dueAt!, { zone: 'utc' });
      expect(lines).toContain(`DTSTART:${due.toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
      expect(lines).toContain('DURATION:PT15M');
      // The mail says when in the account's timezone (Chicago), not the organisation's or UTC.
      const local = DateTime.fromJSDate(kickoff.dueAt!, { zone: 'America/Chicago' }).setLocale('en-GB');
      expect(first!.subject).toBe(`Invitation: Kickoff meeting — ${local.toFormat('cccc d LLLL yyyy, HH:mm')} (America/Chicago)`);
      expect(first!.text).toContain(`(order ${order.number}, ${account.name})`);
      expect(first!.replyTo).toBe(rep.email);

      // The API shows it, with its recipient and step.
      const listed = await ctx.app.inject({ method: 'GET', url: `/api/v1/messages/${first!.id}`, headers: { cookie: admin.cookie } });
      expect(listed.json<Message>()).toMatchObject({ userId: rep.userId, taskId: kickoff.id, calendar: first!.calendar });

      // Handed to a colleague: the same event, next SEQUENCE, to the new assignee.
      const assign = (userId: string) =>
        ctx.app.inject({ method: 'POST', url: `/api/v1/tasks/${kickoff.id}/assign`, headers: admin.headers, payload: { userId } });
      expect((await assign(otherRep.userId)).statusCode).toBe(200);
      const handedOver = await invitationsOf(kickoff.id);
      const second = handedOver.find((m) => m.userId === otherRep.userId);
      expect(second).toMatchObject({ template: 'invitation', to: otherRep.email, calendarSequence: 1 });
      // The previous assignee's calendar loses the event: a cancellation in the same version.
      const withdrawn = handedOver.find((m) => m.template === 'invitation_cancelled')!;
      expect(withdrawn).toMatchObject({ userId: rep.userId, to: rep.email, calendarSequence: 1 });
      expect(withdrawn.subject).toMatch(/^Cancelled: Kickoff meeting — /);
      expect(withdrawn.text).toContain('is cancelled: a colleague has taken it over.');
      const cancelLines = withdrawn.calendar!.split('\r\n');
      expect(cancelLines).toEqual(
        expect.arrayContaining(['METHOD:CANCEL', 'STATUS:CANCELLED', `UID:${invitationUid(kickoff.id)}`, 'SEQUENCE:1']),
      );
      const secondLines = second!.calendar!.split('\r\n');
      expect(secondLines).toContain(`UID:${invitationUid(kickoff.id)}`);
      expect(secondLines).toContain('SEQUENCE:1');
      expect(secondLines.some((l) => l.startsWith('ORGANIZER;CN="Sam Sales":MAILTO:'))).toBe(true);
      // Saying the same again adds nothing.
      expect((await assign(otherRep.userId)).statusCode).toBe(200);
      expect(await invitationsOf(kickoff.id)).toHaveLength(3);
      // And back: a third version, SEQUENCE 2 — Sam's cancelled, Rita invited again.
      expect((await assign(rep.userId)).json<Task>().assignee?.id).toBe(rep.userId);
      expect((await invitationsOf(kickoff.id)).map((m) => [m.calendarSequence, m.template, m.to])).toEqual(
        [
          [0, 'invitation', rep.email],
          [1, 'invitation_cancelled', rep.email],
          [1, 'invitation', otherRep.email],
          [2, 'invitation', rep.email],
          [2, 'invitation_cancelled', otherRep.email],
        ].sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[2]).localeCompare(String(b[2]))),
      );

      const before = smtp.received.length;
      await sendQueuedMessages(
        { db: ctx.database.db, now: ctx.clock.now() },
        { server: { url: smtp.url, from: 'Acme Shop <mail@acme.test>' } },
      );
      const mail = smtp.received.slice(before).find((m) => m.headers['message-id'] === `<${first!.id}@acme.test>`)!;
      expect(mail.to).toContain(rep.email);
      const calendarPart = partOf(mail.raw, 'text/calendar');
      expect(calendarPart).toContain('METHOD:REQUEST');
      expect(calendarPart).toContain(`UID:${invitationUid(kickoff.id)}`);
      expect(mail.raw).toMatch(/content-type:\s*text\/calendar;[^\r\n]*method=REQUEST/i);
    });

    it('a step without an assignee invites nobody until someone takes it', async () => {
      const account = await createTestAccount(ctx, { potentialAnnualSpend: '100000.00', team: [{ userId: csr.userId, role: 'csr' }] });
      const order = await createTestOrder(ctx, csr, { accountId: account.id });
      await drainJobs(ctx);
      const kickoff = await kickoffOf(order.id);
      expect(kickoff.assigneeId).toBeNull();
      expect(await invitationsOf(kickoff.id)).toEqual([]);
      const took = await ctx.app.inject({ method: 'POST', url: `/api/v1/tasks/${kickoff.id}/take`, headers: rep.headers });
      expect(took.statusCode, took.body).toBe(200);
      expect(await invitationsOf(kickoff.id)).toMatchObject([{ userId: rep.userId, calendarSequence: 0 }]);
    });
    it('with customer: true the account’s mail contact gets the same event too, with the assignee on it', async () => {
      await saveCustomerCallPlaybook('plan-call', 'Planning call', 45);
      const account = await createTestAccount(ctx, { timezone: 'Europe/Berlin', team: [{ userId: csr.userId, role: 'csr' }] });
      const [contact] = await ctx.database.db
        .insert(contacts)
        .values({ accountId: account.id, name: 'Jane Buyer', email: 'jane@customer.test', isPrimary: true })
        .returning();
      const order = await createTestOrder(ctx, csr, { accountId: account.id });
      await drainJobs(ctx);
      const call = await stepOf(order.id, 'plan-call');
      const sent = await invitationsOf(call.id);
      expect(sent).toMatchObject([
        { contactId: contact!.id, userId: null, orderId: order.id, to: 'jane@customer.test', calendarSequence: 0 },
        { contactId: null, userId: csr.userId, orderId: null, to: csr.email, calendarSequence: 0 },
      ]);
      // Long lines are folded (RFC 5545 §3.1): unfold before reading.
      const customerIcs = sent[0]!.calendar!.replace(/\r\n[ \t]/g, '');
      expect(customerIcs).toContain(`UID:${invitationUid(call.id)}`);
      expect(customerIcs).toContain('DURATION:PT45M');
      expect(customerIcs).toMatch(/ORGANIZER;CN="Cora CSR":MAILTO:/);
      expect(customerIcs).toMatch(/ATTENDEE;[^\r\n]*CN="Jane Buyer"[^\r\n]*:mailto:jane@customer\.test/i);
      expect(customerIcs).toMatch(/ATTENDEE;[^\r\n]*CN="Cora CSR"/);
      const local = DateTime.fromJSDate(call.dueAt!, { zone: 'Europe/Berlin' }).setLocale('en-GB');
      expect(sent[0]!.subject).toContain(`${local.toFormat('cccc d LLLL yyyy, HH:mm')} (Europe/Berlin)`);
    });
    it('rescheduled, the same event moves (next SEQUENCE, new time) for the assignee and the customer; skipped, it is cancelled for both', async () => {
      await saveCustomerCallPlaybook('review-call', 'Review call', 30);
      const account = await createTestAccount(ctx, { timezone: 'America/Chicago', team: [{ userId: csr.userId, role: 'csr' }] });
      await ctx.database.db
        .insert(contacts)
        .values({ accountId: account.id, name: 'Ravi Buyer', email: `ravi-${account.id.slice(0, 8)}@customer.test`, isPrimary: true });
      const order = await createTestOrder(ctx, csr, { accountId: account.id });
      await drainJobs(ctx);
      const call = await stepOf(order.id, 'review-call');
      expect((await invitationsOf(call.id)).map((m) => m.calendarSequence)).toEqual([0, 0]);

      const reschedule = (dueAt: string, s = csr) =>
        ctx.app.inject({ method: 'POST', url: `/api/v1/tasks/${call.id}/reschedule`, headers: s.headers, payload: { dueAt } });
      // Bad input: not a time, a time past, a colleague without the task — each says why, nothing changes.
      const notATime = await reschedule('next tuesday');
      expect(notATime.statusCode).toBe(400);
      expect(notATime.json()).toMatchObject({ errors: [{ path: 'dueAt' }] });
      const past = await reschedule(new Date(ctx.clock.now().getTime() - 3_600_000).toISOString());
      expect(past.statusCode).toBe(400);
      expect(past.json()).toMatchObject({
        code: 'tasks.invalid',
        errors: [{ path: 'dueAt', message: expect.stringContaining('in the past') }],
      });
      expect((await reschedule(new Date(ctx.clock.now().getTime() + 86_400_000).toISOString(), rep)).statusCode).toBe(403);
      expect(await invitationsOf(call.id)).toHaveLength(2);

      const moved = DateTime.fromJSDate(call.dueAt!).plus({ days: 3 }).set({ hour: 15, minute: 30 }).toUTC();
      const res = await reschedule(moved.toISO()!);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Task>().dueAt).toBe(moved.toJSDate().toISOString());
      const after = await invitationsOf(call.id);
      expect(after).toHaveLength(4);
      const updates = after.filter((m) => m.calendarSequence === 1);
      expect(updates.map((m) => m.template)).toEqual(['invitation', 'invitation']);
      for (const u of updates) {
        const ics = u.calendar!.replace(/\r\n[ \t]/g, '');
        expect(ics).toContain(`UID:${invitationUid(call.id)}`);
        expect(ics).toContain('SEQUENCE:1');
        expect(ics).toContain(`DTSTART:${moved.toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
      }
      // The same time again is no new version.
      expect((await reschedule(moved.toISO()!)).statusCode).toBe(200);
      expect(await invitationsOf(call.id)).toHaveLength(4);

      const skip = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tasks/${call.id}/complete`,
        headers: csr.headers,
        payload: { skip: true, note: 'The customer will write instead.' },
      });
      expect(skip.statusCode, skip.body).toBe(200);
      const cancelled = (await invitationsOf(call.id)).filter((m) => m.template === 'invitation_cancelled');
      expect(cancelled.map((m) => [m.calendarSequence, m.userId ?? m.contactId])).toEqual(
        expect.arrayContaining([
          [2, csr.userId],
          [2, expect.any(String)],
        ]),
      );
      expect(cancelled).toHaveLength(2);
      expect(cancelled.every((m) => m.calendar!.includes('METHOD:CANCEL'))).toBe(true);
      expect(cancelled[0]!.text).toContain('is cancelled: it will not take place.');
      // A closed task is not rescheduled.
      expect((await reschedule(moved.plus({ days: 1 }).toISO()!)).json()).toMatchObject({ code: 'tasks.closed' });

      const before = smtp.received.length;
      await sendQueuedMessages(
        { db: ctx.database.db, now: ctx.clock.now() },
        { server: { url: smtp.url, from: 'Acme Shop <mail@acme.test>' } },
      );
      const cancelMail = smtp.received.slice(before).find((m) => m.headers['message-id'] === `<${cancelled[0]!.id}@acme.test>`)!;
      expect(cancelMail.raw).toMatch(/content-type:\s*text\/calendar;[^\r\n]*method=CANCEL/i);
    });
  });
}

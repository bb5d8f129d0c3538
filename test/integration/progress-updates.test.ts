// Progress updates at the paid audition's milestones (docs/progress-updates.md): the CSR's three
// updates are queued by their message steps when data review passes, when production starts and
// when the double inspection is signed — through the cadence guard, once per step whatever
// replays; a held-back update does its step at once and its news goes with the next update.
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../contract/messages.js';
import type { OrderDetail } from '../../contract/orders.js';
import type { Task } from '../../contract/tasks.js';
import { contacts, domainEvents, messages, playbookRuns, playbooks, tasks } from '../../src/db/schema/index.js';
import { sendQueuedMessages } from '../../src/domain/delivery/index.js';
import { queueMessage } from '../../src/domain/messages/index.js';
import { documentOf } from '../../src/domain/playbooks/queries.js';
import { sendStepMessages } from '../../src/domain/playbooks/message-sends.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, signIn, useTestApp, type Session } from '../support/app.js';
import { passDataReview } from '../support/audition.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';
import { partOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

type Page<T> = { items: T[]; nextCursor: string | null };
const DAY = 24 * 3_600_000;

for (const engine of engines) {
  describe(`progress updates on ${engine}`, () => {
    // The cadence guard's week passes on the clock: sessions must outlive it.
    const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
    let smtp: TestSmtpServer;
    let admin: Session;
    let csr: Session;
    let quality: Session;
    let qualityManager: Session;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      admin = await signIn(ctx, ['admin'], 'Ada Admin');
      csr = await signIn(ctx, ['csr'], 'Cora CSR');
      quality = await signIn(ctx, ['quality'], 'Quinn Quality');
      qualityManager = await signIn(ctx, ['quality_manager'], 'Mona Manager');
      return () => smtp.close();
    });

    /** A request that must answer 200, as `s` (default the admin). */
    const api = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, s = admin): Promise<T> => {
      const headers = method === 'GET' ? { cookie: s.cookie } : s.headers;
      const res = await ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<T>();
    };
    const send = () =>
      sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: { url: smtp.url, from: 'Acme Shop <mail@acme.test>' } });
    const move = (order: OrderDetail, to: string, extra: object = {}) =>
      api<OrderDetail>('POST', `/api/v1/orders/${order.id}/transitions`, { to, ...extra });
    const updates = async (orderId: string) =>
      (await api<Page<Message>>('GET', `/api/v1/messages?orderId=${orderId}`)).items
        .filter((m) => m.template === 'progress_update')
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const step = async (orderId: string, key: string): Promise<Task> => {
      for (const status of ['active', 'done']) {
        const page = await api<{ items: Task[] }>('GET', `/api/v1/tasks?mine=false&status=${status}&orderId=${orderId}`);
        const found = page.items.find((t) => t.stepKey === key);
        if (found) return found;
      }
      throw new Error(`no step ${key}`);
    };
    const signInspection = async (orderId: string) => {
      const t = await step(orderId, 'double-inspection');
      for (const s of [quality, qualityManager]) await api('POST', `/api/v1/tasks/${t.id}/signoffs`, {}, s);
    };

    /** A large account's first order (the paid audition running) with a primary contact. */
    async function audition(updateLimit: number | null = null) {
      const account = await createTestAccount(ctx, { potentialAnnualSpend: '100000.00', team: [{ userId: csr.userId, role: 'csr' }] });
      const email = `${uniq('buyer')}@customer.test`;
      const [contact] = await ctx.database.db
        .insert(contacts)
        .values({ accountId: account.id, name: 'Jane Buyer', email, isPrimary: true, roleAtCustomer: 'buyer', updateLimit })
        .returning();
      const order = await createTestOrder(ctx, csr, { accountId: account.id, promisedDate: '2026-04-30' });
      expect(order.isAudition).toBe(true);
      await drainJobs(ctx);
      return { account, contact: contact!, order, email };
    }

    it('the three milestones queue their updates, with their news; the 3rd in a week is held back, does its step, and goes with the next', async () => {
      const { account, contact, order, email } = await audition();
      expect(await updates(order.id)).toEqual([]);
      expect((await step(order.id, 'update-data-review')).status).toBe('waiting');

      // 1. Data review passed: queued in the transaction that completed the review.
      await move(order, 'data_review');
      await passDataReview(ctx, order.id);
      const [first] = await updates(order.id);
      expect(first).toMatchObject({
        class: 'progress',
        status: 'queued',
        to: email,
        subject: `Order ${order.number}: drawings and specifications reviewed`,
      });
      expect(first!.text).toContain(
        'our engineers reviewed your drawings and specifications, and everything needed to build your order is here.',
      );
      expect(first!.text).toContain('We are on track for the date we promised, 2026-04-30.');
      expect(await step(order.id, 'update-data-review')).toMatchObject({
        status: 'open',
        outcome: { waitingFor: `Queued to ${email}: this step is done by itself once it is sent.`, messageId: first!.id },
        // The outbox's work, not the CSR's: never overdue in My day, never escalated while it waits.
        dueAt: null,
      });
      const before = smtp.received.length;
      await send();
      const mail = smtp.received.slice(before).find((m) => m.to.includes(email))!;
      expect(partOf(mail.raw, 'text/plain')).toContain('our engineers reviewed your drawings');
      const sentStep = await step(order.id, 'update-data-review');
      expect(sentStep.status).toBe('done');
      expect(sentStep.outcome).toMatchObject({ message: { id: first!.id, to: email, subject: first!.subject } });

      // 2. In production: the wait step on the status change opens the second update.
      expect((await step(order.id, 'update-in-production')).status).toBe('waiting');
      ctx.clock.advance(DAY);
      await move(order, 'in_production');
      expect(await updates(order.id)).toHaveLength(1); // the engine hears of it when the event is dispatched
      await drainJobs(ctx);
      const [, second] = await updates(order.id);
      expect(second).toMatchObject({ status: 'queued', subject: `Order ${order.number}: production started` });
      // The first update's sending did not do the second step: each is done by its own message.
      expect((await step(order.id, 'update-in-production')).status).toBe('open');
      await send();
      expect((await step(order.id, 'update-in-production')).status).toBe('done');

      // 3. Inspection signed, the third within 7 days: held back with its reason; the step is done at once.
      ctx.clock.advance(DAY);
      await move(order, 'inspection');
      await signInspection(order.id);
      const [, , third] = await updates(order.id);
      const reason = 'held back: 2 updates already sent this week; its news goes with the next update';
      expect(third).toMatchObject({ status: 'suppressed', reason, subject: `Order ${order.number}: final inspection passed` });
      const held = await step(order.id, 'update-inspection');
      expect(held).toMatchObject({ status: 'done', completedAt: ctx.clock.now().toISOString() });
      expect(held.outcome).toEqual({ heldBack: { id: third!.id, to: email, subject: third!.subject, reason } });
      expect(held.completedBy).toBeNull();

      // Tracking is essential: it goes whatever the guard says.
      await move(order, 'ready_to_ship');
      await move(order, 'shipped', { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', overrideGates: { reason: 'not this test' } });
      const tracking = (await api<Page<Message>>('GET', `/api/v1/messages?orderId=${order.id}`)).items.find(
        (m) => m.template === 'tracking',
      );
      expect(tracking).toMatchObject({ status: 'queued', class: 'essential' });

      // Saving the order again and replaying the events queue no second update.
      await api('PATCH', `/api/v1/orders/${order.id}`, { trackingNumber: '1Z999AA10123456785' });
      await ctx.database.db.update(domainEvents).set({ dispatchedAt: null }).where(eq(domainEvents.subjectId, order.id));
      await drainJobs(ctx);
      expect(await updates(order.id)).toHaveLength(3);

      // The next progress update that may go (a week later) carries the held-back news.
      ctx.clock.advance(8 * DAY);
      const next = await queueMessage(contextFor(ctx, systemActor('test')), {
        accountId: account.id,
        orderId: order.id,
        contactId: contact.id,
        template: 'progress_update',
      });
      expect(next.status).toBe('queued');
      const [folded] = await ctx.database.db.select().from(messages).where(eq(messages.id, next.id));
      expect(folded!.text).toContain(`Also since my last update:\n- Order ${order.number}: final inspection passed`);
      expect((await ctx.database.db.select().from(messages).where(eq(messages.id, third!.id)))[0]!.foldedInto).toBe(next.id);
    });

    it('replaying the step’s opening queues nothing new: one message per step', async () => {
      const { order } = await audition();
      await passDataReview(ctx, order.id);
      const [first] = await updates(order.id);
      const [row] = await ctx.database.db
        .select({ task: tasks, document: playbooks.document, accountId: playbookRuns.accountId })
        .from(tasks)
        .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
        .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
        .where(and(eq(tasks.orderId, order.id), eq(tasks.stepKey, 'update-data-review')));
      const stepDoc = documentOf({ document: row!.document }).steps.find((s) => s.key === 'update-data-review')!;
      await ctx.database.db.transaction((tx) =>
        sendStepMessages(tx, {
          run: { orderId: order.id, accountId: row!.accountId },
          opened: [{ step: stepDoc, taskId: row!.task.id }],
          now: ctx.clock.now(),
        }),
      );
      expect((await updates(order.id)).map((m) => m.id)).toEqual([first!.id]);
    });

    it('a contact’s own limit wins: with 1 a week the second is held back and goes with the third, a week later', async () => {
      const { order, email } = await audition(1);
      await move(order, 'data_review');
      await passDataReview(ctx, order.id);
      ctx.clock.advance(3_600_000);
      await move(order, 'in_production');
      await drainJobs(ctx);
      const [first, second] = await updates(order.id);
      expect(first!.status).toBe('queued');
      expect(second).toMatchObject({
        status: 'suppressed',
        reason: 'held back: 1 update already sent this week; its news goes with the next update',
      });
      expect(await step(order.id, 'update-in-production')).toMatchObject({ status: 'done', outcome: { heldBack: { id: second!.id } } });

      ctx.clock.advance(8 * DAY);
      await move(order, 'inspection');
      await signInspection(order.id);
      const third = (await updates(order.id))[2]!;
      expect(third).toMatchObject({ status: 'queued', to: email, subject: `Order ${order.number}: final inspection passed` });
      expect(third.text).toContain(`Also since my last update:\n- Order ${order.number}: production started`);
      const [heldRow] = await ctx.database.db.select().from(messages).where(eq(messages.id, second!.id));
      expect(heldRow!.foldedInto).toBe(third.id);
      expect((await step(order.id, 'update-inspection')).status).toBe('open');
    });

    it('no contact with an email address: nothing is queued and the step says what to do', async () => {
      const account = await createTestAccount(ctx, { potentialAnnualSpend: '100000.00', team: [{ userId: csr.userId, role: 'csr' }] });
      const order = await createTestOrder(ctx, csr, { accountId: account.id });
      await drainJobs(ctx);
      await passDataReview(ctx, order.id);
      expect(
        await ctx.database.db
          .select()
          .from(messages)
          .where(and(eq(messages.orderId, order.id), isNull(messages.foldedInto))),
      ).toEqual([]);
      expect(await step(order.id, 'update-data-review')).toMatchObject({
        status: 'open',
        outcome: {
          waitingFor: 'The account has no contact with an email address: add one, or tell the customer another way and say how in a note.',
        },
      });
    });
  });
}

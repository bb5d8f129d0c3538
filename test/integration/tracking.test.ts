// Shipped: tracking goes to the customer (P1.10–11). The essential tracking message is queued in the
// transaction that ships the order, with a working carrier link; the paid audition's "Send tracking
// information" step is done by the sent message; shipped without a tracking number, the step stays
// open and says why — until the number is added.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../contract/messages.js';
import type { OrderDetail } from '../../contract/orders.js';
import type { Task } from '../../contract/tasks.js';
import { contacts } from '../../src/db/schema/index.js';
import { sendQueuedMessages } from '../../src/domain/delivery/index.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';
import { passDataReview } from '../support/audition.js';
import { drainJobs } from '../support/jobs.js';
import { partOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

type Page<T> = { items: T[]; nextCursor: string | null };

describe.each(engines)('tracking on shipped on %s', (engine) => {
  const ctx = useTestApp(engine);
  let smtp: TestSmtpServer;
  let admin: Session;
  let csr: Session;
  const server = () => ({ url: smtp.url, from: 'Acme Shop <mail@acme.test>' });
  const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, s = admin) =>
    ctx.app.inject({ method, url, headers: method === 'GET' ? { cookie: s.cookie } : s.headers, ...(payload ? { payload } : {}) });
  const ok = async <T>(p: ReturnType<typeof req>): Promise<T> => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
    return () => smtp.close();
  });

  /** A large account's first order (the paid audition running), with a primary contact, ready to ship. */
  async function audition(withContact = true) {
    const account = await createTestAccount(ctx, { potentialAnnualSpend: '100000.00', team: [{ userId: csr.userId, role: 'csr' }] });
    const email = `${uniq('buyer')}@customer.test`;
    if (withContact)
      await ctx.database.db
        .insert(contacts)
        .values({ accountId: account.id, name: 'Jane Buyer', email, isPrimary: true, roleAtCustomer: 'buyer' });
    const order = await createTestOrder(ctx, csr, {
      accountId: account.id,
      lines: [{ sku: 'PCB-1', description: 'Board', quantity: 10, unitPrice: '5.00' }],
    });
    expect(order.isAudition).toBe(true);
    await drainJobs(ctx);
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship']) {
      if (to === 'in_production') await passDataReview(ctx, order.id);
      await ok(req('POST', `/api/v1/orders/${order.id}/transitions`, { to }));
    }
    return { account, order, email };
  }
  const ship = (order: OrderDetail, extra: Record<string, unknown>) =>
    ok<OrderDetail>(
      req('POST', `/api/v1/orders/${order.id}/transitions`, {
        to: 'shipped',
        overrideGates: { reason: 'gates are not what this test is about' },
        ...extra,
      }),
    );
  const trackingStep = async (orderId: string) => {
    for (const status of ['active', 'done']) {
      const tasks = await ok<{ items: Task[] }>(req('GET', `/api/v1/tasks?mine=false&status=${status}&orderId=${orderId}`));
      const found = tasks.items.find((t) => t.stepKey === 'tracking');
      if (found) return found;
    }
    throw new Error('no tracking step');
  };
  // The audition's progress updates go to the same contact: this file is about the tracking message.
  const messagesOf = async (orderId: string) =>
    json<Page<Message>>(await req('GET', `/api/v1/messages?orderId=${orderId}`)).items.filter((m) => m.template === 'tracking');

  it('ships with carrier and number: the tracking message is queued at once, sent with a working link, and completes the step', async () => {
    const { order, email } = await audition();
    await ship(order, { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    const [queued] = await messagesOf(order.id);
    expect(queued).toMatchObject({
      class: 'essential',
      template: 'tracking',
      status: 'queued',
      to: email,
      subject: `Order ${order.number} has shipped`,
    });
    expect(queued!.text).toContain('https://www.ups.com/track?tracknum=1Z999AA10123456784');

    await drainJobs(ctx);
    const open = await trackingStep(order.id);
    expect(open.status).toBe('open');
    expect(open.outcome).toEqual({ waitingFor: 'The tracking message is in the outbox; this step is done by itself once it is sent.' });

    const before = smtp.received.length;
    await sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: server() });
    const mail = smtp.received.slice(before).find((m) => m.to.includes(email) && m.headers['message-id'] === `<${queued!.id}@acme.test>`)!;
    expect(mail.headers['reply-to']).toBe(csr.email);
    expect(partOf(mail.raw, 'text/html')).toContain(
      '<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784">1Z999AA10123456784</a>',
    );
    expect(partOf(mail.raw, 'text/plain')).toContain('10 × PCB-1 Board');

    const done = await trackingStep(order.id);
    expect(done).toMatchObject({ status: 'done', completedAt: ctx.clock.now().toISOString() });
    expect(done.outcome).toEqual({
      message: {
        id: queued!.id,
        to: email,
        subject: queued!.subject,
        messageId: `<${queued!.id}@acme.test>`,
        sentAt: ctx.clock.now().toISOString(),
      },
    });

    // Saving the order again queues nothing new.
    await ok(req('PATCH', `/api/v1/orders/${order.id}`, { trackingNumber: '1Z999AA10123456785' }));
    expect(await messagesOf(order.id)).toHaveLength(1);
  });

  it('a message sent before the step opened still completes it when it opens', async () => {
    const { order } = await audition();
    await ship(order, { carrier: 'FedEx', trackingNumber: '771234567890' });
    // The mail job runs before the shipped event is dispatched.
    await sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: server() });
    await drainJobs(ctx);
    const step = await trackingStep(order.id);
    expect(step.status).toBe('done');
    expect((step.outcome as { message: { to: string } }).message.to).toMatch(/@customer\.test$/);
  });

  it('shipped without a tracking number: nothing is queued, the step stays open and says why; adding the number sends it', async () => {
    const { order, email } = await audition();
    await ship(order, { carrier: 'DHL' });
    await drainJobs(ctx);
    expect(await messagesOf(order.id)).toEqual([]);
    const open = await trackingStep(order.id);
    expect(open.status).toBe('open');
    expect(open.outcome).toEqual({
      waitingFor: `Order ${order.number} shipped without a tracking number: add it to the order and the tracking message goes out by itself.`,
    });

    await ok(req('PATCH', `/api/v1/orders/${order.id}`, { trackingNumber: '00340434161234567890' }));
    const [queued] = await messagesOf(order.id);
    expect(queued).toMatchObject({ template: 'tracking', to: email, status: 'queued' });
    expect(queued!.text).toContain('https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=00340434161234567890');
    await sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: server() });
    expect((await trackingStep(order.id)).status).toBe('done');
  });

  it('no contact with an email address: nothing is queued and the step says so', async () => {
    const { order } = await audition(false);
    await ship(order, { carrier: 'USPS', trackingNumber: '9400111899223197428490' });
    await drainJobs(ctx);
    expect(await messagesOf(order.id)).toEqual([]);
    expect((await trackingStep(order.id)).outcome).toEqual({
      waitingFor: 'The account has no contact with an email address: add one (the primary contact gets it) and save the order again.',
    });
  });

  it('a carrier Rapport does not know: the message goes with the number and no link', async () => {
    const { order } = await audition();
    await ship(order, { carrier: 'Schenker', trackingNumber: 'SCH-1' });
    const [queued] = await messagesOf(order.id);
    expect(queued!.text).toContain('Tracking number: SCH-1');
    expect(queued!.text).not.toContain('http');
    const [contact] = await ctx.database.db.select().from(contacts).where(eq(contacts.accountId, order.accountId));
    expect(queued!.contactId).toBe(contact!.id);
  });
});

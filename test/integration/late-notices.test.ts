// Telling the truth first (P2.1, P2.5): an order at late risk — found by the daily sweep or by an
// order change — starts the built-in late-notice playbook once per episode: a drafted notice to the
// customer for the CSR, due before the promised date passes, and a call for the rep. The CSR edits
// and sends the draft, which does their step; the advance-notice figure counts who was told in time;
// a correction goes to the customer as an essential message and stays on the timelines.
import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { LateNotices } from '../../contract/analytics.js';
import type { Correction, Message } from '../../contract/messages.js';
import type { OrderDetail } from '../../contract/orders.js';
import type { Task } from '../../contract/tasks.js';
import { contacts, domainEvents, orders, playbooks } from '../../src/db/schema/index.js';
import { sendQueuedMessages } from '../../src/domain/delivery/index.js';
import { installBuiltinPlaybooks } from '../../src/domain/playbooks/index.js';
import { runSweep } from '../../src/domain/sweep/index.js';
import { signWebhook } from '../../src/domain/webhooks/index.js';
import { engines, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq, updateTestSettings } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';
import { multipart } from '../support/multipart.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

type Page<T> = { items: T[]; nextCursor: string | null };
const MONDAY = '2026-03-02T14:00:00Z';

describe.each(engines)('late notices and corrections on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let smtp: TestSmtpServer;
  let admin: Session;
  let csr: Session;
  let rep: Session;
  let quality: Session;
  const server = () => ({ url: smtp.url, from: 'Acme Shop <mail@acme.test>' });
  const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, s = admin, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method,
      url,
      headers: { ...(method === 'GET' ? { cookie: s.cookie } : s.headers), ...headers },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(p: ReturnType<typeof req>, status = 200): Promise<T> => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };
  const lateRiskEvents = async (orderId: string) =>
    ctx.database.db
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'order.late_risk'), eq(domainEvents.subjectId, orderId)));
  const notices = async (orderId: string) =>
    (await ok<Page<Message>>(req('GET', `/api/v1/messages?orderId=${orderId}`))).items.filter((m) => m.template === 'late_notice');
  const lateNoticeTasks = async (orderId: string) =>
    (await ok<{ items: Task[] }>(req('GET', `/api/v1/tasks?mine=false&status=active&orderId=${orderId}`))).items
      .concat((await ok<{ items: Task[] }>(req('GET', `/api/v1/tasks?mine=false&status=done&orderId=${orderId}`))).items)
      .filter((t) => t.run?.playbookKey === 'late-notice');
  async function sweep() {
    await drainJobs(ctx);
    await runSweep({ db: ctx.database.db, now: ctx.clock.now() });
    await drainJobs(ctx);
  }

  /** A customer with a primary contact, served by the CSR and a rep (the test's own rep, for the figure). */
  async function customer(salesId = rep.userId) {
    const account = await createTestAccount(ctx, {
      team: [
        { userId: csr.userId, role: 'csr' },
        { userId: salesId, role: 'sales' },
      ],
    });
    const email = `${uniq('buyer')}@customer.test`;
    const [contact] = await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email, isPrimary: true, roleAtCustomer: 'buyer' })
      .returning();
    return { account, contact: contact!, email };
  }

  /** An order promised for `promisedDate`, then PATCHed to ship on `expected` (past the promise): late risk now. */
  async function lateOrder(accountId: string, promisedDate = '2026-03-02', expected = '2026-03-05') {
    const order = await createTestOrder(ctx, csr, { accountId, promisedDate });
    await drainJobs(ctx);
    await ok<OrderDetail>(req('PATCH', `/api/v1/orders/${order.id}`, { expectedShipDate: expected }, csr));
    await drainJobs(ctx);
    return order;
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
    rep = await signIn(ctx, ['sales'], 'Rita Rep');
    quality = await signIn(ctx, ['quality'], 'Quinn Quality');
    // No typical stage times: late risk here comes from the dates alone (the stage-times rule has its own tests).
    await updateTestSettings(ctx, admin, { stageDays: { received: 0, data_review: 0, in_production: 0, inspection: 0, ready_to_ship: 0 } });
    return () => smtp.close();
  });
  beforeEach(() => ctx.clock.set(MONDAY));

  it('installs the late-notice playbook on a database that has the other built-ins already', async () => {
    // An installation from before this release: every built-in but late-notice.
    await ctx.database.db
      .update(playbooks)
      .set({ key: 'late-notice-gone', isCurrent: false, isEnabled: false })
      .where(eq(playbooks.key, 'late-notice'));
    expect(await installBuiltinPlaybooks({ db: ctx.database.db, now: ctx.clock.now() })).toEqual(['late-notice']);
    expect(await installBuiltinPlaybooks({ db: ctx.database.db, now: ctx.clock.now() })).toEqual([]);
  });

  it('an expected date moved past the promise drafts one notice for the CSR, due before the promised date passes, and a call for the rep', async () => {
    const { account, email } = await customer();
    const order = await lateOrder(account.id);
    // Emitted by the change itself, not by tomorrow's sweep.
    expect(await lateRiskEvents(order.id)).toHaveLength(1);

    const [draft, ...more] = await notices(order.id);
    expect(more).toEqual([]);
    expect(draft).toMatchObject({ status: 'draft', class: 'essential', to: email, accountId: account.id, orderId: order.id });
    expect(draft!.subject).toBe(`Order ${order.number} will ship later than promised`);
    expect(draft!.text).toContain(`we promised to ship your order ${order.number} on 2026-03-02`);
    expect(draft!.text).toContain('It will now ship on 2026-03-05.');
    expect(draft!.text).toContain('What happened: [[what caused the delay]]');

    const tasks = await lateNoticeTasks(order.id);
    const notice = tasks.find((t) => t.kind === 'message')!;
    const call = tasks.find((t) => t.kind === 'call')!;
    expect(notice).toMatchObject({
      role: 'csr',
      assignee: { id: csr.userId },
      status: 'open',
      title: `Send the late notice for order ${order.number}`,
    });
    expect(notice.outcome).toMatchObject({ draftId: draft!.id });
    expect(call).toMatchObject({ role: 'sales', assignee: { id: rep.userId }, status: 'open' });
    // One working day after the episode began would be Tuesday 00:00; the promise is Monday, so it is due by Monday's end.
    for (const t of [notice, call]) expect(t.dueAt).toBe('2026-03-02T23:59:59.999Z');

    // Sweeping (twice) and saving the order again, with or without the same date, draft nothing more.
    await sweep();
    await sweep();
    await ok(req('PATCH', `/api/v1/orders/${order.id}`, { expectedShipDate: '2026-03-05' }, csr));
    await ok(req('PATCH', `/api/v1/orders/${order.id}`, { externalRef: uniq('PO') }, csr));
    await drainJobs(ctx);
    expect(await lateRiskEvents(order.id)).toHaveLength(1);
    expect(await notices(order.id)).toHaveLength(1);
    expect(await lateNoticeTasks(order.id)).toHaveLength(2);
  });

  it('a newer episode (the date moved again) replaces the unsent notice: the old draft is withdrawn with the reason, one notice and one call stay open', async () => {
    const { account } = await customer();
    const order = await lateOrder(account.id, '2026-03-02', '2026-03-05');
    const [first] = await notices(order.id);
    await ok<OrderDetail>(req('PATCH', `/api/v1/orders/${order.id}`, { expectedShipDate: '2026-03-09' }, csr));
    await drainJobs(ctx);
    expect(await lateRiskEvents(order.id)).toHaveLength(2);

    const all = await notices(order.id);
    expect(all).toHaveLength(2);
    const old = all.find((m) => m.id === first!.id)!;
    const current = all.find((m) => m.id !== first!.id)!;
    expect(old).toMatchObject({ status: 'suppressed' });
    expect(old.reason).toContain('the expected date moved again');
    expect(current).toMatchObject({ status: 'draft' });
    expect(current.text).toContain('It will now ship on 2026-03-09.');

    const tasks = await lateNoticeTasks(order.id);
    const open = tasks.filter((t) => t.status === 'open');
    expect(open.map((t) => t.kind).sort()).toEqual(['call', 'message']);
    expect(open.find((t) => t.kind === 'message')!.outcome).toMatchObject({ draftId: current.id });
    // The withdrawn draft cannot be sent by mistake.
    const res = await req('POST', `/api/v1/messages/${old.id}/send`, {}, csr);
    expect(res.statusCode, res.body).toBe(409);
    // Replaying the sweep changes nothing.
    await sweep();
    expect(await notices(order.id)).toHaveLength(2);
    expect((await lateNoticeTasks(order.id)).filter((t) => t.status === 'open')).toHaveLength(2);
  });

  /** Uploads an orders file as the admin, through the API; it must succeed. */
  const importOrders = async (name: string, content: string) => {
    const body = multipart({ kind: 'orders' }, { name, content });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ status: string }>().status).toBe('succeeded');
  };

  it('an orders import that moves the expected date past the promise emits late risk at once, once per episode', async () => {
    const ref = uniq('ACC');
    const account = await createTestAccount(ctx, { externalRef: ref, team: [{ userId: csr.userId, role: 'csr' }] });
    await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('buyer')}@customer.test`, isPrimary: true });
    const order = await createTestOrder(ctx, csr, { accountId: account.id, promisedDate: '2026-03-04' });
    await drainJobs(ctx);
    const file = `number,accountRef,placedAt,amount,promisedDate,expectedShipDate\n${order.number},${ref},${order.placedAt},100.00,2026-03-04,2026-03-11\n`;
    for (let i = 0; i < 2; i += 1) await importOrders('orders.csv', file);
    await drainJobs(ctx);
    expect(await lateRiskEvents(order.id)).toHaveLength(1);
    const [draft, ...more] = await notices(order.id);
    expect(more).toEqual([]);
    expect(draft!.text).toContain('It will now ship on 2026-03-11.');
  });

  it('a new open order that an import brings in already past its promise emits late risk at once', async () => {
    const ref = uniq('ACC');
    await createTestAccount(ctx, { externalRef: ref, team: [{ userId: csr.userId, role: 'csr' }] });
    const number = uniq('NEW');
    const file = `number,accountRef,placedAt,amount,promisedDate,expectedShipDate\n${number},${ref},2026-03-01,100.00,2026-03-04,2026-03-11\n`;
    await importOrders('new-late.csv', file);
    const [row] = await ctx.database.query<{ id: string }>('select id from orders where number = $1', [number]);
    await drainJobs(ctx);
    expect(await lateRiskEvents(row!.id)).toHaveLength(1);
  });

  it('the ERP webhook that moves the expected date past the promise drafts the notice at once', async () => {
    const { account } = await customer();
    const order = await createTestOrder(ctx, csr, { accountId: account.id, promisedDate: '2026-03-05' });
    await drainJobs(ctx);
    const secret = await ok<{ secret: string }>(req('POST', '/api/v1/webhooks/secrets', { name: uniq('ERP') }), 201);
    const send = async () => {
      const id = `msg_${crypto.randomUUID()}`;
      const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
      const body = JSON.stringify({ type: 'order.updated', data: { number: order.number, expectedShipDate: '2026-03-10' } });
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/hooks/erp',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret.secret, id, timestamp, body),
        },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await send();
    await send(); // the ERP says it again: the same episode
    await drainJobs(ctx);
    expect(await lateRiskEvents(order.id)).toHaveLength(1);
    const [draft, ...more] = await notices(order.id);
    expect(more).toEqual([]);
    expect(draft).toMatchObject({ status: 'draft' });
    expect(draft!.text).toContain('It will now ship on 2026-03-10.');
  });

  it('the daily sweep finds a late order nobody touched and drafts its notice once', async () => {
    const { account } = await customer();
    const order = await createTestOrder(ctx, csr, { accountId: account.id, promisedDate: '2026-03-04' });
    await drainJobs(ctx);
    // Written around the use cases (as an ERP database job might): only the sweep can see it.
    await ctx.database.db.update(orders).set({ expectedShipDate: '2026-03-09' }).where(eq(orders.id, order.id));
    expect(await lateRiskEvents(order.id)).toHaveLength(0);
    await sweep();
    await sweep();
    expect(await lateRiskEvents(order.id)).toHaveLength(1);
    const [draft] = await notices(order.id);
    expect(draft).toMatchObject({ status: 'draft' });
    expect(draft!.text).toContain('It will now ship on 2026-03-09.');
    const notice = (await lateNoticeTasks(order.id)).find((t) => t.kind === 'message')!;
    // One working day after the sweep's Monday 00:00 is Tuesday 00:00, before opening: due at
    // opening, 08:00 (UTC here), still before the end of Wednesday's promise.
    expect(notice.dueAt).toBe('2026-03-03T08:00:00.000Z');
  });

  it('the CSR edits the draft and sends it: it joins the outbox and the step is done with it; it then goes out', async () => {
    const { account, email } = await customer();
    const order = await lateOrder(account.id);
    const [draft] = await notices(order.id);

    // Not before the [[parts]] are written: the problem names the field and the parts.
    const unfinished = await req('POST', `/api/v1/messages/${draft!.id}/send`, undefined, csr);
    expect(unfinished.statusCode, unfinished.body).toBe(400);
    expect(unfinished.headers['content-type']).toContain('application/problem+json');
    const problem = unfinished.json<{ code: string; errors: { path: string; message: string }[] }>();
    expect(problem.code).toBe('messages.draft_unfinished');
    expect(problem.errors).toEqual([{ path: 'text', message: expect.stringContaining('[[what caused the delay]]') }]);

    const text = draft!.text
      .replace('[[what caused the delay]]', 'our plating line was down for two days & lost the slot.')
      .replace('[[what is being done]]', 'we moved your boards to the first slot on Wednesday <priority>.');
    const edited = await ok<Message>(
      req('PATCH', `/api/v1/messages/${draft!.id}`, { subject: 'Your order will be three days late', text }, csr),
    );
    expect(edited).toMatchObject({ status: 'draft', subject: 'Your order will be three days late' });
    expect(edited.text).toContain('our plating line was down');
    expect(edited.html).toContain('two days &amp; lost the slot.');
    expect(edited.html).toContain('&lt;priority&gt;');

    const key = { 'idempotency-key': uniq('send') };
    const sent = await req('POST', `/api/v1/messages/${draft!.id}/send`, undefined, csr, key);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<Message>()).toMatchObject({ status: 'queued', to: email });
    // The same key replays the answer; nothing is done twice.
    const replay = await req('POST', `/api/v1/messages/${draft!.id}/send`, undefined, csr, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // Without the key, a second send is refused: it is no longer a draft.
    const again = await req('POST', `/api/v1/messages/${draft!.id}/send`, undefined, csr);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('messages.not_draft');
    const late = await req('PATCH', `/api/v1/messages/${draft!.id}`, { text: 'too late' }, csr);
    expect(late.statusCode).toBe(409);

    const notice = (await lateNoticeTasks(order.id)).find((t) => t.kind === 'message')!;
    expect(notice).toMatchObject({ status: 'done', completedBy: { id: csr.userId } });
    expect(notice.outcome).toMatchObject({ message: { id: draft!.id, to: email, subject: 'Your order will be three days late' } });

    await sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: server() });
    expect((await notices(order.id))[0]).toMatchObject({ status: 'sent', sentAt: ctx.clock.now().toISOString() });
    expect(smtp.received.find((m) => m.to.includes(email))?.headers['subject']).toContain('Your order will be three days late');
  });

  it('counts the late orders whose customer was told by the promised date', async () => {
    const figureRep = await signIn(ctx, ['sales'], 'Fred Figures');
    const told = await customer(figureRep.userId);
    const toldLate = await customer(figureRep.userId);
    const notTold = await customer(figureRep.userId);
    const onTime = await customer(figureRep.userId);
    const a = await lateOrder(told.account.id);
    const b = await lateOrder(toldLate.account.id);
    await lateOrder(notTold.account.id);
    await createTestOrder(ctx, csr, { accountId: onTime.account.id, promisedDate: '2026-03-20' });
    const release = async (orderId: string) => {
      const [d] = await notices(orderId);
      const text = d!.text.replace(/\[\[[^\]]*\]\]/g, 'written');
      await ok(req('PATCH', `/api/v1/messages/${d!.id}`, { text }, csr));
      await ok(req('POST', `/api/v1/messages/${d!.id}/send`, undefined, csr));
      await sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: server() });
    };
    await release(a.id); // Monday, the promised day itself: in time
    ctx.clock.set('2026-03-03T09:00:00Z');
    await release(b.id); // Tuesday: after the promised date passed

    ctx.clock.set('2026-03-06T09:00:00Z');
    const figure = await ok<LateNotices>(
      req('GET', `/api/v1/analytics/late-notices?from=2026-03-01&to=2026-03-06&rep=${figureRep.userId}`),
    );
    expect(figure).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-06',
      asOf: '2026-03-06',
      lateOrders: 3,
      notifiedInAdvance: 1,
      share: { numerator: 1, denominator: 3, rate: 1 / 3 },
    });
    // As of Monday nothing was late yet (the promise was that day).
    const monday = await ok<LateNotices>(req('GET', `/api/v1/analytics/late-notices?asOf=2026-03-02&rep=${figureRep.userId}`));
    expect(monday).toMatchObject({ lateOrders: 0, notifiedInAdvance: 0, share: { rate: null } });

    const bad = await req('GET', '/api/v1/analytics/late-notices?from=2026-03-06&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('to');
  });

  it('a correction about an order goes out as an essential message and stays on the order history and the account timeline', async () => {
    const { account, email } = await customer();
    const order = await createTestOrder(ctx, csr, { accountId: account.id, promisedDate: '2026-03-10' });
    const res = await ok<Correction>(
      req(
        'POST',
        `/api/v1/accounts/${account.id}/corrections`,
        { said: 'The boards ship with gold plating.', correction: 'They ship with tin plating; gold would add a week.', orderId: order.id },
        rep,
        { 'idempotency-key': uniq('corr') },
      ),
      201,
    );
    expect(res.message).toMatchObject({ status: 'queued', class: 'essential', template: 'correction', to: email, orderId: order.id });
    expect(res.message.subject).toBe(`A correction about order ${order.number}`);
    expect(res.message.text).toContain('What we said: The boards ship with gold plating.');
    expect(res.message.text).toContain('What is true: They ship with tin plating; gold would add a week.');
    // Signed by its writer.
    expect(res.message.text).toContain('Rita Rep');

    const detail = await ok<OrderDetail>(req('GET', `/api/v1/orders/${order.id}`));
    const event = detail.events.find((e) => e.kind === 'correction');
    expect(event).toMatchObject({ note: expect.stringContaining('We said: The boards ship with gold plating.') });
    const timeline = await ok<Page<TimelineItem>>(req('GET', `/api/v1/accounts/${account.id}/timeline`));
    expect(timeline.items.map((i) => i.title)).toContain(`Order ${order.number}: correction`);

    // About the account alone: on its timeline.
    await ok<Correction>(
      req(
        'POST',
        `/api/v1/accounts/${account.id}/corrections`,
        { said: 'Our price list is valid until June.', correction: 'It is valid until April.' },
        csr,
      ),
      201,
    );
    const after = await ok<Page<TimelineItem>>(req('GET', `/api/v1/accounts/${account.id}/timeline`));
    expect(after.items.find((i) => i.source === 'activity' && i.type === 'correction')).toMatchObject({
      title: 'Correction: To Jane Buyer',
    });
  });

  it('refuses bad corrections and drafts with a problem naming the field', async () => {
    const { account } = await customer();
    const other = await customer();
    const otherOrder = await createTestOrder(ctx, csr, { accountId: other.account.id });
    const url = `/api/v1/accounts/${account.id}/corrections`;
    const problem = async (payload: object, status = 400) => {
      const res = await req('POST', url, payload, csr);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json<{ code: string; errors?: { path: string; message: string }[] }>();
    };
    expect((await problem({ correction: 'x' })).errors?.map((e) => e.path)).toEqual(['said']);
    expect((await problem({ said: 'x', correction: '   ' })).errors?.map((e) => e.path)).toEqual(['correction']);
    expect((await problem({ said: 'x', correction: 'y', colour: 'red' })).errors?.map((e) => e.path)).toEqual(['colour']);
    const wrongOrder = await problem({ said: 'x', correction: 'y', orderId: otherOrder.id });
    expect(wrongOrder).toMatchObject({ code: 'corrections.invalid', errors: [{ path: 'orderId' }] });
    const wrongContact = await problem({ said: 'x', correction: 'y', contactId: other.contact.id });
    expect(wrongContact).toMatchObject({ code: 'corrections.invalid', errors: [{ path: 'contactId' }] });
    const nobody = await req('POST', `/api/v1/accounts/${crypto.randomUUID()}/corrections`, { said: 'x', correction: 'y' }, csr);
    expect(nobody.statusCode).toBe(404);

    const order = await lateOrder(account.id);
    const [draft] = await notices(order.id);
    const empty = await req('PATCH', `/api/v1/messages/${draft!.id}`, {}, csr);
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['text']);
    const blank = await req('PATCH', `/api/v1/messages/${draft!.id}`, { subject: '  ' }, csr);
    expect(blank.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['subject']);
  });

  it('only the people who talk to customers edit and send drafts or write corrections', async () => {
    const { account } = await customer();
    const order = await lateOrder(account.id);
    const [draft] = await notices(order.id);
    for (const s of [rep, quality]) {
      expect((await req('PATCH', `/api/v1/messages/${draft!.id}`, { text: 'x' }, s)).statusCode).toBe(403);
      expect((await req('POST', `/api/v1/messages/${draft!.id}/send`, undefined, s)).statusCode).toBe(403);
    }
    expect((await req('POST', `/api/v1/accounts/${account.id}/corrections`, { said: 'x', correction: 'y' }, quality)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/messages/${draft!.id}/send` })).statusCode).toBe(401);
    expect((await notices(order.id))[0]).toMatchObject({ status: 'draft', text: draft!.text });
  });
});

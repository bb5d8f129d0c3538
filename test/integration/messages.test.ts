// The outbox and real email: messages written in their cause's transaction, sent over a real SMTP
// conversation (smtp-server on 127.0.0.1), retried with backoff, failed with the server's words,
// retried by a person with the same Message-ID — and nothing lost while no mail server is configured.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_TEMPLATE_KEYS, type Message, type MessageTemplate, type TestEmailResult } from '../../contract/messages.js';
import type { OrderDetail } from '../../contract/orders.js';
import type { TimelineItem } from '../../contract/activities.js';
import { accountTeam, contacts, messages } from '../../src/db/schema/index.js';
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs, sendQueuedMessages } from '../../src/domain/delivery/index.js';
import { NO_MAIL_SERVER, queueMessage, type MailServer } from '../../src/domain/messages/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';
import { partOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

type Page<T> = { items: T[]; nextCursor: string | null };
const FROM = 'Acme Shop <mail@acme.test>';

describe.each(engines)('messages on %s', (engine) => {
  // The cadence guard's week passes on the clock: sessions must outlive it.
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let smtp: TestSmtpServer;
  let refusing: TestSmtpServer;
  let admin: Session;
  let csr: Session;
  const good = (): MailServer => ({ url: smtp.url, from: FROM });
  const bad = (): MailServer => ({ url: refusing.url, from: FROM });
  const get = (url: string, s = csr) => ctx.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const send = (server: MailServer | null) => sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server });
  /** The app reads SMTP_URL / MAIL_FROM from its config; a test says which it runs with. */
  const configureMail = (server: MailServer | null) => {
    ctx.app.ctx.config.smtpUrl = server?.url;
    ctx.app.ctx.config.mailFrom = server?.from;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    refusing = await startSmtpServer({ refuseLogin: true });
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
  });
  afterAll(async () => {
    await smtp?.close();
    await refusing?.close();
  });

  /** An account whose CSR is Cora, with a primary contact, and an order with a line. */
  async function customer(name = uniq('Acme')) {
    const account = await createTestAccount(ctx, { name });
    await ctx.database.db.insert(accountTeam).values({ accountId: account.id, userId: csr.userId, role: 'csr' });
    const [contact] = await ctx.database.db
      .insert(contacts)
      .values({
        accountId: account.id,
        name: 'Jane Buyer',
        email: `${uniq('jane')}@customer.test`,
        isPrimary: true,
        roleAtCustomer: 'buyer',
      })
      .returning();
    const order = await createTestOrder(ctx, csr, {
      accountId: account.id,
      lines: [{ sku: 'PCB-1', description: 'Four-layer board', quantity: 250, unitPrice: '1.20' }],
    });
    return { account, contact: contact!, order };
  }

  async function queue(c: Awaited<ReturnType<typeof customer>>, template: 'generic' | 'progress_update' | 'tracking' = 'progress_update') {
    return ctx.database.db.transaction((tx) =>
      queueMessage(
        { ...contextFor(ctx, systemActor('test')), db: tx },
        { accountId: c.account.id, orderId: c.order.id, contactId: c.contact.id, template },
      ),
    );
  }
  const messageRow = async (id: string) => (await ctx.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;

  it('writes a message in the transaction of its cause: rolled back with it, rendered once, once per idempotency key', async () => {
    const c = await customer();
    const base = { accountId: c.account.id, orderId: c.order.id, contactId: c.contact.id, template: 'progress_update' as const };
    await expect(
      ctx.database.db.transaction(async (tx) => {
        await queueMessage({ ...contextFor(ctx), db: tx }, base);
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect(await ctx.database.db.select().from(messages).where(eq(messages.accountId, c.account.id))).toEqual([]);

    const first = await ctx.database.db.transaction((tx) =>
      queueMessage({ ...contextFor(ctx), db: tx }, { ...base, idempotencyKey: `k:${c.order.id}` }),
    );
    const again = await ctx.database.db.transaction((tx) =>
      queueMessage({ ...contextFor(ctx), db: tx }, { ...base, idempotencyKey: `k:${c.order.id}` }),
    );
    expect(first).toMatchObject({ status: 'queued', isNew: true });
    expect(again).toEqual({ id: first.id, status: 'queued', isNew: false });
    const row = await messageRow(first.id);
    expect(row).toMatchObject({ to: c.contact.email, class: 'progress', template: 'progress_update', replyTo: csr.email, attempts: 0 });
    expect(row.subject).toBe(`Order ${c.order.number}: Received`);
    expect(row.text).toContain('Hello Jane Buyer');
    expect(row.text).toContain('Cora CSR');
  });

  it('refuses a contact of another account or one without an address, naming the field', async () => {
    const c = await customer();
    const other = await customer();
    const [mute] = await ctx.database.db.insert(contacts).values({ accountId: c.account.id, name: 'No Mail' }).returning();
    for (const contactId of [other.contact.id, mute!.id]) {
      await expect(
        ctx.database.db.transaction((tx) =>
          queueMessage({ ...contextFor(ctx), db: tx }, { accountId: c.account.id, contactId, template: 'generic' }),
        ),
      ).rejects.toMatchObject({ code: 'messages.invalid', errors: [{ path: 'contactId' }] });
    }
  });

  it('with no mail server, keeps messages queued and says why; they go out once one is configured', async () => {
    ctx.clock.advance(60_000);
    const c = await customer(`<script>alert(1)</script> ${uniq('Evil')}`);
    const q = await queue(c, 'generic');
    configureMail(null);
    expect(await send(null)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const waiting = json<Page<Message>>(await get(`/api/v1/messages?accountId=${c.account.id}`));
    expect(waiting.items).toHaveLength(1);
    expect(waiting.items[0]).toMatchObject({ id: q.id, status: 'queued', reason: NO_MAIL_SERVER, sentAt: null, messageId: null });

    configureMail(good());
    ctx.clock.advance(60_000);
    const before = smtp.received.length;
    const result = await send(good());
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mail = smtp.received.slice(before).find((m) => m.to.includes(c.contact.email!))!;
    expect(mail).toBeDefined();
    expect(mail.from).toBe('mail@acme.test');
    expect(mail.headers['message-id']).toBe(`<${q.id}@acme.test>`);
    expect(mail.headers['from']).toBe('Acme Shop <mail@acme.test>');
    expect(mail.headers['to']).toBe(c.contact.email);
    expect(mail.headers['reply-to']).toBe(csr.email);
    expect(mail.headers['subject']).toBe('From My company');
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(partOf(mail.raw, 'text/plain')).toContain('Hello Jane Buyer');
    expect(partOf(mail.raw, 'text/html')).toContain('<p>Hello Jane Buyer,</p>');

    const sent = json<Message>(await get(`/api/v1/messages/${q.id}`));
    expect(sent).toMatchObject({
      status: 'sent',
      reason: null,
      messageId: `<${q.id}@acme.test>`,
      attempts: 1,
      sentAt: ctx.clock.now().toISOString(),
    });
  });

  it('escapes what a field holds in the HTML part, and keeps the plain text as written', async () => {
    const c = await customer();
    await ctx.database.db.update(contacts).set({ name: '<script>alert("x")</script> Jane' }).where(eq(contacts.id, c.contact.id));
    const q = await queue(c, 'generic');
    const row = await messageRow(q.id);
    expect(row.html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Jane');
    expect(row.html).not.toContain('<script>');
    expect(row.text).toContain('<script>alert("x")</script> Jane');
  });

  it('puts a sent message on the order’s history and the account’s timeline', async () => {
    ctx.clock.advance(60_000);
    const c = await customer();
    const q = await queue(c);
    await send(good());
    const order = json<OrderDetail>(await get(`/api/v1/orders/${c.order.id}`));
    const sentEvent = order.events.find((e) => e.kind === 'message_sent');
    expect(sentEvent).toMatchObject({ at: ctx.clock.now().toISOString() });
    expect(sentEvent!.note).toContain(c.contact.email!);
    const timeline = json<Page<TimelineItem>>(await get(`/api/v1/accounts/${c.account.id}/timeline`));
    const entry = timeline.items.find((t) => t.type === 'message_sent');
    expect(entry).toMatchObject({ source: 'order', orderId: c.order.id });
    expect(entry!.title).toContain('message sent');
    expect(entry!.detail).toContain(`Order ${c.order.number}: Received`);
    expect((await messageRow(q.id)).status).toBe('sent');
  });

  it('a server that refuses the login: the attempt fails with its words, retries back off, then the message fails for good', async () => {
    ctx.clock.advance(60_000);
    const c = await customer();
    const q = await queue(c);
    configureMail(bad());
    await send(bad());
    let row = await messageRow(q.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, messageId: `<${q.id}@acme.test>` });
    expect(row.lastError).toMatch(/535/);
    expect(row.lastError).toMatch(/Authentication credentials invalid/);
    expect(row.nextAttemptAt).toEqual(new Date(ctx.clock.now().getTime() + retryDelayMs(1)));
    // Not due yet: a second pass a second later does not try again.
    ctx.clock.advance(1000);
    await send(bad());
    expect((await messageRow(q.id)).attempts).toBe(1);
    const listed = json<Message>(await get(`/api/v1/messages/${q.id}`));
    expect(listed).toMatchObject({ status: 'queued', reason: null, attempts: 1 });
    expect(listed.lastError).toMatch(/535/);

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
      ctx.clock.advance(retryDelayMs(attempt - 1));
      await send(bad());
      expect((await messageRow(q.id)).attempts).toBe(attempt);
    }
    row = await messageRow(q.id);
    expect(row.status).toBe('failed');
    expect(row.reason).toMatch(/^not sent: .*535/);

    // A person retries once the server is right: the same Message-ID goes out.
    const retried = await ctx.app.inject({ method: 'POST', url: `/api/v1/messages/${q.id}/retry`, headers: csr.headers });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(json<Message>(retried)).toMatchObject({ status: 'queued', attempts: 0 });
    configureMail(good());
    const before = smtp.received.length;
    await send(good());
    const mail = smtp.received.slice(before).find((m) => m.to.includes(c.contact.email!));
    expect(mail?.headers['message-id']).toBe(`<${q.id}@acme.test>`);
    expect(await messageRow(q.id)).toMatchObject({ status: 'sent', attempts: 1 });

    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/messages/${q.id}/retry`, headers: csr.headers });
    expect(again.statusCode).toBe(409);
    expect(json(again)['code']).toBe('messages.not_retryable');
  });

  it('a worker that died mid-send: its lease runs out, the next sends the same mail with the same Message-ID', async () => {
    ctx.clock.advance(60_000);
    const c = await customer();
    const q = await queue(c);
    // The dead worker claimed it: a lease, one attempt, its Message-ID fixed.
    await ctx.database.db
      .update(messages)
      .set({ lockedUntil: new Date(ctx.clock.now().getTime() + LEASE_MS), attempts: 1, messageId: `<${q.id}@acme.test>` })
      .where(eq(messages.id, q.id));
    await send(good());
    expect((await messageRow(q.id)).status).toBe('queued');
    ctx.clock.advance(LEASE_MS);
    const before = smtp.received.length;
    await send(good());
    const mails = smtp.received.slice(before).filter((m) => m.to.includes(c.contact.email!));
    expect(mails.map((m) => m.headers['message-id'])).toEqual([`<${q.id}@acme.test>`]);
    expect(await messageRow(q.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('lists messages by account, order, status and class, newest first, page by page', async () => {
    ctx.clock.advance(60_000);
    const c = await customer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ctx.clock.advance(60_000);
      ids.push((await queue(c, i % 2 === 0 ? 'progress_update' : 'generic')).id);
    }
    const all: Message[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Message> = json(await get(`/api/v1/messages?accountId=${c.account.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.map((m) => m.id)).toEqual([...ids].reverse());
    const progress = json<Page<Message>>(await get(`/api/v1/messages?orderId=${c.order.id}&class=progress`));
    expect(progress.items.map((m) => m.id)).toEqual([ids[4], ids[2], ids[0]]);
    const essential = json<Page<Message>>(await get(`/api/v1/messages?accountId=${c.account.id}&class=essential&status=queued`));
    expect(essential.items.map((m) => m.id)).toEqual([ids[3], ids[1]]);
    expect(json<Page<Message>>(await get(`/api/v1/messages?accountId=${c.account.id}&status=sent`)).items).toEqual([]);
    const bad = await get('/api/v1/messages?status=lost&class=loud&cursor=zz');
    expect(bad.statusCode).toBe(400);
    const paths = json<{ errors: { path: string }[] }>(bad).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['status', 'class']));
  });

  it('the cadence guard: a third progress update in a week is held back with its reason and folded into the next; essential always goes; a contact’s own limit wins', async () => {
    ctx.clock.advance(60_000);
    const c = await customer();
    const first = await queue(c);
    ctx.clock.advance(3_600_000);
    const second = await queue(c);
    ctx.clock.advance(3_600_000);
    const third = await queue(c);
    const essential = await queue(c, 'generic');
    expect([first.status, second.status, third.status, essential.status]).toEqual(['queued', 'queued', 'suppressed', 'queued']);
    const held = json<Message>(await get(`/api/v1/messages/${third.id}`));
    expect(held.reason).toBe('held back: 2 updates already sent this week; its news goes with the next update');
    expect(json<Page<Message>>(await get(`/api/v1/messages?accountId=${c.account.id}&status=suppressed`)).items.map((m) => m.id)).toEqual([
      third.id,
    ]);

    // A week after the first, a place frees: the next update carries the held-back news.
    ctx.clock.advance(7 * 24 * 3_600_000 - 2 * 3_600_000 + 60_000);
    const fourth = await queue(c);
    expect(fourth.status).toBe('queued');
    const row = await messageRow(fourth.id);
    expect(row.text).toContain(`Also since my last update:\n- ${held.subject}`);
    expect(row.html).toContain(`<li>${held.subject}</li>`);
    expect(json<Message>(await get(`/api/v1/messages/${third.id}`))).toMatchObject({ status: 'suppressed', foldedInto: fourth.id });
    // Folded once: the next update does not repeat it.
    await ctx.database.db.update(contacts).set({ updateLimit: 10 }).where(eq(contacts.id, c.contact.id));
    expect((await messageRow((await queue(c)).id)).text).not.toContain('Also since my last update');

    // The contact's own limit: none at all — progress held back, essential still goes.
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${c.contact.id}`,
      headers: csr.headers,
      payload: { updateLimit: 0 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const none = await queue(c);
    expect(none.status).toBe('suppressed');
    expect((await messageRow(none.id)).reason).toBe(
      'held back: this contact gets no progress updates (their limit is 0 a week); its news goes with the next update',
    );
    expect((await queue(c, 'generic')).status).toBe('queued');
  });

  it('send test email: says what the server answered — its refusal word for word, its acceptance, or that none is configured', async () => {
    const test = (to: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/settings/mail/test', headers: admin.headers, payload: { to } });
    configureMail(null);
    const none = await test('ops@acme.test');
    expect(none.statusCode).toBe(409);
    expect(json(none)['code']).toBe('messages.no_mail_server');
    const status = json(await get('/api/v1/settings/mail', admin));
    expect(status).toMatchObject({ source: 'none', server: null });

    configureMail(bad());
    const refused = json<TestEmailResult>(await test('ops@acme.test'));
    expect(refused).toMatchObject({ ok: false, code: 'EAUTH', messageId: null });
    expect(refused.response).toMatch(/^535 Authentication credentials invalid/);

    configureMail(good());
    const before = smtp.received.length;
    const accepted = json<TestEmailResult>(await test('ops@acme.test'));
    expect(accepted).toMatchObject({ ok: true, code: null });
    expect(accepted.response).toMatch(/^250 /);
    expect(smtp.received.slice(before).map((m) => m.headers['message-id'])).toEqual([accepted.messageId]);
    const shown = json(await get('/api/v1/settings/mail', admin));
    expect(shown).toMatchObject({ source: 'environment', server: `127.0.0.1:${new URL(smtp.url).port}`, from: FROM });
    expect(JSON.stringify(shown)).not.toContain('secret');

    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/settings/mail/test',
      headers: csr.headers,
      payload: { to: 'x@acme.test' },
    });
    expect(forbidden.statusCode).toBe(403);
    const badTo = await test('not an address');
    expect(badTo.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(badTo).errors[0]!.path).toBe('to');
  });

  it('templates: the shipped set, an unknown variable refused with its line, script escaped in the preview, saved text used, reset', async () => {
    const list = json<{ items: MessageTemplate[] }>(await get('/api/v1/message-templates'));
    expect(list.items.map((t) => t.key)).toEqual([...MESSAGE_TEMPLATE_KEYS]);
    expect(list.items.every((t) => !t.isCustomised)).toBe(true);

    const put = (body: object, s = admin) =>
      ctx.app.inject({ method: 'PUT', url: '/api/v1/message-templates/generic', headers: s.headers, payload: body });
    const unknown = await put({ subject: 'Hi {{ contact.name }}', text: 'Hello\n{{ contact.nmae }}', html: '<p>{{ account.name }}</p>' });
    expect(unknown.statusCode).toBe(400);
    const problem = json<{ code: string; errors: { path: string; message: string }[] }>(unknown);
    expect(problem.code).toBe('messages.template_invalid');
    expect(problem.errors).toEqual([{ path: 'text', message: 'unknown variable contact.nmae (line 2, column 4)' }]);
    const broken = await put({ subject: 'Hi {{ contact.name', text: 'x', html: '{% if %}' });
    expect(json<{ errors: { path: string }[] }>(broken).errors.map((e) => e.path)).toEqual(['subject', 'html']);
    expect((await put({ subject: 'x', text: 'x', html: 'x' }, csr)).statusCode).toBe(403);

    const preview = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/message-templates/preview',
      headers: csr.headers,
      payload: {
        subject: '{{ account.name }}',
        text: 'T {{ account.name }}',
        html: '<p>{{ account.name }}</p>',
        orderId: (await customer('<script>x()</script>')).order.id,
      },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview)).toEqual({
      subject: '<script>x()</script>',
      text: 'T <script>x()</script>\n',
      html: '<p>&lt;script&gt;x()&lt;/script&gt;</p>',
    });

    const saved = await put({
      subject: 'Note from {{ csr.name }}',
      text: 'Dear {{ contact.name }}',
      html: '<p>Dear {{ contact.name }}</p>',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(json<MessageTemplate>(saved)).toMatchObject({ isCustomised: true, subject: 'Note from {{ csr.name }}' });
    const c = await customer();
    const q = await queue(c, 'generic');
    expect(await messageRow(q.id)).toMatchObject({ subject: 'Note from Cora CSR', text: 'Dear Jane Buyer\n' });

    const reset = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/message-templates/generic', headers: admin.headers });
    expect(json<MessageTemplate>(reset)).toMatchObject({ isCustomised: false, subject: 'From {{ organisation.name }}' });
  });
});

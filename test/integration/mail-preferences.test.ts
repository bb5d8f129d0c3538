// Links in messages on both engines (docs/preferences.md): every progress message carries a
// preferences link (in both parts and as List-Unsubscribe with one-click), the page shows the
// contact's choice and saves a new one with a timeline entry, one-click chooses none, and the next
// progress update is then held back while essential mail still goes. Every bad token gets the
// portal's one 404. A template that reads {{ portal_link }} gets a working portal link of its own.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { PortalLink } from '../../contract/portal.js';
import { accountTeam, auditLog, contacts, messages } from '../../src/db/schema/index.js';
import { sendQueuedMessages } from '../../src/domain/delivery/index.js';
import { queueMessage } from '../../src/domain/messages/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';
import { partOf, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const BASE = 'https://rapport.example.test';

describe.each(engines)('mail preferences and links in messages on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { publicUrl: `${BASE}/` } });
  let smtp: TestSmtpServer;
  let admin: Session;
  let csr: Session;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
  });
  afterAll(async () => smtp?.close());

  async function customer() {
    const account = await createTestAccount(ctx, { name: uniq('Prefs Co') });
    await ctx.database.db.insert(accountTeam).values({ accountId: account.id, userId: csr.userId, role: 'csr' });
    const [contact] = await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('jane')}@customer.test`, isPrimary: true })
      .returning();
    const order = await createTestOrder(ctx, csr, { accountId: account.id });
    return { account, contact: contact!, order };
  }
  type Customer = Awaited<ReturnType<typeof customer>>;
  const queue = (c: Customer, template: 'progress_update' | 'correction' | 'generic' = 'progress_update') =>
    ctx.database.db.transaction((tx) =>
      queueMessage(
        { ...contextFor(ctx, systemActor('test')), db: tx },
        {
          accountId: c.account.id,
          orderId: c.order.id,
          contactId: c.contact.id,
          template,
          ...(template === 'correction' && { correction: { said: 'Friday', text: 'Monday', signerId: csr.userId } }),
        },
      ),
    );
  const row = async (id: string) => (await ctx.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const tokenIn = (text: string) => new RegExp(`${BASE}/u/([A-Za-z0-9_-]{43})`).exec(text)?.[1];
  const page = (token: string) => ctx.app.inject({ method: 'GET', url: `/u/${token}` });
  const choose = (token: string, payload: string) =>
    ctx.app.inject({ method: 'POST', url: `/u/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
  const limitOf = async (c: Customer) =>
    (await ctx.database.db.select({ l: contacts.updateLimit }).from(contacts).where(eq(contacts.id, c.contact.id)))[0]!.l;

  it('puts a preferences link in every progress message — both parts and List-Unsubscribe with one-click — and none in essential mail', async () => {
    const c = await customer();
    const progress = await row((await queue(c)).id);
    const token = tokenIn(progress.text)!;
    expect(token).toBeDefined();
    expect(progress.text).toContain('You get progress updates about your orders from');
    expect(progress.text).toContain('at most 2 a week');
    expect(progress.html).toContain(`<a href="${BASE}/u/${token}">Choose fewer or none</a>`);
    expect(progress.listUnsubscribe).toBe(`${BASE}/u/${token}`);
    // Only the hash is kept to find it again.
    expect(progress.preferencesTokenHash).toBe(createHash('sha256').update(token).digest('hex'));

    const essential = await row((await queue(c, 'correction')).id);
    expect(essential.text).not.toContain('/u/');
    expect(essential.listUnsubscribe).toBeNull();

    await sendQueuedMessages({ db: ctx.database.db, now: ctx.clock.now() }, { server: { url: smtp.url, from: 'Acme <mail@acme.test>' } });
    const mails = smtp.received.filter((m) => m.to.includes(c.contact.email!));
    const progressMail = mails.find((m) => m.headers['list-unsubscribe'])!;
    expect(progressMail.headers['list-unsubscribe']).toBe(`<${BASE}/u/${token}>`);
    expect(progressMail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(partOf(progressMail.raw, 'text/plain')).toContain(`Fewer or none: ${BASE}/u/${token}`);
    expect(mails).toHaveLength(2);
    expect(mails.filter((m) => !m.headers['list-unsubscribe'])).toHaveLength(1);
  });

  it('the page shows the contact’s choice; saving one sets their limit, writes one timeline entry and an audit row, and holds back the next update', async () => {
    const c = await customer();
    const token = tokenIn((await row((await queue(c)).id)).text)!;
    const shown = await page(token);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['referrer-policy']).toBe('no-referrer');
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body).toContain('Hello Jane Buyer');
    expect(shown.body).toMatch(/value="default" id="choice-default"[^>]* checked/);

    const saved = await choose(token, 'choice=one');
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/u/${token}?saved=1`);
    expect(await limitOf(c)).toBe(1);
    const after = await ctx.app.inject({ method: 'GET', url: `/u/${token}?saved=1` });
    expect(after.body).toContain('Saved. From now on you get at most one progress update a week.');
    expect(after.body).toMatch(/value="one" id="choice-one"[^>]* checked/);

    // The same choice again changes nothing and writes nothing.
    expect((await choose(token, 'choice=one')).statusCode).toBe(303);
    const timeline = json<{ items: TimelineItem[] }>(
      await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${c.account.id}/timeline`, headers: { cookie: csr.cookie } }),
    ).items.filter((i) => i.type === 'mail_preferences');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.title).toBe('Mail preferences: Jane Buyer chose at most one progress update a week');
    const audits = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, c.contact.id));
    expect(audits.filter((a) => a.action === 'contacts.mail_preferences')).toHaveLength(1);

    // One a week: the update just sent fills it, so the next is held back.
    const next = await queue(c);
    expect(next.status).toBe('suppressed');
  });

  it('one-click unsubscribe from the mail program chooses none: progress updates stop, essential mail still goes', async () => {
    const c = await customer();
    const token = tokenIn((await row((await queue(c)).id)).text)!;
    const res = await choose(token, 'List-Unsubscribe=One-Click');
    expect(res.statusCode).toBe(200);
    expect(await limitOf(c)).toBe(0);
    expect((await page(token)).body).toMatch(/value="none" id="choice-none"[^>]* checked/);
    const held = await row((await queue(c)).id);
    expect(held).toMatchObject({ status: 'suppressed' });
    expect(held.reason).toContain('no progress updates');
    expect((await queue(c, 'correction')).status).toBe('queued');

    // Back to as usual from the same link.
    await choose(token, 'choice=default');
    expect(await limitOf(c)).toBeNull();
  });

  it('gives every bad token the portal’s one 404, and a bad form a 400 naming the field', async () => {
    const c = await customer();
    const token = tokenIn((await row((await queue(c)).id)).text)!;
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const answers = await Promise.all([page(forged), page('short'), page(`${token}x`)]);
    for (const a of answers) expect(a.statusCode).toBe(404);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect((await choose(forged, 'choice=none')).statusCode).toBe(404);
    expect(await limitOf(c)).toBeNull();

    const bad = await choose(token, 'choice=sometimes');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toContain('choice');
  });

  it('a template that reads {{ portal_link }} gets a working portal link of its own, listed on the account as made by Rapport', async () => {
    const c = await customer();
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/message-templates/generic',
      headers: admin.headers,
      payload: {
        subject: 'Your orders',
        text: 'Hello {{ contact.name }}, everything about your orders: {{ portal_link }}',
        html: '<p>Hello {{ contact.name }}, <a href="{{ portal_link }}">your orders</a></p>',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const message = await row((await queue(c, 'generic')).id);
    const token = new RegExp(`${BASE}/c/([A-Za-z0-9_-]{43})`).exec(message.text)?.[1];
    expect(token).toBeDefined();
    expect(message.html).toContain(`href="${BASE}/c/${token}"`);
    const portal = await ctx.app.inject({ method: 'GET', url: `/c/${token}` });
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain(c.account.name);
    const links = json<{ items: PortalLink[] }>(
      await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${c.account.id}/portal-links`, headers: { cookie: csr.cookie } }),
    ).items;
    expect(links).toEqual([expect.objectContaining({ createdBy: null, revokedAt: null })]);
    // A message whose template does not read it makes no link.
    await queue(c, 'correction');
    expect(
      json<{ items: PortalLink[] }>(
        await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${c.account.id}/portal-links`, headers: { cookie: csr.cookie } }),
      ).items,
    ).toHaveLength(1);
    await ctx.app.inject({ method: 'DELETE', url: '/api/v1/message-templates/generic', headers: admin.headers });
  });
});

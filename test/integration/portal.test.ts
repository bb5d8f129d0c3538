// The customer portal (docs/portal.md) on both engines: staff make, list and revoke links (only a
// hash of the token is stored, the token is in the create's URL only); every bad link — unknown,
// expired, revoked, forged, malformed, too long — gets the same 404; the page shows the account's
// orders with words, dates, tracking and the late notice sent, and its people, and nothing of
// another account; the new-customer form is saved as the customer types and "Send to us" lands it
// on the account with one timeline entry and one review task for the CSR.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { CreatedPortalLink, PortalForm, PortalLink } from '../../contract/portal.js';
import type { Task } from '../../contract/tasks.js';
import { auditLog, messages, orders, portalLinks, tasks } from '../../src/db/schema/index.js';
import { buildApp } from '../../src/http/app.js';
import { loggedPath } from '../../src/http/plugins/request-log.js';
import { countRows, engines, json, signIn, testConfig, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, insertTestOrder, updateTestSettings } from '../support/factories.js';

const DAY = 86_400_000;

/** A multipart body with one file part of the given declared type. */
function upload(fileName: string, type: string, content: Buffer) {
  const boundary = `----portal${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);

describe.each(engines)('customer portal on %s', (engine) => {
  const ctx = useTestApp(engine, {
    config: { publicUrl: 'https://rapport.example.test/', sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 },
  });
  const api = (s: Session, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers = {}) =>
    ctx.app.inject({ method, url, headers: { ...s.headers, ...headers }, ...(payload !== undefined && { payload: payload as object }) });
  const portal = (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, ...(payload !== undefined && { payload: payload as object }) });

  async function newLink(by: Session, accountId: string): Promise<CreatedPortalLink & { token: string }> {
    const res = await api(by, 'POST', `/api/v1/accounts/${accountId}/portal-links`, {});
    expect(res.statusCode, res.body).toBe(201);
    const link = json<CreatedPortalLink>(res);
    return { ...link, token: link.url.split('/c/')[1]! };
  }

  // The same staff for every test (sign-in is limited to 30 a minute per address); a fresh account each.
  let staff: { admin: Session; csr: Session; gm: Session } | undefined;
  async function setUp() {
    staff ??= {
      admin: await signIn(ctx, ['admin']),
      csr: await signIn(ctx, ['csr'], 'Casey CSR'),
      gm: await signIn(ctx, ['gm'], 'Gloria GM'),
    };
    const account = await createTestAccount(ctx, { team: [{ userId: staff.csr.userId, role: 'csr' }] });
    return { ...staff, account };
  }

  it('makes a link shown once, stores only its hash, lists and revokes it, audited; the lifetime is a setting', async () => {
    const { admin, csr, account } = await setUp();
    await updateTestSettings(ctx, admin, { portalLinkDays: 30 });
    const link = await newLink(csr, account.id);
    expect(link.url).toMatch(/^https:\/\/rapport\.example\.test\/c\/[A-Za-z0-9_-]{43}$/);
    expect(new Date(link.expiresAt).getTime() - ctx.clock.now().getTime()).toBe(30 * DAY);
    const [row] = await ctx.database.db.select().from(portalLinks).where(eq(portalLinks.id, link.id));
    expect(row!.tokenHash).toBe(createHash('sha256').update(link.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(link.token);

    const listed = json<{ items: PortalLink[] }>(await api(csr, 'GET', `/api/v1/accounts/${account.id}/portal-links`)).items;
    expect(listed).toEqual([
      expect.objectContaining({ id: link.id, revokedAt: null, lastUsedAt: null, createdBy: { id: csr.userId, name: expect.any(String) } }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(link.token);

    expect((await portal('GET', `/c/${link.token}`)).statusCode).toBe(200);
    const used = json<{ items: PortalLink[] }>(await api(csr, 'GET', `/api/v1/accounts/${account.id}/portal-links`)).items[0]!;
    expect(used.lastUsedAt).toBe(ctx.clock.now().toISOString());

    expect((await api(csr, 'DELETE', `/api/v1/accounts/${account.id}/portal-links/${link.id}`)).statusCode).toBe(204);
    expect((await portal('GET', `/c/${link.token}`)).statusCode).toBe(404);
    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, link.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['portal_links.create', 'portal_links.revoke']);
    await updateTestSettings(ctx, admin, { portalLinkDays: 90 });
  });

  it('replays a create with the same Idempotency-Key instead of making a second link', async () => {
    const { csr, account } = await setUp();
    const headers = { 'idempotency-key': `portal-${account.id}` };
    const first = await api(csr, 'POST', `/api/v1/accounts/${account.id}/portal-links`, {}, headers);
    const second = await api(csr, 'POST', `/api/v1/accounts/${account.id}/portal-links`, {}, headers);
    expect(first.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await ctx.database.db.select().from(portalLinks).where(eq(portalLinks.accountId, account.id))).toHaveLength(1);
  });

  it('refuses staff outside the account roles, and a link of another account', async () => {
    const { csr, account } = await setUp();
    const ops = await signIn(ctx, ['operations']);
    const res = await api(ops, 'POST', `/api/v1/accounts/${account.id}/portal-links`, {});
    expect(res.statusCode).toBe(403);
    const other = await createTestAccount(ctx);
    const link = await newLink(csr, account.id);
    const wrong = await api(csr, 'DELETE', `/api/v1/accounts/${other.id}/portal-links/${link.id}`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toMatchObject({ code: 'portal.link_not_found' });
    expect((await portal('GET', `/c/${link.token}`)).statusCode).toBe(200);
  });

  it('answers every bad link the same 404, with no-referrer and no-store, and never logs the token', async () => {
    const { csr, account } = await setUp();
    const good = await newLink(csr, account.id);
    const expired = await newLink(csr, account.id);
    const revoked = await newLink(csr, account.id);
    await api(csr, 'DELETE', `/api/v1/accounts/${account.id}/portal-links/${revoked.id}`);
    await ctx.database.db.update(portalLinks).set({ expiresAt: ctx.clock.now() }).where(eq(portalLinks.id, expired.id));
    const forged = `${good.token.slice(0, 42)}${good.token.endsWith('A') ? 'B' : 'A'}`;
    const bad = [expired.token, revoked.token, forged, 'x'.repeat(43), 'short', `${good.token}x`, 'a'.repeat(300), '%zz', 'not a token'];
    const pages = await Promise.all(bad.map((t) => portal('GET', `/c/${encodeURI(t).replace('%25zz', '%zz')}`)));
    for (const p of pages) {
      expect(p.statusCode).toBe(404);
      expect(p.body).toBe(pages[0]!.body);
      expect(p.headers['referrer-policy']).toBe('no-referrer');
      expect(p.headers['cache-control']).toBe('no-store');
    }
    const saves = await Promise.all(
      bad.map((t) => portal('PATCH', `/c/${encodeURI(t).replace('%25zz', '%zz')}/form`, { poRequirements: 'x' })),
    );
    const strip = (b: string) => ({ ...(JSON.parse(b) as Record<string, unknown>), instance: undefined });
    for (const s of saves) {
      expect(s.statusCode).toBe(404);
      expect(strip(s.body)).toEqual(strip(saves[0]!.body));
      expect(strip(s.body)).toMatchObject({ code: 'portal.not_found', status: 404 });
    }
    const ok = await portal('GET', `/c/${good.token}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['referrer-policy']).toBe('no-referrer');
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    // Nothing from another origin: every src and href is this server's, a mailto or the carrier's tracking page.
    expect(ok.body).not.toMatch(/src="https?:/);
    expect(loggedPath(`/c/${good.token}/form?x=1`)).toBe('/c/[token]/form');
  });

  it('writes no token in the request log, whatever the answer', async () => {
    const { csr, account } = await setUp();
    const link = await newLink(csr, account.id);
    const lines: string[] = [];
    const logged = await buildApp({
      database: ctx.database,
      config: testConfig(),
      clock: { now: ctx.clock.now },
      serveWeb: false,
      logger: { level: 'debug', stream: { write: (l) => void lines.push(l) } },
    });
    try {
      const forged = `${link.token.slice(0, 40)}zzz`;
      expect((await logged.inject({ method: 'GET', url: `/c/${link.token}` })).statusCode).toBe(200);
      expect((await logged.inject({ method: 'PATCH', url: `/c/${link.token}/form`, payload: { poRequirements: 'PO' } })).statusCode).toBe(
        200,
      );
      expect((await logged.inject({ method: 'POST', url: `/c/${link.token}/form/submit` })).statusCode).toBe(400);
      expect((await logged.inject({ method: 'GET', url: `/c/${forged}` })).statusCode).toBe(404);
      expect((await logged.inject({ method: 'GET', url: `/c/${'a'.repeat(300)}` })).statusCode).toBe(404);
      const urls = lines.map((l) => (JSON.parse(l) as { url?: string }).url).filter(Boolean);
      expect(urls).toEqual(['/c/[token]', '/c/[token]/form', '/c/[token]/form/submit', '/c/[token]']);
      const all = lines.join('\n');
      expect(all).not.toContain(link.token);
      expect(all).not.toContain(forged);
      expect(all).not.toContain('a'.repeat(100));
    } finally {
      await logged.close();
    }
  });

  it('limits each address: past the page limit it is 429', async () => {
    const { csr, account } = await setUp();
    const link = await newLink(csr, account.id);
    const ip = '203.0.113.77';
    const codes: number[] = [];
    for (let i = 0; i < 31; i++)
      codes.push((await ctx.app.inject({ method: 'GET', url: `/c/${link.token}`, remoteAddress: ip })).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes[30]).toBe(429);
  });

  it("shows the account's orders with words, dates, tracking and the late notice sent, its people — and nothing of another account", async () => {
    const { csr, account } = await setUp();
    const other = await createTestAccount(ctx, { name: 'Other Corp Secret' });
    const now = ctx.clock.now();
    const open = await insertTestOrder(ctx, {
      accountId: account.id,
      placedAt: new Date(now.getTime() - 5 * DAY).toISOString(),
      promisedDate: '2026-03-20',
    });
    await ctx.database.db.update(orders).set({ status: 'in_production', expectedShipDate: '2026-03-24' }).where(eq(orders.id, open.id));
    const shipped = await insertTestOrder(ctx, {
      accountId: account.id,
      placedAt: new Date(now.getTime() - 20 * DAY).toISOString(),
      shippedAt: new Date(now.getTime() - 2 * DAY).toISOString(),
    });
    await ctx.database.db.update(orders).set({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }).where(eq(orders.id, shipped.id));
    await ctx.database.db.insert(messages).values({
      accountId: account.id,
      orderId: open.id,
      to: 'buyer@example.test',
      class: 'essential',
      template: 'late_notice',
      subject: 'Your order may ship late',
      text: 'We are sorry: <b>the anodizing</b> takes two more days.',
      html: '',
      status: 'sent',
      sentAt: new Date(now.getTime() - DAY),
    });
    const old = await insertTestOrder(ctx, {
      accountId: account.id,
      placedAt: new Date(now.getTime() - 200 * DAY).toISOString(),
      shippedAt: new Date(now.getTime() - 190 * DAY).toISOString(),
    });
    const foreign = await insertTestOrder(ctx, { accountId: other.id, placedAt: now.toISOString() });
    const link = await newLink(csr, account.id);

    const page = await portal('GET', `/c/${link.token}`);
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain(`Order ${open.number}`);
    expect(html).toContain('In production');
    expect(html).toContain('Mar 20, 2026');
    expect(html).toContain('Mar 24, 2026');
    expect(html).toContain(`Order ${shipped.number}`);
    expect(html).toContain('href="https://www.ups.com/track?tracknum=1Z999AA10123456784"');
    expect(html).toContain('may ship late');
    expect(html).toContain('&lt;b&gt;the anodizing&lt;/b&gt;');
    expect(html).toContain('Casey CSR');
    expect(html).toContain('Gloria GM');
    expect(html).not.toContain(old.number);
    expect(html).not.toContain(foreign.number);
    expect(html).not.toContain('Other Corp Secret');
    expect(html).not.toContain('in_production');
    expect(html).not.toContain(link.token);
  });

  it('saves the form as they type, resumable; escapes script; one timeline entry and one review task on "Send to us"', async () => {
    const { csr, account } = await setUp();
    const link = await newLink(csr, account.id);
    const other = await createTestAccount(ctx);
    const otherLink = await newLink(csr, other.id);
    const base = `/c/${link.token}/form`;
    const tasksBefore = await countRows(ctx.database, 'tasks');
    for (const patch of [
      { shipTo: { street: '1 Main' } },
      { shipTo: { street: '1 Main Street', city: 'Springfield' } },
      { billToSameAsShipTo: true },
      { accountsPayable: { name: '<script>alert(1)</script>', email: 'ap@buyer.example' } },
      { poRequirements: 'PO number on every invoice' },
    ]) {
      const res = await portal('PATCH', base, patch);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await countRows(ctx.database, 'tasks')).toBe(tasksBefore);
    const bad = await portal('PATCH', base, { accountsPayable: { email: 'not an address' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('accountsPayable.email');
    const unknown = await portal('PATCH', base, { creditLimit: '1000000' });
    expect(unknown.statusCode).toBe(400);

    const reloaded = await portal('GET', `/c/${link.token}`);
    expect(reloaded.body).toContain('value="1 Main Street"');
    expect(reloaded.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(reloaded.body).not.toContain('<script>alert(1)</script>');
    expect((await portal('GET', `/c/${otherLink.token}`)).body).not.toContain('1 Main Street');

    const sent = await portal('POST', `${base}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(json<PortalForm>(sent).submittedAt).toBe(ctx.clock.now().toISOString());
    const again = await portal('POST', `${base}/submit`);
    expect(again.statusCode).toBe(200);

    const review = await ctx.database.db.select().from(tasks).where(eq(tasks.accountId, account.id));
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ role: 'csr', assigneeId: csr.userId, status: 'open' });
    const timeline = json<{ items: TimelineItem[] }>(await api(csr, 'GET', `/api/v1/accounts/${account.id}/timeline`)).items;
    const entries = timeline.filter((t) => t.type === 'portal_form');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toContain('Ship to: 1 Main Street, Springfield');
    expect(entries[0]!.detail).toContain('PO requirements: PO number on every invoice');
    const mine = json<{ items: Task[] }>(await api(csr, 'GET', '/api/v1/tasks')).items;
    expect(mine.map((t) => t.id)).toContain(review[0]!.id);
  });

  it('keeps both of two first saves sent at once (two tabs)', async () => {
    const { csr, account } = await setUp();
    const link = await newLink(csr, account.id);
    const base = `/c/${link.token}/form`;
    const answers = await Promise.all([
      portal('PATCH', base, { shipmentDocuments: 'Packing list' }),
      portal('PATCH', base, { shipTo: { region: 'IL' } }),
      portal('PATCH', base, { accountsPayable: { phone: '+1 555 0100' } }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(json<PortalForm>(await portal('PATCH', base, {})).values).toEqual({
      shipmentDocuments: 'Packing list',
      shipTo: { region: 'IL' },
      accountsPayable: { phone: '+1 555 0100' },
    });
  });

  it('names the missing fields when "Send to us" comes too early, and writes nothing', async () => {
    const { csr, account } = await setUp();
    const link = await newLink(csr, account.id);
    await portal('PATCH', `/c/${link.token}/form`, { shipTo: { city: 'Springfield' } });
    const res = await portal('POST', `/c/${link.token}/form/submit`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'portal.invalid' });
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'shipTo.street',
      'billTo.street',
      'accountsPayable.email',
    ]);
    expect(await ctx.database.db.select().from(tasks).where(eq(tasks.accountId, account.id))).toHaveLength(0);
  });

  it('takes a PDF, PNG or JPEG up to 5 MB by its bytes, 413 / 415 otherwise; staff download it as an attachment only', async () => {
    const { csr, account } = await setUp();
    const link = await newLink(csr, account.id);
    const other = await createTestAccount(ctx);
    const send = (body: ReturnType<typeof upload>, token = link.token) =>
      ctx.app.inject({ method: 'POST', url: `/c/${token}/documents`, payload: body.payload, headers: body.headers });

    const ok = await send(upload('C:\\scans\\tax-exempt.pdf', 'application/pdf', PDF));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ fileName: 'tax-exempt.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(ok.headers['cache-control']).toBe('no-store');

    const html = await send(upload('tax.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>')));
    expect(html.statusCode).toBe(415);
    expect(html.json()).toMatchObject({ code: 'request.unsupported_media_type', errors: [{ path: 'file' }] });
    const mislabelled = await send(upload('tax.png', 'image/png', PDF));
    expect(mislabelled.statusCode).toBe(415);
    const svg = await send(upload('tax.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')));
    expect(svg.statusCode).toBe(415);
    const big = await send(upload('big.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024, 0x20)])));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'request.too_large', errors: [{ path: 'file' }] });
    const notMultipart = await ctx.app.inject({ method: 'POST', url: `/c/${link.token}/documents`, payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
    const forged = await send(upload('tax.pdf', 'application/pdf', PDF), 'A'.repeat(43));
    expect(forged.statusCode).toBe(404);
    expect(forged.json()).toMatchObject({ code: 'portal.not_found' });

    const listed = json<{ items: { id: string; fileName: string }[] }>(
      await api(csr, 'GET', `/api/v1/accounts/${account.id}/portal-documents`),
    ).items;
    expect(listed.map((d) => d.fileName)).toEqual(['tax-exempt.pdf']);
    const download = await api(csr, 'GET', `/api/v1/accounts/${account.id}/portal-documents/${listed[0]!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="tax-exempt\.pdf"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(PDF)).toBe(true);
    const elsewhere = await api(csr, 'GET', `/api/v1/accounts/${other.id}/portal-documents/${listed[0]!.id}`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json()).toMatchObject({ code: 'portal.document_not_found' });
    expect((await portal('GET', `/c/${link.token}`)).body).toContain('tax-exempt.pdf');
  });
});

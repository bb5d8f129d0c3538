// Testimonials on both engines (docs/testimonials.md): asked with proposed words through the
// outbox; approved by the customer through the link at the credit level they choose — full name,
// initials or a pseudonym — and shown at that level only, never more; declined; withdrawn at once
// by the customer or by staff; never usable unless approved; script shown as text; forged links
// get the portal's one 404.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Testimonial } from '../../contract/testimonials.js';
import { accountTeam, contacts, messages, tasks, testimonials } from '../../src/db/schema/index.js';
import { esc } from '../../src/http/portal/page.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, uniq } from '../support/factories.js';

const BASE = 'https://rapport.example.test';

describe.each(engines)('testimonials on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { publicUrl: BASE } });
  let csr: Session;
  let quality: Session;
  beforeAll(async () => {
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
    quality = await signIn(ctx, ['quality'], 'Quinn Quality');
  });
  const api = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: method === 'GET' ? { cookie: s.cookie } : s.headers, ...(payload && { payload }) });
  const answer = (token: string, payload: object) => ctx.app.inject({ method: 'POST', url: `/c/${token}/testimonial`, payload });

  /** Asks Jane Buyer of a new account; returns the testimonial, the account and the token of the mailed link. */
  async function ask(proposedText = 'The boards arrived a day early and exactly to spec.') {
    const account = await createTestAccount(ctx, { name: uniq('Harbor Instruments') });
    await ctx.database.db.insert(accountTeam).values({ accountId: account.id, userId: csr.userId, role: 'csr' });
    const [contact] = await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('jane')}@customer.test`, isPrimary: true })
      .returning();
    const res = await api(csr, 'POST', '/api/v1/testimonials', { accountId: account.id, contactId: contact!.id, proposedText });
    expect(res.statusCode, res.body).toBe(201);
    const t = json<Testimonial>(res);
    const [row] = await ctx.database.db.select().from(testimonials).where(eq(testimonials.id, t.id));
    const [mail] = await ctx.database.db.select().from(messages).where(eq(messages.id, row!.messageId!));
    const token = new RegExp(`${BASE}/c/([A-Za-z0-9_-]{43})`).exec(mail!.text)![1]!;
    return { t, account, token, mail: mail! };
  }
  const usable = async (accountId: string) =>
    json<{ items: Testimonial[] }>(await api(csr, 'GET', `/api/v1/testimonials?accountId=${accountId}&usable=true`)).items;

  it('asked with proposed words, it is not usable until the customer approves it — at the credit level they chose, never more', async () => {
    const { t, account, token, mail } = await ask();
    expect(t).toMatchObject({ status: 'requested', usable: false, text: null, attribution: null });
    expect(mail).toMatchObject({ template: 'testimonial_request', class: 'essential', subject: 'May we quote you?' });
    expect(mail.text).toContain('"The boards arrived a day early and exactly to spec."');
    expect(await usable(account.id)).toEqual([]);

    const page = await ctx.app.inject({ method: 'GET', url: `/c/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The boards arrived a day early and exactly to spec.');
    const approved = await answer(token, { decision: 'approve', text: 'A day early, exactly to spec.', credit: 'initials' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toEqual({ status: 'approved', attribution: `J. B., ${account.name}` });

    const [shown] = await usable(account.id);
    expect(shown).toMatchObject({
      usable: true,
      text: 'A day early, exactly to spec.',
      credit: 'initials',
      attribution: `J. B., ${account.name}`,
    });
    // Initials are all it says of who: not the name, anywhere in the answer.
    expect(JSON.stringify(shown)).not.toContain('Jane');
  });

  it.each([
    ['full_name', undefined, (account: string) => `Jane Buyer, ${account}`],
    ['pseudonym', 'Sam', () => 'Sam (name changed)'],
  ] as const)('credited by %s, it is shown so', async (credit, pseudonym, shown) => {
    const { account, token } = await ask();
    if (credit === 'pseudonym') {
      const without = await answer(token, { decision: 'approve', text: 'Great work.', credit });
      expect(without.statusCode).toBe(400);
      expect(without.json()).toMatchObject({ code: 'testimonials.invalid', errors: [{ path: 'pseudonym' }] });
    }
    const res = await answer(token, { decision: 'approve', text: 'Great work.', credit, ...(pseudonym && { pseudonym }) });
    expect(res.statusCode, res.body).toBe(200);
    const [t] = await usable(account.id);
    expect(t!.attribution).toBe(shown(account.name));
    if (credit === 'pseudonym') expect(JSON.stringify(t)).not.toContain(account.name);
  });

  it('withdrawn by the customer through the same link, or by staff at their word, it is shown nowhere at once', async () => {
    const first = await ask();
    await answer(first.token, { decision: 'approve', text: 'Great work.', credit: 'full_name' });
    const withdrawn = await answer(first.token, { decision: 'withdraw' });
    expect(withdrawn.json()).toEqual({ status: 'withdrawn', attribution: null });
    expect(await usable(first.account.id)).toEqual([]);
    const all = json<{ items: Testimonial[] }>(await api(csr, 'GET', `/api/v1/testimonials?accountId=${first.account.id}`)).items;
    expect(all).toEqual([expect.objectContaining({ status: 'withdrawn', usable: false, text: null, attribution: null })]);
    expect((await answer(first.token, { decision: 'withdraw' })).statusCode).toBe(409);
    expect((await answer(first.token, { decision: 'approve', text: 'Again', credit: 'full_name' })).json()).toMatchObject({
      code: 'testimonials.not_allowed',
    });

    const second = await ask();
    await answer(second.token, { decision: 'approve', text: 'Great work.', credit: 'full_name' });
    expect((await api(quality, 'POST', `/api/v1/testimonials/${second.t.id}/withdraw`)).statusCode).toBe(403);
    const byStaff = await api(csr, 'POST', `/api/v1/testimonials/${second.t.id}/withdraw`);
    expect(byStaff.statusCode, byStaff.body).toBe(200);
    expect(json<Testimonial>(byStaff)).toMatchObject({ status: 'withdrawn', usable: false });
    expect(await usable(second.account.id)).toEqual([]);
  });

  it('declined, it is never usable; the customer’s page says so', async () => {
    const { account, token } = await ask();
    expect((await answer(token, { decision: 'decline' })).json()).toEqual({ status: 'declined', attribution: null });
    expect(await usable(account.id)).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: `/c/${token}` })).body).toContain('we will not quote you');
  });

  it('shows script in the words as text, and gives a forged link the portal’s one 404', async () => {
    const script = '<script>alert(1)</script> brilliant';
    const { token } = await ask(script);
    const page = await ctx.app.inject({ method: 'GET', url: `/c/${token}` });
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain(esc(script));
    const forged = await ctx.app.inject({ method: 'GET', url: `/c/${token.slice(0, -2)}xx` });
    const unknown = await ctx.app.inject({ method: 'GET', url: `/c/${'B'.repeat(43)}` });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toBe(unknown.body);
    expect((await answer(`${token.slice(0, -2)}xx`, { decision: 'decline' })).statusCode).toBe(404);
  });
  it('asked from a call the customer was pleased on: the task is done and the request mailed in one go; a bad contact or a role that may not ask leaves both as they were', async () => {
    const account = await createTestAccount(ctx, { name: uniq('Pleased Co') });
    const [jane] = await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('jane')}@customer.test`, isPrimary: true })
      .returning();
    const [noMail] = await ctx.database.db.insert(contacts).values({ accountId: account.id, name: 'Phone Only' }).returning();
    const call = async (role: 'csr' | 'quality') => {
      const [t] = await ctx.database.db
        .insert(tasks)
        .values({
          title: 'Thank them for the order',
          kind: 'call',
          accountId: account.id,
          role,
          status: 'open',
          evidence: { callOutcome: true },
        })
        .returning();
      return t!;
    };
    const asked = async () => (await ctx.database.db.select().from(testimonials).where(eq(testimonials.accountId, account.id))).length;
    const words = 'Fast, careful, and they call before we have to.';

    const forQuality = await call('quality');
    const refused = await api(quality, 'POST', `/api/v1/tasks/${forQuality.id}/complete`, {
      callOutcome: 'reached',
      testimonial: { contactId: jane!.id, proposedText: words },
    });
    expect(refused.json()).toMatchObject({ status: 403, code: 'auth.forbidden' });
    const csrCall = await call('csr');
    const bad = await api(csr, 'POST', `/api/v1/tasks/${csrCall.id}/complete`, {
      callOutcome: 'reached',
      testimonial: { contactId: noMail!.id, proposedText: words },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ path: 'testimonial.contactId', message: expect.stringContaining('no email') }),
    ]);
    expect(await asked()).toBe(0);
    for (const t of [forQuality, csrCall]) {
      const [row] = await ctx.database.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, t.id));
      expect(row!.status).toBe('open');
    }

    const done = await api(csr, 'POST', `/api/v1/tasks/${csrCall.id}/complete`, {
      callOutcome: 'reached',
      testimonial: { contactId: jane!.id, proposedText: words },
    });
    expect(done.statusCode, done.body).toBe(200);
    const [made] = await ctx.database.db.select().from(testimonials).where(eq(testimonials.accountId, account.id));
    expect(made).toMatchObject({ status: 'requested', proposedText: words, contactId: jane!.id, requestedBy: csr.userId });
    expect(done.json().outcome).toMatchObject({ callOutcome: 'reached', testimonialId: made!.id });
    const [mail] = await ctx.database.db.select().from(messages).where(eq(messages.id, made!.messageId!));
    expect(mail).toMatchObject({ template: 'testimonial_request', to: jane!.email });
  });
});

// The referral gate on both engines (docs/referrals.md): an account may be asked for a referral only
// after enough delivered orders, the last ones on time, no problem not yet fixed and no detractor's
// answer in 90 days — each reason refused on its own and all together (409 referrals.not_eligible,
// one errors[] entry each, nothing written); the eligible list with its evidence; the ask on the
// timeline; and the after-yes follow-up's ask through the same gate.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { AdvocacyFigures, ReferralEligibility, ReferralRequest } from '../../contract/referrals.js';
import { accounts, orders, referralRequests, tasks, testimonials } from '../../src/db/schema/index.js';
import { refreshAccountOrderStats } from '../../src/domain/order-stats/index.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq } from '../support/factories.js';

describe.each(engines)('the referral gate on %s', (engine) => {
  const ctx = useTestApp(engine);
  let csr: Session;
  let quality: Session;
  beforeAll(async () => {
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
    quality = await signIn(ctx, ['quality'], 'Quinn Quality');
  });
  const api = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: method === 'GET' ? { cookie: s.cookie } : s.headers, ...(payload && { payload }) });

  /** A customer with delivered orders, oldest first: each [promised date, shipped day]. */
  async function customerWith(delivered: [string, string][]) {
    const account = await createTestAccount(ctx, { name: uniq('Referral Co') });
    for (const [i, [promised, shipped]] of delivered.entries()) {
      const o = await insertTestOrder(ctx, {
        accountId: account.id,
        number: uniq(`SO-${i + 1}`),
        placedAt: `2025-0${i + 1}-01T10:00:00Z`,
        promisedDate: promised,
        shippedAt: `${shipped}T15:00:00Z`,
      });
      await ctx.database.db
        .update(orders)
        .set({ status: 'delivered', deliveredAt: new Date(`${shipped}T20:00:00Z`) })
        .where(eq(orders.id, o.id));
    }
    await refreshAccountOrderStats(ctx.database.db, [account.id]);
    return account;
  }
  const good: [string, string][] = [
    ['2025-01-20', '2025-01-19'],
    ['2025-02-20', '2025-02-20'],
    ['2025-03-20', '2025-03-18'],
  ];
  const standing = async (id: string) => json<ReferralEligibility>(await api(csr, 'GET', `/api/v1/accounts/${id}/referral-eligibility`));
  const askFor = (id: string, s = csr) => api(s, 'POST', `/api/v1/accounts/${id}/referral-requests`, { note: 'At the quarterly review' });
  const expectRefused = async (id: string, paths: string[]) => {
    const res = await askFor(id);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'referrals.not_eligible' });
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(paths);
    expect(await ctx.database.db.select().from(referralRequests).where(eq(referralRequests.accountId, id))).toEqual([]);
  };

  it('an account that earned it is listed with its evidence and may be asked: the ask is kept with its proof and on the timeline', async () => {
    const account = await customerWith(good);
    const s = await standing(account.id);
    expect(s).toMatchObject({ eligible: true, reasons: [], evidence: { deliveredOrders: 3, openProblems: 0, lastDetractorAt: null } });
    expect(s.evidence.lastOrders.map((o) => [o.promisedDate, o.shippedOn, o.onTime])).toEqual([
      ['2025-03-20', '2025-03-18', true],
      ['2025-02-20', '2025-02-20', true],
      ['2025-01-20', '2025-01-19', true],
    ]);
    const eligible = json<{ items: { accountId: string; evidence: { deliveredOrders: number } }[] }>(
      await api(csr, 'GET', '/api/v1/referrals/eligible'),
    ).items;
    expect(eligible.find((i) => i.accountId === account.id)).toMatchObject({ evidence: { deliveredOrders: 3 } });

    const asked = await askFor(account.id);
    expect(asked.statusCode, asked.body).toBe(201);
    expect(json<ReferralRequest>(asked)).toMatchObject({
      accountId: account.id,
      note: 'At the quarterly review',
      evidence: { deliveredOrders: 3 },
    });
    const timeline = json<{ items: TimelineItem[] }>(await api(csr, 'GET', `/api/v1/accounts/${account.id}/timeline`)).items;
    expect(timeline.filter((i) => i.type === 'referral_request')).toHaveLength(1);
    expect((await askFor(account.id, quality)).statusCode).toBe(403);
  });

  it('records a referral given once, on the timeline; the figures count asks, referrals given and usable testimonials by credit', async () => {
    const figures = async () => json<AdvocacyFigures>(await api(csr, 'GET', '/api/v1/analytics/advocacy'));
    const before = await figures();
    const account = await customerWith(good);
    const asked = json<ReferralRequest>(await askFor(account.id));
    expect(asked.given).toBeNull();
    expect((await api(quality, 'POST', `/api/v1/referral-requests/${asked.id}/given`, {})).statusCode).toBe(403);
    const given = await api(csr, 'POST', `/api/v1/referral-requests/${asked.id}/given`, { note: 'Their sister plant in Tulsa' });
    expect(given.statusCode, given.body).toBe(200);
    expect(json<ReferralRequest>(given).given).toMatchObject({
      note: 'Their sister plant in Tulsa',
      recordedBy: { id: csr.userId, name: 'Cora CSR' },
    });
    const again = await api(csr, 'POST', `/api/v1/referral-requests/${asked.id}/given`, {});
    expect(again.json()).toMatchObject({ status: 409, code: 'referrals.already_given' });
    const timeline = json<{ items: TimelineItem[] }>(await api(csr, 'GET', `/api/v1/accounts/${account.id}/timeline`)).items;
    expect(timeline.filter((i) => i.type === 'referral_request')).toHaveLength(2);
    // Testimonials: two usable (initials, pseudonym), one withdrawn, one only asked.
    const at = ctx.clock.now();
    const row = (credit: 'initials' | 'pseudonym' | null, status: 'approved' | 'withdrawn' | 'requested') => ({
      accountId: account.id,
      proposedText: 'Early and to spec.',
      tokenHash: uniq('hash'),
      requestedAt: at,
      credit,
      status,
      approvedAt: credit ? at : null,
      withdrawnAt: status === 'withdrawn' ? at : null,
    });
    await ctx.database.db
      .insert(testimonials)
      .values([row('initials', 'approved'), row('pseudonym', 'approved'), row('initials', 'withdrawn'), row(null, 'requested')]);
    const after = await figures();
    expect(after.referrals.asked - before.referrals.asked).toBe(1);
    expect(after.referrals.given - before.referrals.given).toBe(1);
    expect(after.referrals.eligibleAccounts - before.referrals.eligibleAccounts).toBe(1);
    expect(after.testimonials.asked - before.testimonials.asked).toBe(4);
    expect(after.testimonials.usable.initials - before.testimonials.usable.initials).toBe(1);
    expect(after.testimonials.usable.pseudonym - before.testimonials.usable.pseudonym).toBe(1);
    expect(after.testimonials.usable.full_name).toBe(before.testimonials.usable.full_name);
    expect(after.testimonials.usable.total - before.testimonials.usable.total).toBe(2);
    const unknown = await api(csr, 'POST', `/api/v1/referral-requests/${randomUUID()}/given`, {});
    expect(unknown.json()).toMatchObject({ status: 404, code: 'referrals.not_found' });
  });

  it('refuses too few delivered orders, saying how many of how many', async () => {
    const account = await customerWith(good.slice(0, 2));
    expect((await standing(account.id)).reasons).toEqual([{ path: 'deliveredOrders', message: 'not yet: 2 of 3 good orders delivered' }]);
    await expectRefused(account.id, ['deliveredOrders']);
    const eligible = json<{ items: { accountId: string }[] }>(await api(csr, 'GET', '/api/v1/referrals/eligible')).items;
    expect(eligible.map((i) => i.accountId)).not.toContain(account.id);
  });

  it('refuses a late order among the last three, naming it', async () => {
    const account = await customerWith([good[0]!, ['2025-02-20', '2025-02-21'], good[2]!]);
    await expectRefused(account.id, ['onTime']);
    expect((await standing(account.id)).reasons[0]!.message).toMatch(/^1 of the last 3 orders shipped late: /);
  });

  it('refuses a problem not yet fixed', async () => {
    const account = await customerWith(good);
    const opened = await api(csr, 'POST', '/api/v1/problems', {
      accountId: account.id,
      source: 'call',
      category: 'Packaging',
      description: 'Two boards arrived scratched.',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    await expectRefused(account.id, ['problems']);
  });

  it('refuses a detractor’s answer in the last 90 days', async () => {
    const account = await customerWith(good);
    await ctx.database.db
      .update(accounts)
      .set({ lastDetractorAt: new Date('2026-02-20T10:00:00Z') })
      .where(eq(accounts.id, account.id));
    await expectRefused(account.id, ['detractor']);
  });

  it('names every unmet condition together', async () => {
    const account = await customerWith([['2025-01-20', '2025-01-25'], good[1]!]);
    await api(csr, 'POST', '/api/v1/problems', { accountId: account.id, source: 'call', category: 'Late', description: 'Late again.' });
    await ctx.database.db
      .update(accounts)
      .set({ lastDetractorAt: new Date('2026-03-01T10:00:00Z') })
      .where(eq(accounts.id, account.id));
    await expectRefused(account.id, ['deliveredOrders', 'onTime', 'problems', 'detractor']);
  });

  it('the after-yes follow-up asks through the same gate: on the first order it is refused and the step stays open', async () => {
    const account = await customerWith(good.slice(0, 1));
    const [task] = await ctx.database.db
      .insert(tasks)
      .values({
        title: 'After-yes follow-up',
        kind: 'call',
        accountId: account.id,
        role: 'csr',
        status: 'open',
        evidence: { form: 'after_yes' },
      })
      .returning({ id: tasks.id });
    const done = await api(csr, 'POST', `/api/v1/tasks/${task!.id}/complete`, {
      wentWell: true,
      thanked: true,
      nextOrderAsked: true,
      hotButtons: [],
      referralAsked: true,
    });
    expect(done.statusCode, done.body).toBe(409);
    expect(done.json()).toMatchObject({ code: 'referrals.not_eligible', errors: [{ path: 'deliveredOrders' }] });
    const [after] = await ctx.database.db.select().from(tasks).where(eq(tasks.id, task!.id));
    expect(after!.status).toBe('open');
    const without = await api(csr, 'POST', `/api/v1/tasks/${task!.id}/complete`, {
      wentWell: true,
      thanked: true,
      nextOrderAsked: true,
      hotButtons: [],
    });
    expect(without.statusCode, without.body).toBe(200);
  });
});

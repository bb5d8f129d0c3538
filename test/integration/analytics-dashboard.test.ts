// GET /api/v1/analytics/dashboard: the dashboard's series by month and twelve-month retention, on
// both engines. Each test makes its own rep and reads with ?rep= so no other test's data is in view.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../contract/analytics.js';
import type { Quote } from '../../contract/quotes.js';
import { users } from '../../src/db/schema/index.js';
import { engines, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq } from '../support/factories.js';

const ratioOf = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

describe.each(engines)('analytics dashboard on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], uniq('Admin'));
  });

  async function quote(accountId: string, status: 'won' | 'lost' | 'expired', amount: string, decidedAt: string): Promise<void> {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: admin.headers,
      payload: { accountId, number: uniq('Q'), amount, sentAt: '2024-01-02' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const patch = { status, decidedAt, ...(status === 'lost' ? { lostReason: 'price' } : {}) };
    const decided = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/quotes/${res.json<Quote>().id}`,
      headers: admin.headers,
      payload: patch,
    });
    expect(decided.statusCode, decided.body).toBe(200);
  }

  /** Four customers of a new rep: A converts in 10 days and comes back a year later, C in 5 days; B and D order once. */
  async function world(): Promise<string> {
    const [rep] = await ctx.database.db
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name: uniq('Rep'), roles: ['sales'] })
      .returning();
    const repId = rep!.id;
    const account = async () => (await createTestAccount(ctx, { timezone: 'UTC', team: [{ userId: repId, role: 'sales' }] })).id;
    const [a, b, c, d] = [await account(), await account(), await account(), await account()];
    const order = (accountId: string, day: string, amount: number, more: { promisedDate?: string; shippedAt?: string } = {}) =>
      insertTestOrder(ctx, { accountId, placedAt: `${day}T12:00:00Z`, amount, ...more });
    await order(a, '2024-01-05', 10_000, { promisedDate: '2024-01-10', shippedAt: '2024-01-09T12:00:00Z' });
    await order(a, '2024-01-15', 20_000);
    await order(a, '2025-01-10', 30_000);
    await order(b, '2024-01-20', 10_000, { promisedDate: '2024-01-25' });
    await order(c, '2024-02-03', 10_000);
    await order(c, '2024-02-08', 5_000);
    await order(d, '2024-03-01', 10_000);
    await quote(a, 'won', '100.00', '2024-04-10');
    await quote(b, 'lost', '50.00', '2024-04-11');
    await quote(c, 'expired', '30.00', '2024-05-01');
    return repId;
  }

  async function dashboard(query: Record<string, string>): Promise<Dashboard> {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/analytics/dashboard?${new URLSearchParams(query).toString()}`,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Dashboard>();
  }

  it('gives conversion and days to second order by cohort month, first-order on time by month, and first and repeat revenue', async () => {
    const rep = await world();
    const dash = await dashboard({ asOf: '2025-06-30', rep });
    const m = Object.fromEntries(dash.months.map((x) => [x.month, x]));
    expect(Object.keys(m)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2025-01']);
    expect(m['2024-01']).toMatchObject({
      secondOrderConversion: ratioOf(1, 2),
      medianDaysToSecondOrder: 10,
      firstOrderOnTime: ratioOf(1, 2),
      firstOrderRevenue: '200.00',
      repeatRevenue: '200.00',
    });
    expect(m['2024-02']).toMatchObject({
      secondOrderConversion: ratioOf(1, 1),
      medianDaysToSecondOrder: 5,
      firstOrderOnTime: ratioOf(0, 0),
      firstOrderRevenue: '100.00',
      repeatRevenue: '50.00',
    });
    expect(m['2024-03']).toMatchObject({ secondOrderConversion: ratioOf(0, 1), medianDaysToSecondOrder: null });
    expect(m['2025-01']).toMatchObject({ secondOrderConversion: ratioOf(0, 0), firstOrderRevenue: '0.00', repeatRevenue: '300.00' });
    expect(dash).toMatchObject({ repeatRevenue: '550.00', revenue: '950.00', currency: 'USD' });
  });

  it('gives the period’s revenue by what the orders sold, cancelled orders left out', async () => {
    const [user] = await ctx.database.db
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name: uniq('Rep'), roles: ['sales'] })
      .returning();
    const rep = user!.id;
    const { id: accountId } = await createTestAccount(ctx, { timezone: 'UTC', team: [{ userId: rep, role: 'sales' }] });
    const order = (
      day: string,
      amount: number,
      category: 'product' | 'service_contract' | 'parts_consumables' | 'repair',
      cancelledAt?: string,
    ) => insertTestOrder(ctx, { accountId, placedAt: `${day}T12:00:00Z`, amount, category, ...(cancelledAt ? { cancelledAt } : {}) });
    await order('2024-01-05', 10_000, 'product');
    await order('2024-03-01', 25_000, 'service_contract');
    await order('2024-04-01', 4_000, 'parts_consumables');
    await order('2024-04-02', 1_500, 'parts_consumables');
    await order('2024-04-03', 7_000, 'repair', '2024-04-10T12:00:00Z');
    expect((await dashboard({ asOf: '2024-06-30', rep })).revenueByCategory).toEqual({
      product: '100.00',
      service_contract: '250.00',
      parts_consumables: '55.00',
      repair: '0.00',
    });
    expect((await dashboard({ asOf: '2024-06-30', from: '2024-02-01', rep })).revenueByCategory).toMatchObject({ product: '0.00' });
    // As of a day before the repair was cancelled, it counted.
    expect((await dashboard({ asOf: '2024-04-05', rep })).revenueByCategory).toMatchObject({ repair: '70.00', parts_consumables: '55.00' });
  });

  it('gives the quote hit ratio by month of decision, by count and by value', async () => {
    const rep = await world();
    const m = Object.fromEntries((await dashboard({ asOf: '2025-06-30', rep })).months.map((x) => [x.month, x]));
    expect(m['2024-04']!.quoteHitRatio).toEqual({
      ...ratioOf(1, 2),
      byValue: { numerator: '100.00', denominator: '150.00', rate: 100 / 150 },
    });
    expect(m['2024-05']!.quoteHitRatio).toEqual({ ...ratioOf(0, 1), byValue: { numerator: '0.00', denominator: '30.00', rate: 0 } });
    expect(m['2024-01']!.quoteHitRatio).toMatchObject(ratioOf(0, 0));
  });

  it('gives twelve-month retention of customers and of their revenue', async () => {
    const rep = await world();
    const dash = await dashboard({ asOf: '2025-06-30', rep });
    expect(dash.retention).toEqual({
      previousFrom: '2023-07-01',
      previousTo: '2024-06-30',
      lastFrom: '2024-07-01',
      lastTo: '2025-06-30',
      customers: ratioOf(1, 4),
      revenue: { numerator: '300.00', denominator: '650.00', rate: 300 / 650 },
    });
    // A year on, only A ordered in the previous twelve months, and not since.
    expect((await dashboard({ asOf: '2026-06-30', rep })).retention).toMatchObject({
      customers: ratioOf(0, 1),
      revenue: { numerator: '0.00', denominator: '300.00', rate: 0 },
    });
  });

  it('sees the data as it stood on asOf, and only the period’s months', async () => {
    const rep = await world();
    const early = Object.fromEntries((await dashboard({ asOf: '2024-02-05', rep })).months.map((x) => [x.month, x]));
    expect(Object.keys(early)).toEqual(['2024-01', '2024-02']);
    expect(early['2024-01']!.secondOrderConversion).toEqual(ratioOf(1, 2));
    // C's second order (2024-02-08) had not been placed.
    expect(early['2024-02']).toMatchObject({ secondOrderConversion: ratioOf(0, 1), repeatRevenue: '0.00' });
    const feb = await dashboard({ asOf: '2025-06-30', from: '2024-02-01', to: '2024-02-29', rep });
    expect(feb.months.map((x) => x.month)).toEqual(['2024-02']);
    expect(feb).toMatchObject({ revenue: '150.00', repeatRevenue: '50.00' });
  });

  it('refuses an impossible asOf and an unknown rep, naming the parameter', async () => {
    for (const [query, path] of [
      [{ asOf: '1998-02-30' }, 'asOf'],
      [{ asOf: '2024-01-01', rep: '5b0e7c43-7f3a-4d53-9f57-3d2f4a9b8c11' }, 'rep'],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/dashboard?${new URLSearchParams(query).toString()}`,
        headers: { cookie: admin.cookie },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errors: [expect.objectContaining({ path })] });
    }
  });
});

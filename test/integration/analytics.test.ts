// GET /api/v1/analytics/kpis (docs/domain.md §4): every edge of every figure, on both engines. Each
// test makes its own rep and that rep's accounts, and reads the figures with ?rep= so no other
// test's data is in view.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kpis } from '../../contract/analytics.js';
import type { Role } from '../../contract/common.js';
import type { Quote } from '../../contract/quotes.js';
import { users } from '../../src/db/schema/index.js';
import { engines, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq, updateTestSettings, type TestHistoryOrder } from '../support/factories.js';

describe.each(engines)('analytics kpis on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);

  // One signed-in admin per engine records orders and quotes and reads the figures (sign-in is
  // rate limited); each test makes its own reps, who need no session.
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], uniq('Admin'));
  });

  /** A user with the sales role (no session). */
  async function makeRep(name = uniq('Rep'), roles: Role[] = ['sales']): Promise<{ userId: string }> {
    const [u] = await ctx.database.db
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name, roles })
      .returning();
    return { userId: u!.id };
  }

  /** A fresh rep and the admin session. */
  async function world(): Promise<{ rep: { userId: string }; admin: Session }> {
    return { rep: await makeRep(), admin };
  }

  /** An account of the rep's, in `timezone` (null: the organisation's). */
  async function account(rep: { userId: string }, timezone: string | null = 'UTC'): Promise<string> {
    return (await createTestAccount(ctx, { team: [{ userId: rep.userId, role: 'sales' }], ...(timezone ? { timezone } : {}) })).id;
  }

  async function order(accountId: string, spec: Omit<TestHistoryOrder, 'accountId'>) {
    return insertTestOrder(ctx, { accountId, ...spec });
  }

  async function quote(admin: Session, accountId: string, status: 'won' | 'lost' | 'expired' | 'open', amount: string, decidedAt: string) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: admin.headers,
      payload: { accountId, number: uniq('Q'), amount, sentAt: '2025-01-02' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json<Quote>();
    if (status === 'open') return q;
    const patch = { status, decidedAt, ...(status === 'lost' ? { lostReason: 'price' } : {}) };
    const decided = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/quotes/${q.id}`, headers: admin.headers, payload: patch });
    expect(decided.statusCode, decided.body).toBe(200);
    return q;
  }

  async function kpis(query: Record<string, string>): Promise<Kpis> {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/analytics/kpis?${new URLSearchParams(query).toString()}`,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Kpis>();
  }

  it('answers every key of the contract, overall and for the rep, with rates as fractions', async () => {
    const { rep } = await world();
    const a = await account(rep);
    await order(a, { placedAt: '2025-01-10T12:00:00Z', promisedDate: '2025-01-20', shippedAt: '2025-01-20T15:00:00Z', amount: 10_000 });
    await order(a, { placedAt: '2025-02-10T12:00:00Z', promisedDate: '2025-02-20', shippedAt: '2025-02-25T15:00:00Z', amount: 5_050 });
    const k = await kpis({ asOf: '2025-03-01', rep: rep.userId });
    expect(k).toMatchObject({
      asOf: '2025-03-01',
      from: null,
      to: '2025-03-01',
      rep: rep.userId,
      currency: 'USD',
      firstOrderOnTime: { numerator: 1, denominator: 1, rate: 1 },
      secondOrderConversion: { numerator: 1, denominator: 1, rate: 1 },
      onTime: { numerator: 1, denominator: 2, rate: 0.5 },
      quoteHitRatio: { numerator: 0, denominator: 0, rate: null, byValue: { numerator: '0.00', denominator: '0.00', rate: null } },
      medianDaysToSecondOrder: 31,
      neglectedAccounts: 0,
      rhythmOverdueAccounts: 0,
      revenue: '150.50',
    });
    expect(k.byRep).toHaveLength(1);
    expect(k.byRep[0]).toMatchObject({ repId: rep.userId, onTime: { numerator: 1, denominator: 2 }, revenue: '150.50' });
  });

  // Every edge of docs/domain.md §4. Each case: the rep's accounts with their orders (and quotes),
  // and what the figures are as of given days. Times at noon UTC unless the edge is about time.
  interface Case {
    name: string;
    accounts: { timezone?: string; orders: Omit<TestHistoryOrder, 'accountId'>[]; quotes?: QuoteSpec[] }[];
    checks: { query: Record<string, string>; expect: Partial<Kpis> }[];
  }
  type QuoteSpec = { status: 'won' | 'lost' | 'expired' | 'open'; amount: string; decidedAt: string };
  const day = (d: string, at = '12:00:00Z') => `${d}T${at}`;
  const ratioOf = (numerator: number, denominator: number) => ({
    numerator,
    denominator,
    rate: denominator === 0 ? null : numerator / denominator,
  });

  const CASES: Case[] = [
    {
      name: 'same-day repeat orders: a 0-day gap to the second order, and 0-day gaps in the rhythm',
      accounts: [
        {
          orders: [{ placedAt: '2025-01-10T08:00:00Z' }, { placedAt: '2025-01-10T11:00:00Z' }, { placedAt: '2025-01-10T16:00:00Z' }],
        },
      ],
      checks: [
        // Median gap 0: any day after without an order is past 2 × 0 days.
        {
          query: { asOf: '2025-01-10' },
          expect: { secondOrderConversion: ratioOf(1, 1), medianDaysToSecondOrder: 0, rhythmOverdueAccounts: 0 },
        },
        { query: { asOf: '2025-01-11' }, expect: { medianDaysToSecondOrder: 0, rhythmOverdueAccounts: 1 } },
      ],
    },
    {
      name: 'an order shipped on its promised day is on time; the day after is late',
      accounts: [
        { orders: [{ placedAt: day('2025-01-02'), promisedDate: '2025-01-20', shippedAt: '2025-01-20T23:30:00Z' }] },
        { orders: [{ placedAt: day('2025-01-02'), promisedDate: '2025-01-20', shippedAt: '2025-01-21T00:30:00Z' }] },
      ],
      checks: [{ query: { asOf: '2025-02-01' }, expect: { onTime: ratioOf(1, 2), firstOrderOnTime: ratioOf(1, 2) } }],
    },
    {
      name: 'an unshipped order past its promised date is late; one not yet due (or due today) is not counted',
      accounts: [
        { orders: [{ placedAt: day('2025-01-02'), promisedDate: '2025-01-20' }] },
        { orders: [{ placedAt: day('2025-01-02'), promisedDate: '2025-01-21' }] },
        { orders: [{ placedAt: day('2025-01-02'), promisedDate: '2025-02-15' }] },
      ],
      checks: [
        { query: { asOf: '2025-01-20' }, expect: { onTime: ratioOf(0, 0), firstOrderOnTime: ratioOf(0, 0) } },
        { query: { asOf: '2025-01-21' }, expect: { onTime: ratioOf(0, 1), firstOrderOnTime: ratioOf(0, 1) } },
        { query: { asOf: '2025-01-22' }, expect: { onTime: ratioOf(0, 2) } },
      ],
    },
    {
      name: 'an account with one order is never rhythm overdue, only neglected past the window',
      accounts: [
        { orders: [{ placedAt: day('2024-01-01') }] },
        // Three orders 10 days apart: overdue once more than 20 days pass.
        { orders: [{ placedAt: day('2024-01-01') }, { placedAt: day('2024-01-11') }, { placedAt: day('2024-01-21') }] },
      ],
      checks: [
        { query: { asOf: '2024-02-10' }, expect: { rhythmOverdueAccounts: 0, neglectedAccounts: 0 } },
        { query: { asOf: '2024-02-11' }, expect: { rhythmOverdueAccounts: 1, neglectedAccounts: 0 } },
        // 2024-01-01 + 180 days = 2024-06-29: neglected from the day after.
        { query: { asOf: '2024-06-29' }, expect: { neglectedAccounts: 0, rhythmOverdueAccounts: 1 } },
        { query: { asOf: '2024-06-30' }, expect: { neglectedAccounts: 1, rhythmOverdueAccounts: 1 } },
      ],
    },
    {
      name: 'days to second order with an even count is the mean of the middle two',
      accounts: [2, 4, 10, 30].map((gap) => ({
        orders: [{ placedAt: day('2025-03-01') }, { placedAt: day(new Date(Date.UTC(2025, 2, 1 + gap)).toISOString().slice(0, 10)) }],
      })),
      checks: [
        { query: { asOf: '2025-06-01' }, expect: { medianDaysToSecondOrder: 7, secondOrderConversion: ratioOf(4, 4) } },
        // As of 2025-03-10 only the 2- and 4-day ones have converted: (2 + 4) / 2.
        { query: { asOf: '2025-03-10' }, expect: { medianDaysToSecondOrder: 3, secondOrderConversion: ratioOf(2, 4) } },
        { query: { asOf: '2025-03-02' }, expect: { medianDaysToSecondOrder: null, secondOrderConversion: ratioOf(0, 4) } },
      ],
    },
    {
      name: 'ties for the first order go to the lowest number',
      accounts: [
        {
          orders: [
            // Same instant: "…-B" (on time) was recorded first, but "…-A" is the first order (late).
            { placedAt: day('2025-04-01'), number: 'TIE-B', promisedDate: '2025-04-10', shippedAt: day('2025-04-09') },
            { placedAt: day('2025-04-01'), number: 'TIE-A', promisedDate: '2025-04-10', shippedAt: day('2025-04-12') },
          ],
        },
      ],
      checks: [{ query: { asOf: '2025-05-01' }, expect: { firstOrderOnTime: ratioOf(0, 1), onTime: ratioOf(1, 2) } }],
    },
    {
      name: 'a date-only value is that day in the account timezone, far from UTC on either side',
      accounts: [
        // 2025-01-20 in Kiritimati (UTC+14) is 2025-01-19T10:00Z; in Pago Pago (UTC−11) 2025-01-20T11:00Z.
        {
          timezone: 'Pacific/Kiritimati',
          orders: [{ placedAt: '2025-01-10', promisedDate: '2025-01-20', shippedAt: '2025-01-20', amount: 1000 }],
        },
        {
          timezone: 'Pacific/Pago_Pago',
          orders: [{ placedAt: '2025-01-10', promisedDate: '2025-01-20', shippedAt: '2025-01-20', amount: 2000 }],
        },
      ],
      checks: [
        { query: { asOf: '2025-01-19' }, expect: { onTime: ratioOf(0, 0) } },
        { query: { asOf: '2025-01-20' }, expect: { onTime: ratioOf(2, 2), firstOrderOnTime: ratioOf(2, 2) } },
        {
          query: { asOf: '2025-01-20', from: '2025-01-10', to: '2025-01-10' },
          expect: { revenue: '30.00', secondOrderConversion: ratioOf(0, 2) },
        },
        {
          query: { asOf: '2025-01-20', from: '2025-01-11', to: '2025-01-20' },
          expect: { revenue: '0.00', secondOrderConversion: ratioOf(0, 0) },
        },
        { query: { asOf: '2025-01-09' }, expect: { revenue: '0.00', secondOrderConversion: ratioOf(0, 0) } },
      ],
    },
    {
      name: 'as of a day before a shipment, the order was unshipped: late once past its promise, else not counted',
      accounts: [
        { orders: [{ placedAt: day('2025-05-01'), promisedDate: '2025-05-20', shippedAt: day('2025-05-25') }] },
        { orders: [{ placedAt: day('2025-05-01'), promisedDate: '2025-05-20', shippedAt: day('2025-05-18') }] },
      ],
      checks: [
        { query: { asOf: '2025-05-17' }, expect: { onTime: ratioOf(0, 0) } },
        { query: { asOf: '2025-05-18' }, expect: { onTime: ratioOf(1, 1) } },
        { query: { asOf: '2025-05-22' }, expect: { onTime: ratioOf(1, 2) } },
        { query: { asOf: '2025-05-30' }, expect: { onTime: ratioOf(1, 2) } },
      ],
    },
    {
      name: 'an order placed after asOf does not exist yet; a cancelled one counts as an order but not as revenue or on time',
      accounts: [
        {
          orders: [
            { placedAt: day('2025-06-01'), promisedDate: '2025-06-05', amount: 5000, cancelledAt: day('2025-06-10') },
            { placedAt: day('2025-06-20'), amount: 7000 },
          ],
        },
      ],
      checks: [
        // Before the cancellation the first order was open and late.
        { query: { asOf: '2025-06-08' }, expect: { onTime: ratioOf(0, 1), revenue: '50.00', secondOrderConversion: ratioOf(0, 1) } },
        { query: { asOf: '2025-06-15' }, expect: { onTime: ratioOf(0, 0), revenue: '0.00', secondOrderConversion: ratioOf(0, 1) } },
        { query: { asOf: '2025-06-20' }, expect: { revenue: '70.00', secondOrderConversion: ratioOf(1, 1), medianDaysToSecondOrder: 19 } },
      ],
    },
    {
      name: 'quote hit ratio: won ÷ (won + lost + expired) decided in the period and by asOf, by count and by value',
      accounts: [
        {
          orders: [],
          quotes: [
            { status: 'won', amount: '1000.00', decidedAt: day('2025-07-10') },
            { status: 'lost', amount: '500.00', decidedAt: day('2025-07-12') },
            { status: 'expired', amount: '250.00', decidedAt: day('2025-08-01') },
            { status: 'open', amount: '9000.00', decidedAt: '' },
          ],
        },
      ],
      checks: [
        {
          query: { asOf: '2025-09-01' },
          expect: { quoteHitRatio: { ...ratioOf(1, 3), byValue: { numerator: '1000.00', denominator: '1750.00', rate: 1000 / 1750 } } },
        },
        // Decided after asOf is undecided then.
        {
          query: { asOf: '2025-07-11' },
          expect: { quoteHitRatio: { ...ratioOf(1, 1), byValue: { numerator: '1000.00', denominator: '1000.00', rate: 1 } } },
        },
        {
          query: { asOf: '2025-09-01', from: '2025-07-11', to: '2025-07-31' },
          expect: { quoteHitRatio: { ...ratioOf(0, 1), byValue: { numerator: '0.00', denominator: '500.00', rate: 0 } } },
        },
      ],
    },
    {
      name: 'the period picks the cohort by first order date; conversion counts second orders up to asOf',
      accounts: [
        { orders: [{ placedAt: day('2025-01-15') }, { placedAt: day('2025-03-15') }] },
        { orders: [{ placedAt: day('2025-02-15') }] },
        { orders: [{ placedAt: day('2025-02-20') }, { placedAt: day('2025-02-21') }] },
      ],
      checks: [
        {
          query: { asOf: '2025-04-01', from: '2025-01-01', to: '2025-01-31' },
          expect: { secondOrderConversion: ratioOf(1, 1), revenue: '100.00' },
        },
        {
          query: { asOf: '2025-04-01', from: '2025-02-01', to: '2025-02-28' },
          expect: { secondOrderConversion: ratioOf(1, 2), revenue: '300.00' },
        },
        { query: { asOf: '2025-04-01' }, expect: { secondOrderConversion: ratioOf(2, 3), revenue: '500.00', medianDaysToSecondOrder: 30 } },
      ],
    },
  ];

  it.each(CASES)('$name', async (c) => {
    const { rep } = await world();
    const prefix = uniq('N');
    for (const a of c.accounts) {
      const id = await account(rep, a.timezone ?? 'UTC');
      for (const o of a.orders) await order(id, o.number ? { ...o, number: `${prefix}-${o.number}` } : o);
      for (const q of a.quotes ?? []) await quote(admin, id, q.status, q.amount, q.decidedAt);
    }
    for (const check of c.checks) {
      const k = await kpis({ ...check.query, rep: rep.userId });
      expect(k, JSON.stringify(check.query)).toMatchObject(check.expect);
      expect(k.byRep, 'the rep row is the same as the overall one under ?rep=').toEqual([
        expect.objectContaining({ repId: rep.userId, ...check.expect }),
      ]);
    }
  });

  it('takes dates in the organisation timezone, far from UTC, for an account without its own', async () => {
    const { rep } = await world();
    const before = await ctx.app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie: admin.cookie } });
    const previous = before.json<{ timezone: string }>().timezone;
    await updateTestSettings(ctx, admin, { timezone: 'Pacific/Kiritimati' });
    try {
      const a = await account(rep, null);
      // 2025-08-01 23:30Z is already 2025-08-02 13:30 in Kiritimati; the promise is 2025-08-02.
      await order(a, { placedAt: '2025-07-20', promisedDate: '2025-08-02', shippedAt: '2025-08-01T23:30:00Z' });
      // Placed 2025-07-20 local = 2025-07-19T10:00Z: in July 20's period, not July 19's.
      expect(await kpis({ asOf: '2025-08-02', rep: rep.userId })).toMatchObject({ onTime: ratioOf(1, 1) });
      expect(await kpis({ asOf: '2025-08-01', rep: rep.userId })).toMatchObject({ onTime: ratioOf(0, 0) });
      expect(await kpis({ asOf: '2025-08-02', from: '2025-07-20', to: '2025-07-20', rep: rep.userId })).toMatchObject({
        revenue: '100.00',
      });
      expect(await kpis({ asOf: '2025-08-02', from: '2025-07-19', to: '2025-07-19', rep: rep.userId })).toMatchObject({
        revenue: '0.00',
      });
    } finally {
      await updateTestSettings(ctx, admin, { timezone: previous });
    }
  });

  it('gives each rep a row over the accounts whose team has them; an account with two reps counts for both', async () => {
    const { rep: ann } = await world();
    const bob = await makeRep(uniq('Bob'));
    const shared = (
      await createTestAccount(ctx, {
        team: [
          { userId: ann.userId, role: 'sales' },
          { userId: bob.userId, role: 'sales' },
        ],
      })
    ).id;
    const annOnly = await account(ann);
    // A CSR on the team is not a rep.
    const csr = await makeRep(uniq('Cy'), ['csr']);
    const bobOnly = (
      await createTestAccount(ctx, {
        team: [
          { userId: bob.userId, role: 'sales' },
          { userId: csr.userId, role: 'csr' },
        ],
      })
    ).id;
    await order(shared, { placedAt: day('2023-02-01'), amount: 1000 });
    await order(shared, { placedAt: day('2023-02-05'), amount: 1000 });
    await order(annOnly, { placedAt: day('2023-02-03'), amount: 500 });
    await order(bobOnly, { placedAt: day('2023-02-04'), amount: 700 });
    await quote(admin, annOnly, 'won', '10.00', day('2023-02-10'));
    await quote(admin, bobOnly, 'lost', '20.00', day('2023-02-10'));

    const k = await kpis({ asOf: '2023-03-01', from: '2023-02-01', to: '2023-02-28' });
    const row = (id: string) => k.byRep.find((r) => r.repId === id);
    expect(row(ann.userId)).toMatchObject({ secondOrderConversion: ratioOf(1, 2), revenue: '25.00', quoteHitRatio: ratioOf(1, 1) });
    expect(row(bob.userId)).toMatchObject({ secondOrderConversion: ratioOf(1, 2), revenue: '27.00', quoteHitRatio: ratioOf(0, 1) });
    expect(row(csr.userId)).toBeUndefined();
    expect(row(ann.userId)!.repName).toMatch(/^Rep-/);
  });

  describe('bad input answers 400 naming the parameter', () => {
    it.each([
      ['an impossible date', { asOf: '1998-02-30' }, 'validation.invalid', 'asOf'],
      ['a date that is not YYYY-MM-DD', { asOf: '02/03/1998' }, 'validation.invalid', 'asOf'],
      ['from after to', { asOf: '1998-05-06', from: '1998-03-01', to: '1998-02-01' }, 'validation.invalid', 'to'],
      [
        'a period of 0 days (to the day before from)',
        { asOf: '1998-05-06', from: '1998-03-01', to: '1998-02-28' },
        'validation.invalid',
        'to',
      ],
      ['a period starting after asOf', { asOf: '1998-05-06', from: '1998-06-01' }, 'validation.invalid', 'from'],
      ['a period starting after today (asOf left out)', { from: '2999-01-01' }, 'validation.invalid', 'from'],
      ['a rep that is not an id', { asOf: '1998-05-06', rep: 'nobody' }, 'validation.invalid', 'rep'],
      ['an unknown rep', { asOf: '1998-05-06', rep: '5b0e7c43-7f3a-4d53-9f57-3d2f4a9b8c11' }, 'analytics.unknown_rep', 'rep'],
    ])('%s', async (_name, query, code, path) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/kpis?${new URLSearchParams(query).toString()}`,
        headers: { cookie: admin.cookie },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code, errors: [expect.objectContaining({ path })] });
    });

    it('takes a period of one day (from = to)', async () => {
      const { rep } = await world();
      const k = await kpis({ asOf: '1998-05-06', from: '1998-05-06', to: '1998-05-06', rep: rep.userId });
      expect(k).toMatchObject({ from: '1998-05-06', to: '1998-05-06', revenue: '0.00' });
    });
  });
});

// GET /api/v1/analytics/<key>: the rows behind each figure are exactly the ones its number counts,
// paged like every list, and exported as CSV a spreadsheet opens safely. Each test makes its own
// rep and reads with ?rep= so no other test's data is in view.
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_KEYS, type FigureKey, type FigureRows, type Kpis } from '../../contract/analytics.js';
import type { Quote } from '../../contract/quotes.js';
import { users } from '../../src/db/schema/index.js';
import { engines, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq } from '../support/factories.js';

describe.each(engines)('analytics rows on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], uniq('Admin'));
  });

  async function makeRep(): Promise<string> {
    const [u] = await ctx.database.db
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name: uniq('Rep'), roles: ['sales'] })
      .returning();
    return u!.id;
  }
  async function account(repId: string, name = uniq('Acme')): Promise<string> {
    return (await createTestAccount(ctx, { name, timezone: 'UTC', team: [{ userId: repId, role: 'sales' }] })).id;
  }
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
  const get = (url: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie, ...headers } });

  /** Every page of a figure's rows, `limit` at a time. */
  async function allRows(figure: FigureKey, query: Record<string, string>, limit = 2): Promise<unknown[]> {
    const out: unknown[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const res = await get(`/api/v1/analytics/${figure}?${q.toString()}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<FigureRows>();
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** A rep with accounts that light up every figure as of 2024-09-01. */
  async function world(): Promise<{ repId: string; query: Record<string, string> }> {
    const repId = await makeRep();
    const regular = await account(repId);
    for (const [i, placed] of ['2024-01-05', '2024-01-15', '2024-01-25', '2024-02-04'].entries())
      await insertTestOrder(ctx, {
        accountId: regular,
        placedAt: `${placed}T12:00:00Z`,
        promisedDate: '2024-02-20',
        ...(i < 2 ? { shippedAt: `2024-02-${18 + i * 4}T12:00:00Z` } : {}),
        amount: 1000 * (i + 1),
      });
    const once = await account(repId);
    await insertTestOrder(ctx, { accountId: once, placedAt: '2024-01-10T12:00:00Z', amount: 50_000 });
    const twice = await account(repId);
    await insertTestOrder(ctx, {
      accountId: twice,
      placedAt: '2024-03-01T12:00:00Z',
      promisedDate: '2024-03-10',
      shippedAt: '2024-03-09T12:00:00Z',
    });
    await insertTestOrder(ctx, { accountId: twice, placedAt: '2024-03-04T12:00:00Z', cancelledAt: '2024-03-05T12:00:00Z' });
    await quote(regular, 'won', '300.00', '2024-04-01');
    await quote(once, 'lost', '100.00', '2024-04-02');
    await quote(twice, 'expired', '50.00', '2024-04-03');
    return { repId, query: { asOf: '2024-09-01', rep: repId } };
  }

  it('lists, for every figure, exactly the rows its number counts, across pages', async () => {
    const { query } = await world();
    const res = await get(`/api/v1/analytics/kpis?${new URLSearchParams(query).toString()}`);
    const k = res.json<Kpis>();
    // The world lights every figure up: none is trivially zero.
    expect(k).toMatchObject({
      firstOrderOnTime: { numerator: 2, denominator: 2 },
      onTime: { numerator: 2, denominator: 5 },
      secondOrderConversion: { numerator: 2, denominator: 3 },
      medianDaysToSecondOrder: 6.5,
      neglectedAccounts: 3,
      rhythmOverdueAccounts: 1,
      quoteHitRatio: { numerator: 1, denominator: 3 },
      revenue: '700.00',
    });

    const rows = Object.fromEntries(await Promise.all(FIGURE_KEYS.map(async (key) => [key, await allRows(key, query)] as const)));
    type O = { outcome: string | null; amount: string; isFirstOrder: boolean; orderId: string };
    const orders = (key: FigureKey) => rows[key] as O[];
    const accounts = (key: FigureKey) =>
      rows[key] as { secondOrderOn: string | null; daysToSecondOrder: number | null; accountId: string }[];
    expect(orders('onTime')).toHaveLength(k.onTime.denominator);
    expect(orders('onTime').filter((r) => r.outcome === 'on_time')).toHaveLength(k.onTime.numerator);
    expect(orders('firstOrderOnTime')).toHaveLength(k.firstOrderOnTime.denominator);
    expect(orders('firstOrderOnTime').every((r) => r.isFirstOrder)).toBe(true);
    expect(orders('firstOrderOnTime').filter((r) => r.outcome === 'on_time')).toHaveLength(k.firstOrderOnTime.numerator);
    expect(orders('revenue').reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0)).toBe(70_000);
    expect(accounts('secondOrderConversion')).toHaveLength(k.secondOrderConversion.denominator);
    expect(accounts('secondOrderConversion').filter((r) => r.secondOrderOn !== null)).toHaveLength(k.secondOrderConversion.numerator);
    expect(
      accounts('medianDaysToSecondOrder')
        .map((r) => r.daysToSecondOrder)
        .sort(),
    ).toEqual([10, 3]);
    expect(accounts('neglectedAccounts')).toHaveLength(k.neglectedAccounts);
    expect(accounts('rhythmOverdueAccounts')).toHaveLength(k.rhythmOverdueAccounts);
    expect(rows['quoteHitRatio']).toHaveLength(k.quoteHitRatio.denominator);
    expect((rows['quoteHitRatio'] as { status: string }[]).map((r) => r.status).sort()).toEqual(['expired', 'lost', 'won']);
    // Pages neither repeat nor skip a row.
    const ids = orders('onTime').map((r) => r.orderId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts orders by placed date and pages one row at a time to the same rows', async () => {
    const { query } = await world();
    const one = (await allRows('onTime', query, 1)) as { placedOn: string; orderId: string }[];
    const all = (await allRows('onTime', query, 100)) as { placedOn: string; orderId: string }[];
    expect(one).toEqual(all);
    expect(all.map((r) => r.placedOn)).toEqual([...all.map((r) => r.placedOn)].sort());
  });

  it('refuses an unknown figure and a cursor it did not hand out, naming the parameter', async () => {
    const unknown = await get('/api/v1/analytics/happiness?asOf=2024-09-01');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'validation.invalid', errors: [expect.objectContaining({ path: 'figure' })] });
    const bad = await get('/api/v1/analytics/onTime?asOf=2024-09-01&cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'pagination.bad_cursor', errors: [expect.objectContaining({ path: 'cursor' })] });
    const badDate = await get('/api/v1/analytics/onTime?asOf=1998-02-30');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'asOf' })] });
  });

  it('exports every row as CSV with a BOM and a header, with formula-like cells neutralised', async () => {
    const repId = await makeRep();
    const names = [
      '=HYPERLINK("http://evil.test","x")',
      '+1 Partners',
      '-Minus GmbH',
      '@Home Ltd',
      '\tTabbed',
      '\rReturned',
      'Plain, "Quoted" Co',
    ];
    for (const [i, name] of names.entries()) {
      const id = await account(repId, `${name} ${uniq('')}`);
      await insertTestOrder(ctx, { accountId: id, placedAt: `2024-05-0${i + 1}T12:00:00Z`, amount: 12_345 });
    }
    const query = new URLSearchParams({ asOf: '2024-06-01', rep: repId }).toString();
    for (const res of [
      await get(`/api/v1/analytics/revenue?${query}&format=csv`),
      await get(`/api/v1/analytics/revenue?${query}`, { accept: 'text/csv' }),
    ]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="revenue-2024-06-01.csv"');
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      const lines = text.split('\n');
      expect(lines[0]).toBe('Order,Account,First order,Placed on,Promised date,Shipped on,On time,Amount,Currency,Order id,Account id');
      expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")`);
      expect(text).toContain(`'+1 Partners`);
      expect(text).toContain(`'-Minus GmbH`);
      expect(text).toContain(`'@Home Ltd`);
      expect(text).toContain(`'\tTabbed`);
      expect(text).toContain(`'\rReturned`);
      expect(text).toContain(`"Plain, ""Quoted"" Co`);
      expect(text).not.toMatch(/(^|,)[=+\-@]/m);
      // Every row, unpaged: a header and seven orders of 123.45.
      expect(
        text
          .trim()
          .split('\n')
          .filter((l) => l.includes(',123.45,')),
      ).toHaveLength(7);
    }
    // The API document says so: the 200 answer is JSON or a CSV file.
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }>;
    }>();
    expect(Object.keys(doc.paths['/api/v1/analytics/{figure}']!.get.responses['200']!.content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
  });
});

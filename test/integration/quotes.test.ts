import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../../contract/quotes.js';
import { accounts } from '../../src/db/schema/index.js';
import { countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';

let seq = 0;
const uniq = (prefix: string) => `${prefix}-${++seq}-${randomUUID().slice(0, 6)}`;

async function makeAccount(ctx: TestContext, over: Partial<typeof accounts.$inferInsert> = {}) {
  const [a] = await ctx.database.db
    .insert(accounts)
    .values({ name: uniq('Quoted'), kind: 'customer', currency: 'USD', ...over })
    .returning();
  return a!;
}

async function snapshot(ctx: TestContext) {
  const out: Record<string, number> = {};
  for (const t of ['quotes', 'quote_events', 'audit_log']) out[t] = await countRows(ctx.database, t);
  return out;
}

describe.each(engines)('quotes on %s', (engine) => {
  const ctx = useTestApp(engine);
  let s: Session;
  let admin: Session;
  const post = (url: string, payload: unknown, who = () => s) =>
    ctx.app.inject({ method: 'POST', url, headers: who().headers, payload: payload as object });
  const patch = (id: string, payload: unknown, who = () => s) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/quotes/${id}`, headers: who().headers, payload: payload as object });
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const createQuote = async (payload: Record<string, unknown>) => {
    const res = await post('/api/v1/quotes', { number: uniq('Q'), amount: '1200.00', ...payload });
    expect(res.statusCode, res.body).toBe(201);
    return json<Quote>(res);
  };
  const events = (quoteId: string) =>
    ctx.database.query<{
      kind: string;
      from_status: string | null;
      to_status: string | null;
      changes: Record<string, { from: unknown; to: unknown }> | null;
    }>('select kind, from_status, to_status, changes from quote_events where quote_id = $1 order by id', [quoteId]);

  it('signs in', async () => {
    s = await signIn(ctx, ['sales'], 'Sue Sales');
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
  });

  it('records a quote as open in the account currency with a sent event; a date-only sentAt is midnight in the account timezone', async () => {
    const account = await makeAccount(ctx, { currency: 'EUR', timezone: 'Europe/Berlin' });
    const q = await createQuote({
      accountId: account.id,
      amount: '980.5',
      sentAt: '2026-02-03',
      validUntil: '2026-03-03',
      repId: s.userId,
    });
    expect(q).toMatchObject({
      accountName: account.name,
      currency: 'EUR',
      amount: '980.50',
      status: 'open',
      sentAt: '2026-02-02T23:00:00.000Z',
      validUntil: '2026-03-03',
      rep: { id: s.userId, name: 'Sue Sales' },
      decidedAt: null,
    });
    expect(json(await get(`/api/v1/quotes/${q.id}`))).toEqual(q);
    expect(await events(q.id)).toEqual([{ kind: 'sent', from_status: null, to_status: 'open', changes: null }]);
  });

  it('wins a quote, sets decidedAt and links the order it became', async () => {
    const account = await makeAccount(ctx);
    const q = await createQuote({ accountId: account.id });
    const order = await post('/api/v1/orders', { accountId: account.id, number: uniq('O'), amount: '1200.00' });
    expect(order.statusCode).toBe(201);
    const orderId = json<{ id: string }>(order).id;
    const res = await patch(q.id, { status: 'won', orderId });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Quote>(res)).toMatchObject({ status: 'won', orderId, decidedAt: ctx.clock.now().toISOString(), lostReason: null });
    const ev = await events(q.id);
    expect(ev.at(-1)).toMatchObject({ kind: 'status_changed', from_status: 'open', to_status: 'won' });
    expect(ev.at(-1)!.changes).toMatchObject({ status: { from: 'open', to: 'won' }, orderId: { from: null, to: orderId } });
  });

  it('loses a quote only with a reason', async () => {
    const account = await makeAccount(ctx);
    const q = await createQuote({ accountId: account.id });
    const before = await snapshot(ctx);
    const refused = await patch(q.id, { status: 'lost' });
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toMatchObject({ code: 'quotes.invalid', errors: [{ path: 'lostReason' }] });
    expect(await snapshot(ctx)).toEqual(before);
    const res = await patch(q.id, { status: 'lost', lostReason: 'Price 12% above competitor', decidedAt: '2026-02-27' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Quote>(res)).toMatchObject({
      status: 'lost',
      lostReason: 'Price 12% above competitor',
      decidedAt: '2026-02-27T00:00:00.000Z',
    });
  });

  it('keeps decided quotes decided: no move to another decision, reopen by an admin only', async () => {
    const account = await makeAccount(ctx);
    const q = await createQuote({ accountId: account.id });
    await patch(q.id, { status: 'expired' });
    const before = await snapshot(ctx);
    const toWon = await patch(q.id, { status: 'won' });
    expect(toWon.statusCode).toBe(409);
    expect(json(toWon)).toMatchObject({ code: 'quotes.bad_transition', meta: { from: 'expired', to: 'won', allowed: [] } });
    const reopen = await patch(q.id, { status: 'open' });
    expect(reopen.statusCode).toBe(403);
    expect(json(reopen)).toMatchObject({ code: 'quotes.reopen_forbidden' });
    expect(await snapshot(ctx)).toEqual(before);
    const byAdmin = await patch(q.id, { status: 'open' }, () => admin);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(json<Quote>(byAdmin)).toMatchObject({ status: 'open', decidedAt: null });
    const won = await patch(q.id, { status: 'won' });
    expect(json<Quote>(won).status).toBe('won');
  });

  it('records other changes as an updated event and refuses fields that do not fit the status', async () => {
    const account = await makeAccount(ctx);
    const other = await makeAccount(ctx);
    const q = await createQuote({ accountId: account.id });
    const res = await patch(q.id, { amount: '1500', validUntil: '2026-04-01' });
    expect(json<Quote>(res)).toMatchObject({ amount: '1500.00', validUntil: '2026-04-01' });
    expect((await events(q.id)).at(-1)).toMatchObject({
      kind: 'updated',
      changes: { amount: { from: '1200.00', to: '1500.00' }, validUntil: { from: null, to: '2026-04-01' } },
    });
    const otherOrder = json<{ id: string }>(await post('/api/v1/orders', { accountId: other.id, number: uniq('O'), amount: '1.00' }));
    const before = await snapshot(ctx);
    const bad = await patch(q.id, { lostReason: 'x', orderId: otherOrder.id, amount: '1.001', decidedAt: '2026-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(
      json<{ errors: { path: string }[] }>(bad)
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['amount', 'decidedAt', 'lostReason', 'orderId']);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('lists quotes with filters and pages through them without duplicates or gaps', async () => {
    const account = await makeAccount(ctx, { name: `Quotation House ${seq}` });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const q = await createQuote({
        accountId: account.id,
        amount: `${100 + (i % 3)}.00`,
        sentAt: `2026-01-${String(1 + (i % 4)).padStart(2, '0')}T10:00:00Z`,
      });
      ids.push(q.id);
    }
    await patch(ids[0]!, { status: 'won' });
    for (const sort of ['-sentAt', 'sentAt', 'amount', '-amount', 'number', '-number']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Quote[]; nextCursor: string | null } = json(
          await get(`/api/v1/quotes?accountId=${account.id}&sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`),
        );
        seen.push(...page.items.map((q) => q.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
    }
    const won = json<{ items: Quote[] }>(await get(`/api/v1/quotes?accountId=${account.id}&status=won`));
    expect(won.items.map((q) => q.id)).toEqual([ids[0]]);
    const byName = json<{ items: Quote[] }>(await get(`/api/v1/quotes?q=${encodeURIComponent('quotation house')}&limit=100`));
    expect(byName.items).toHaveLength(12);
  });

  describe('bad input answers 4xx problem+json and writes nothing', () => {
    const cases: [string, (accountId: string) => Record<string, unknown>, number, string, string[]][] = [
      ['missing amount', (a) => ({ accountId: a, number: 'BQ-1' }), 400, 'validation.invalid', ['amount']],
      ['an unknown field', (a) => ({ accountId: a, number: 'BQ-2', amount: '1.00', status: 'won' }), 400, 'validation.invalid', ['status']],
      ['a number for amount', (a) => ({ accountId: a, number: 'BQ-3', amount: 1 }), 400, 'validation.invalid', ['amount']],
      ['3-decimal amount', (a) => ({ accountId: a, number: 'BQ-4', amount: '1.005' }), 400, 'quotes.invalid', ['amount']],
      ['an unknown rep', (a) => ({ accountId: a, number: 'BQ-5', amount: '1.00', repId: randomUUID() }), 400, 'quotes.invalid', ['repId']],
      [
        'an account that does not exist',
        () => ({ accountId: randomUUID(), number: 'BQ-6', amount: '1.00' }),
        404,
        'accounts.not_found',
        [],
      ],
    ];
    it.each(cases)('%s', async (_name, body, status, code, paths) => {
      const account = await makeAccount(ctx);
      const before = await snapshot(ctx);
      const res = await post('/api/v1/quotes', body(account.id));
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const p = json<{ code: string; errors?: { path: string }[] }>(res);
      expect(p.code).toBe(code);
      expect((p.errors ?? []).map((e) => e.path)).toEqual(paths);
      expect(await snapshot(ctx)).toEqual(before);
    });

    it('a duplicate quote number → 409 quotes.number_taken', async () => {
      const account = await makeAccount(ctx);
      const q = await createQuote({ accountId: account.id });
      const before = await snapshot(ctx);
      const res = await post('/api/v1/quotes', { accountId: account.id, number: q.number, amount: '1.00' });
      expect(res.statusCode).toBe(409);
      expect(json(res)).toMatchObject({ code: 'quotes.number_taken', errors: [{ path: 'number' }] });
      expect(await snapshot(ctx)).toEqual(before);
    });

    it('an unknown quote → 404', async () => {
      expect(json(await get(`/api/v1/quotes/${randomUUID()}`))).toMatchObject({ status: 404, code: 'quotes.not_found' });
    });
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Activity, TimelineItem } from '../../contract/activities.js';
import { accounts, contacts } from '../../src/db/schema/index.js';
import { countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';

let seq = 0;
const uniq = (prefix: string) => `${prefix}-${++seq}-${randomUUID().slice(0, 6)}`;

async function makeAccount(ctx: TestContext, over: Partial<typeof accounts.$inferInsert> = {}) {
  const [a] = await ctx.database.db
    .insert(accounts)
    .values({ name: uniq('Timeline'), kind: 'customer', currency: 'USD', ...over })
    .returning();
  return a!;
}
async function makeContact(ctx: TestContext, accountId: string, name = 'Jane Buyer') {
  const [c] = await ctx.database.db.insert(contacts).values({ accountId, name, roleAtCustomer: 'buyer' }).returning();
  return c!;
}

type Page<T> = { items: T[]; nextCursor: string | null };

describe.each(engines)('activities and the account timeline on %s', (engine) => {
  const ctx = useTestApp(engine);
  let s: Session;
  const post = (url: string, payload: unknown) => ctx.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return JSON.parse(r.body) as Record<string, unknown> & { id: string };
  };
  const pageAll = async <T>(url: string, limit: number) => {
    const all: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = json<Page<T>>(res);
      all.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return { all, pages };
  };

  it('signs in', async () => {
    s = await signIn(ctx, ['csr'], 'Cora CSR');
  });

  it('logs an activity with its contact and order, and lists activities newest first', async () => {
    const account = await makeAccount(ctx, { timezone: 'America/New_York' });
    const jane = await makeContact(ctx, account.id);
    const order = await ok(post('/api/v1/orders', { accountId: account.id, number: uniq('O'), amount: '10.00' }));
    const a = json<Activity>(
      await post('/api/v1/activities', {
        accountId: account.id,
        kind: 'call',
        subject: 'kickoff',
        body: 'Agreed on drawings',
        contactId: jane.id,
        orderId: order.id,
        occurredAt: '2026-02-20',
      }),
    );
    expect(a).toMatchObject({
      accountId: account.id,
      kind: 'call',
      subject: 'kickoff',
      contact: { id: jane.id, name: 'Jane Buyer' },
      orderId: order.id,
      actor: { id: s.userId, name: 'Cora CSR' },
      occurredAt: '2026-02-20T05:00:00.000Z',
    });
    const later = await ok(post('/api/v1/activities', { accountId: account.id, kind: 'note', body: 'Sent samples' }));
    expect(later['occurredAt']).toBe(ctx.clock.now().toISOString());
    const list = json<Page<Activity>>(await get(`/api/v1/activities?accountId=${account.id}`));
    expect(list.items.map((x) => x.id)).toEqual([later.id, a.id]);
    expect(json<Page<Activity>>(await get(`/api/v1/activities?accountId=${account.id}&kind=call`)).items.map((x) => x.id)).toEqual([a.id]);
  });

  it('refuses a contact or order of another account, naming the field, and writes nothing', async () => {
    const account = await makeAccount(ctx);
    const other = await makeAccount(ctx);
    const stranger = await makeContact(ctx, other.id, 'Stranger');
    const otherOrder = await ok(post('/api/v1/orders', { accountId: other.id, number: uniq('O'), amount: '10.00' }));
    const before = [await countRows(ctx.database, 'activities'), await countRows(ctx.database, 'audit_log')];
    const res = await post('/api/v1/activities', {
      accountId: account.id,
      kind: 'call',
      subject: 'x',
      contactId: stranger.id,
      orderId: otherOrder.id,
    });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ code: 'activities.invalid', errors: [{ path: 'contactId' }, { path: 'orderId' }] });
    const missing = await post('/api/v1/activities', { accountId: account.id, kind: 'call', subject: 'x', contactId: randomUUID() });
    expect(json(missing)).toMatchObject({ status: 400, errors: [{ path: 'contactId' }] });
    const noSubject = await post('/api/v1/activities', { accountId: account.id, kind: 'call' });
    expect(json(noSubject)).toMatchObject({ status: 400, code: 'validation.invalid', errors: [{ path: 'subject' }] });
    const badKind = await post('/api/v1/activities', { accountId: account.id, kind: 'fax', subject: 'x' });
    expect(json(badKind)).toMatchObject({ status: 400, errors: [{ path: 'kind' }] });
    const noAccount = await post('/api/v1/activities', { accountId: randomUUID(), kind: 'call', subject: 'x' });
    expect(json(noAccount)).toMatchObject({ status: 404, code: 'accounts.not_found' });
    expect([await countRows(ctx.database, 'activities'), await countRows(ctx.database, 'audit_log')]).toEqual(before);
  });

  it('merges activities, order events and quote events newest first with readable titles', async () => {
    const account = await makeAccount(ctx);
    const first = await ok(
      post('/api/v1/orders', { accountId: account.id, number: `10248-${seq}`, amount: '100.00', placedAt: '2026-02-01T09:00:00Z' }),
    );
    const second = await ok(
      post('/api/v1/orders', { accountId: account.id, number: `10300-${seq}`, amount: '50.00', placedAt: '2026-02-15T09:00:00Z' }),
    );
    const quote = await ok(
      post('/api/v1/quotes', { accountId: account.id, number: `Q-17-${seq}`, amount: '900.00', sentAt: '2026-01-20T09:00:00Z' }),
    );
    await ok(post('/api/v1/activities', { accountId: account.id, kind: 'call', subject: 'kickoff', occurredAt: '2026-02-02T10:00:00Z' }));
    // Times given explicitly (the clock stays put: moving it a day would end the session).
    await ok(post(`/api/v1/orders/${first.id}/transitions`, { to: 'data_review', at: '2026-02-20T10:00:00Z' }), 200);
    await ok(
      post(`/api/v1/orders/${first.id}/transitions`, { to: 'in_production', note: 'Drawings approved', at: '2026-02-20T11:00:00Z' }),
      200,
    );
    const lost = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/quotes/${quote.id}`,
      headers: s.headers,
      payload: { status: 'lost', lostReason: 'Lead time', decidedAt: '2026-02-25T09:00:00Z' },
    });
    expect(lost.statusCode).toBe(200);

    const res = await get(`/api/v1/accounts/${account.id}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const items = json<Page<TimelineItem>>(res).items;
    expect(items.map((i) => i.title)).toEqual([
      `Quote Q-17-${seq} lost`,
      `Order 10248-${seq} moved to In production`,
      `Order 10248-${seq} moved to Data review`,
      `Order 10300-${seq} placed`,
      'Call: kickoff',
      `Order 10248-${seq} placed`,
      `Quote Q-17-${seq} sent`,
    ]);
    expect(items[0]).toMatchObject({
      source: 'quote',
      type: 'status_changed',
      detail: 'Reason: Lead time',
      quoteId: quote.id,
      isFirstOrder: false,
      actor: { id: s.userId, name: 'Cora CSR' },
    });
    expect(items[1]).toMatchObject({
      source: 'order',
      orderId: first.id,
      isFirstOrder: true,
      detail: 'Drawings approved',
      at: '2026-02-20T11:00:00.000Z',
    });
    expect(items[3]).toMatchObject({ orderId: second.id, isFirstOrder: false });
    expect(items[4]).toMatchObject({ source: 'activity', type: 'call', orderId: null });
    const ats = items.map((i) => i.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    const onlyQuotes = json<Page<TimelineItem>>(await get(`/api/v1/accounts/${account.id}/timeline?source=quote`)).items;
    expect(onlyQuotes.map((i) => i.source)).toEqual(['quote', 'quote']);
  });

  it('pages through a long timeline without duplicates or gaps, ties on time included', async () => {
    const account = await makeAccount(ctx);
    // Many rows at the same instant across the three sources exercise the id tie-breaker.
    for (let i = 0; i < 9; i++)
      await ok(
        post('/api/v1/activities', {
          accountId: account.id,
          kind: 'note',
          subject: `n${i}`,
          occurredAt: i % 2 ? '2026-03-01T00:00:00Z' : `2026-02-0${1 + i}T00:00:00Z`,
        }),
      );
    for (let i = 0; i < 6; i++)
      await ok(post('/api/v1/orders', { accountId: account.id, number: uniq('PO'), amount: '1.00', placedAt: '2026-03-01T00:00:00Z' }));
    for (let i = 0; i < 5; i++)
      await ok(post('/api/v1/quotes', { accountId: account.id, number: uniq('PQ'), amount: '1.00', sentAt: '2026-03-01T00:00:00Z' }));
    const whole = json<Page<TimelineItem>>(await get(`/api/v1/accounts/${account.id}/timeline?limit=100`));
    expect(whole.items).toHaveLength(20);
    expect(whole.nextCursor).toBeNull();
    for (const limit of [1, 3, 7]) {
      const { all, pages } = await pageAll<TimelineItem>(`/api/v1/accounts/${account.id}/timeline`, limit);
      expect(all.map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
      expect(pages).toBe(Math.ceil(20 / limit));
    }
    const acts = await pageAll<Activity>(`/api/v1/activities?accountId=${account.id}`, 4);
    expect(acts.all).toHaveLength(9);
    expect(new Set(acts.all.map((a) => a.id)).size).toBe(9);
    expect(acts.pages).toBe(3);
  });

  it('answers 404 for the timeline of an account that does not exist, an empty page for one with no history, and 400 for a bad cursor', async () => {
    expect(json(await get(`/api/v1/accounts/${randomUUID()}/timeline`))).toMatchObject({ status: 404, code: 'accounts.not_found' });
    const account = await makeAccount(ctx);
    const empty = await get(`/api/v1/accounts/${account.id}/timeline`);
    expect(empty.statusCode).toBe(200);
    expect(json(empty)).toEqual({ items: [], nextCursor: null });
    expect(json(await get(`/api/v1/accounts/${account.id}/timeline?cursor=abc`))).toMatchObject({
      status: 400,
      code: 'pagination.bad_cursor',
    });
  });
});

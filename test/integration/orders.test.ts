// Each test makes its own accounts and orders (test/support/factories.ts) and runs alone; the
// sales user every test acts as is signed in once per engine, in beforeAll.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Order, OrderDetail } from '../../contract/orders.js';
import { accounts, orders } from '../../src/db/schema/index.js';
import { refreshAccountOrderStats } from '../../src/domain/order-stats/index.js';
import { countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';

async function accountRow(ctx: TestContext, id: string) {
  const rows = await ctx.database.query<{
    order_count: number;
    first_order_id: string | null;
    first_order_at: Date | null;
    last_order_at: Date | null;
  }>('select order_count, first_order_id, first_order_at, last_order_at from accounts where id = $1', [id]);
  return rows[0]!;
}

const WRITE_TABLES = ['orders', 'order_lines', 'order_events', 'audit_log', 'accounts'] as const;
async function snapshot(ctx: TestContext) {
  const out: Record<string, number> = {};
  for (const t of WRITE_TABLES) out[t] = await countRows(ctx.database, t);
  return out;
}

describe.each(engines)('orders on %s', (engine) => {
  const ctx = useTestApp(engine);
  let s: Session;
  // Sign-in itself is tested in auth.test.ts ('signs in with the right password only, …').
  beforeAll(async () => {
    s = await signIn(ctx, ['sales'], 'Sam Sales');
  });
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers: { ...s.headers, ...headers }, payload: payload as object });
  const patch = (url: string, payload: unknown) => ctx.app.inject({ method: 'PATCH', url, headers: s.headers, payload: payload as object });
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const createOrder = (payload: { accountId: string } & Record<string, unknown>) => createTestOrder(ctx, s, payload);
  const move = (id: string, body: Record<string, unknown>) => post(`/api/v1/orders/${id}/transitions`, body);

  it('creates an order with lines: amount from the lines, half-up line amounts, a created event, account statistics', async () => {
    const account = await createTestAccount(ctx, { timezone: 'America/Chicago' });
    const res = await post('/api/v1/orders', {
      accountId: account.id,
      number: uniq('N'),
      placedAt: '2026-02-10',
      promisedDate: '2026-03-20',
      repId: s.userId,
      lines: [
        { sku: 'BRK-1', description: 'Bracket', quantity: 1.5, unitPrice: '3.33' },
        { sku: 'PLT-2', quantity: 2, unitPrice: '10.00', lineAmount: '19.50' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const o = json<OrderDetail>(res);
    expect(o).toMatchObject({
      accountId: account.id,
      accountName: account.name,
      currency: 'USD',
      amount: '24.50',
      status: 'received',
      rep: { id: s.userId, name: 'Sam Sales' },
      // 00:00 in the account's timezone (CST, UTC−6)
      placedAt: '2026-02-10T06:00:00.000Z',
      isFirstOrder: true,
      isLate: false,
      nextStatuses: ['data_review', 'cancelled'],
    });
    expect(o.lines.map((l) => [l.position, l.quantity, l.unitPrice, l.lineAmount])).toEqual([
      [1, 1.5, '3.33', '5.00'],
      [2, 2, '10.00', '19.50'],
    ]);
    expect(o.events).toHaveLength(1);
    expect(o.events[0]).toMatchObject({ kind: 'created', toStatus: 'received', actor: { id: s.userId }, at: '2026-02-10T06:00:00.000Z' });
    const stats = await accountRow(ctx, account.id);
    expect(stats).toMatchObject({ order_count: 1, first_order_id: o.id });
    expect(new Date(stats.first_order_at!).toISOString()).toBe(o.placedAt);
    const again = await get(`/api/v1/orders/${o.id}`);
    expect(json(again)).toEqual(o);
    const audits = await ctx.database.query<{ action: string }>('select action from audit_log where entity_id = $1', [o.id]);
    expect(audits.map((a) => a.action)).toEqual(['orders.create']);
  });

  it('recognises the first order, not the second, and a back-dated order placed earlier becomes the first', async () => {
    const account = await createTestAccount(ctx, { potentialAnnualSpend: '90000.00' });
    const first = await createOrder({ accountId: account.id, number: uniq('F'), placedAt: '2026-01-10T10:00:00Z' });
    expect(first).toMatchObject({ isFirstOrder: true, isAudition: true });
    const second = await createOrder({ accountId: account.id, number: uniq('F'), placedAt: '2026-02-10T10:00:00Z' });
    expect(second).toMatchObject({ isFirstOrder: false, isAudition: false });
    expect(json<Order>(await get(`/api/v1/orders/${first.id}`)).isFirstOrder).toBe(true);

    const earlier = await createOrder({ accountId: account.id, number: uniq('F'), placedAt: '2025-12-01T10:00:00Z' });
    expect(earlier.isFirstOrder).toBe(true);
    expect(json<Order>(await get(`/api/v1/orders/${first.id}`)).isFirstOrder).toBe(false);
    const stats = await accountRow(ctx, account.id);
    expect(stats.order_count).toBe(3);
    expect(stats.first_order_id).toBe(earlier.id);
    expect(new Date(stats.first_order_at!).toISOString()).toBe('2025-12-01T10:00:00.000Z');
    expect(new Date(stats.last_order_at!).toISOString()).toBe('2026-02-10T10:00:00.000Z');

    const listed = json<{ items: Order[] }>(await get(`/api/v1/orders?accountId=${account.id}&isFirstOrder=true`));
    expect(listed.items.map((o) => o.id)).toEqual([earlier.id]);
    const others = json<{ items: Order[] }>(await get(`/api/v1/orders?accountId=${account.id}&isFirstOrder=false`));
    expect(others.items.map((o) => o.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('breaks a tie on placedAt by the lowest number', async () => {
    const account = await createTestAccount(ctx);
    const tie = uniq('T');
    const b = await createOrder({ accountId: account.id, number: `${tie}-B`, placedAt: '2026-01-05T09:00:00Z' });
    const a = await createOrder({ accountId: account.id, number: `${tie}-A`, placedAt: '2026-01-05T09:00:00Z' });
    expect((await accountRow(ctx, account.id)).first_order_id).toBe(a.id);
    expect(json<Order>(await get(`/api/v1/orders/${b.id}`)).isFirstOrder).toBe(false);
  });

  it('shows a change of the audition threshold on the order page at once, though the settings row is cached', async () => {
    const account = await createTestAccount(ctx, { potentialAnnualSpend: '20000.00' });
    const o = await createOrder({ accountId: account.id, number: uniq('AUD') });
    expect(json<OrderDetail>(await get(`/api/v1/orders/${o.id}`)).isAudition).toBe(false);
    const admin = await signIn(ctx, ['admin']);
    const lower = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: admin.headers,
      payload: { auditionMinSpend: '20000.00' },
    });
    expect(lower.statusCode, lower.body).toBe(200);
    expect(json<OrderDetail>(await get(`/api/v1/orders/${o.id}`)).isAudition).toBe(true);
    const back = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: admin.headers,
      payload: { auditionMinSpend: '50000.00' },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(json<OrderDetail>(await get(`/api/v1/orders/${o.id}`)).isAudition).toBe(false);
  });

  it('refreshAccountOrderStats recomputes several accounts in one go, as the importer and demo call it', async () => {
    const a = await createTestAccount(ctx);
    const b = await createTestAccount(ctx);
    const none = await createTestAccount(ctx);
    // A statistic gone stale (no use case writes one): the refresh must put it right.
    await ctx.database.db.update(accounts).set({ orderCount: 7 }).where(eq(accounts.id, none.id));
    const at = (iso: string) => new Date(iso);
    const rows = await ctx.database.db
      .insert(orders)
      .values([
        { accountId: a.id, number: uniq('IMP'), placedAt: at('2024-05-01T00:00:00Z'), amount: 100, currency: 'USD', status: 'cancelled' },
        { accountId: a.id, number: uniq('IMP'), placedAt: at('2024-07-01T00:00:00Z'), amount: 100, currency: 'USD', status: 'delivered' },
        { accountId: b.id, number: uniq('IMP'), placedAt: at('2023-01-01T00:00:00Z'), amount: 100, currency: 'USD', status: 'closed' },
      ])
      .returning({ id: orders.id });
    await refreshAccountOrderStats(ctx.database.db, [a.id, b.id, none.id, a.id]);
    expect(await accountRow(ctx, a.id)).toMatchObject({ order_count: 2, first_order_id: rows[0]!.id });
    expect(new Date((await accountRow(ctx, a.id)).last_order_at!).toISOString()).toBe('2024-07-01T00:00:00.000Z');
    expect(await accountRow(ctx, b.id)).toMatchObject({ order_count: 1, first_order_id: rows[2]!.id });
    expect(await accountRow(ctx, none.id)).toMatchObject({
      order_count: 0,
      first_order_id: null,
      first_order_at: null,
      last_order_at: null,
    });
    await refreshAccountOrderStats(ctx.database.db, []);
  });

  // Matters on PostgreSQL (real parallel transactions); on PGlite the same requests run one by one.
  // Account A's creates serialise on its row lock; B's duplicate number races A's on the unique index.
  it('keeps account statistics right and numbers unique under concurrent creates', async () => {
    const a = await createTestAccount(ctx);
    const b = await createTestAccount(ctx);
    const numberOf = (i: number) => `CC-${engine}-${a.id.slice(0, 8)}-${i}`;
    const requests = [
      ...Array.from({ length: 5 }, (_, i) =>
        post('/api/v1/orders', { accountId: a.id, number: numberOf(i), amount: '1.00', placedAt: `2026-01-0${1 + i}T00:00:00Z` }),
      ),
      post('/api/v1/orders', { accountId: b.id, number: numberOf(0), amount: '1.00' }),
    ];
    const results = await Promise.all(requests);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 201, 201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'orders.number_taken', errors: [{ path: 'number' }] });
    for (const account of [a, b]) {
      const stats = await accountRow(ctx, account.id);
      const real = await ctx.database.query<{ n: number; first: string | null }>(
        'select count(*)::int as n, (array_agg(id order by placed_at, number))[1] as first from orders where account_id = $1',
        [account.id],
      );
      expect(stats.order_count).toBe(Number(real[0]!.n));
      expect(stats.first_order_id).toBe(real[0]!.first);
    }
    expect((await accountRow(ctx, a.id)).order_count + (await accountRow(ctx, b.id)).order_count).toBe(5);
  });

  it('walks the lifecycle with rework, sets shipping and delivery fields, and records each move newest first', async () => {
    const account = await createTestAccount(ctx);
    const o = await createOrder({ accountId: account.id, number: uniq('L'), placedAt: '2026-02-01T08:00:00Z' });
    for (const to of ['data_review', 'in_production', 'inspection']) expect((await move(o.id, { to })).statusCode).toBe(200);
    const rework = await move(o.id, { to: 'in_production', note: 'Burr on edge' });
    expect(rework.statusCode).toBe(200);
    expect(json<Order>(rework)).toMatchObject({ status: 'in_production', nextStatuses: ['inspection', 'data_review', 'cancelled'] });
    for (const to of ['inspection', 'ready_to_ship']) expect((await move(o.id, { to })).statusCode).toBe(200);
    const shipped = await move(o.id, { to: 'shipped', at: '2026-02-20T15:30:00Z', carrier: 'UPS', trackingNumber: '1Z999' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(json<Order>(shipped)).toMatchObject({
      status: 'shipped',
      shippedAt: '2026-02-20T15:30:00.000Z',
      carrier: 'UPS',
      trackingNumber: '1Z999',
      deliveredAt: null,
      nextStatuses: ['delivered'],
    });
    const delivered = await move(o.id, { to: 'delivered' });
    expect(json<Order>(delivered)).toMatchObject({
      status: 'delivered',
      deliveredAt: ctx.clock.now().toISOString(),
      nextStatuses: ['closed'],
    });
    const closed = json<OrderDetail>(await move(o.id, { to: 'closed' }));
    expect(closed.nextStatuses).toEqual([]);
    const moves = closed.events.filter((e) => e.kind === 'status_changed').map((e) => `${e.fromStatus}>${e.toStatus}`);
    // Newest first by `at`, then by id: the moves made now, then the shipment back-dated to its real time.
    expect(moves).toEqual([
      'delivered>closed',
      'shipped>delivered',
      'inspection>ready_to_ship',
      'in_production>inspection',
      'inspection>in_production',
      'in_production>inspection',
      'data_review>in_production',
      'received>data_review',
      'ready_to_ship>shipped',
    ]);
    expect(closed.events.at(-1)!.kind).toBe('created');
    expect(closed.events.find((e) => e.toStatus === 'in_production' && e.fromStatus === 'inspection')!.note).toBe('Burr on edge');
    const ats = closed.events.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
  });

  it('refuses a status jump the lifecycle does not allow, naming from, to and the allowed moves, and writes nothing', async () => {
    const account = await createTestAccount(ctx);
    const o = await createOrder({ accountId: account.id, number: uniq('J') });
    const before = await snapshot(ctx);
    const res = await move(o.id, { to: 'shipped' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const p = json<{ code: string; detail: string; meta: { from: string; to: string; allowed: string[] } }>(res);
    expect(p.code).toBe('orders.bad_transition');
    expect(p.meta).toEqual({ from: 'received', to: 'shipped', allowed: ['data_review', 'cancelled'] });
    expect(p.detail).toContain('received');
    expect(p.detail).toContain('shipped');
    expect(await snapshot(ctx)).toEqual(before);
    expect(json<Order>(await get(`/api/v1/orders/${o.id}`)).status).toBe('received');
  });

  it('cancels before shipping only, and cancelling keeps the account statistics', async () => {
    const account = await createTestAccount(ctx);
    const o = await createOrder({ accountId: account.id, number: uniq('C') });
    const statsBefore = await accountRow(ctx, account.id);
    const res = await move(o.id, { to: 'cancelled', note: 'Customer changed plans' });
    expect(json<Order>(res)).toMatchObject({ status: 'cancelled', nextStatuses: [], isFirstOrder: true });
    expect(await accountRow(ctx, account.id)).toEqual(statsBefore);
    const again = await move(o.id, { to: 'received' });
    expect(again.statusCode).toBe(409);

    const shipped = await createOrder({ accountId: account.id, number: uniq('C') });
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship', 'shipped']) await move(shipped.id, { to });
    const late = await move(shipped.id, { to: 'cancelled' });
    expect(late.statusCode).toBe(409);
    expect(json<{ meta: { allowed: string[] } }>(late).meta.allowed).toEqual(['delivered']);
  });

  it('refuses shipping fields on a move that is not to shipped', async () => {
    const account = await createTestAccount(ctx);
    const o = await createOrder({ accountId: account.id, number: uniq('X') });
    const before = await snapshot(ctx);
    const res = await move(o.id, { to: 'data_review', carrier: 'UPS' });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toEqual(['carrier']);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('records each changed field of a PATCH as an updated event with from and to', async () => {
    const account = await createTestAccount(ctx);
    const o = await createOrder({ accountId: account.id, number: uniq('P'), promisedDate: '2026-03-10' });
    const res = await patch(`/api/v1/orders/${o.id}`, { promisedDate: '2026-03-15', amount: '250.5', carrier: 'DHL', externalRef: null });
    expect(res.statusCode, res.body).toBe(200);
    const d = json<OrderDetail>(res);
    expect(d).toMatchObject({ promisedDate: '2026-03-15', amount: '250.50', carrier: 'DHL' });
    expect(d.events[0]).toMatchObject({
      kind: 'updated',
      actor: { id: s.userId },
      changes: {
        promisedDate: { from: '2026-03-10', to: '2026-03-15' },
        amount: { from: '100.00', to: '250.50' },
        carrier: { from: null, to: 'DHL' },
      },
    });
    expect(Object.keys(d.events[0]!.changes!)).toHaveLength(3);
    const before = await snapshot(ctx);
    const same = await patch(`/api/v1/orders/${o.id}`, { carrier: 'DHL' });
    expect(same.statusCode).toBe(200);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('refuses a PATCH with an unknown rep or a 3-decimal amount, naming the field and writing nothing', async () => {
    const account = await createTestAccount(ctx);
    const o = await createOrder({ accountId: account.id, number: uniq('P') });
    const before = await snapshot(ctx);
    const res = await patch(`/api/v1/orders/${o.id}`, { repId: randomUUID(), amount: '1.234' });
    expect(res.statusCode).toBe(400);
    expect(
      json<{ errors: { path: string }[] }>(res)
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['amount', 'repId']);
    expect(await snapshot(ctx)).toEqual(before);
    expect((await patch(`/api/v1/orders/${randomUUID()}`, { lots: 2 })).statusCode).toBe(404);
  });

  it('adds a line: a line-derived amount follows, an amount set by hand stays', async () => {
    const account = await createTestAccount(ctx);
    const derived = await createOrder({
      accountId: account.id,
      number: uniq('A'),
      amount: undefined,
      lines: [{ quantity: 2, unitPrice: '5.00' }],
    });
    expect(derived.amount).toBe('10.00');
    const res = await post(`/api/v1/orders/${derived.id}/lines`, { sku: 'X', quantity: 3, unitPrice: '0.335' });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(res).errors[0]!.path).toBe('line.unitPrice');
    const ok = await post(`/api/v1/orders/${derived.id}/lines`, { sku: 'X', quantity: 3, unitPrice: '0.33' });
    expect(ok.statusCode, ok.body).toBe(201);
    const d = json<OrderDetail>(ok);
    expect(d.amount).toBe('10.99');
    expect(d.lines.map((l) => [l.position, l.lineAmount])).toEqual([
      [1, '10.00'],
      [2, '0.99'],
    ]);
    expect(d.events[0]).toMatchObject({ kind: 'line_added', changes: { amount: { from: '10.00', to: '10.99' } } });

    const manual = await createOrder({
      accountId: account.id,
      number: uniq('A'),
      amount: '500.00',
      lines: [{ quantity: 1, unitPrice: '400.00' }],
    });
    const kept = json<OrderDetail>(await post(`/api/v1/orders/${manual.id}/lines`, { quantity: 1, unitPrice: '50.00' }));
    expect(kept.amount).toBe('500.00');
    expect(kept.lines).toHaveLength(2);
  });

  it('flags late orders in the account timezone and filters on it', async () => {
    // Clock: 2026-03-02T14:00Z. In Pacific/Kiritimati (UTC+14) it is already 2026-03-03.
    const tokyo = await createTestAccount(ctx, { timezone: 'Pacific/Kiritimati' });
    const utc = await createTestAccount(ctx);
    const lateThere = await createOrder({ accountId: tokyo.id, number: uniq('LT'), promisedDate: '2026-03-02' });
    const notYet = await createOrder({ accountId: utc.id, number: uniq('LT'), promisedDate: '2026-03-02' });
    const lateHere = await createOrder({ accountId: utc.id, number: uniq('LT'), promisedDate: '2026-03-01' });
    expect(lateThere.isLate).toBe(true);
    expect(notYet.isLate).toBe(false);
    expect(lateHere.isLate).toBe(true);
    const late = json<{ items: Order[] }>(await get('/api/v1/orders?isLate=true&limit=100'));
    const ids = late.items.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([lateThere.id, lateHere.id]));
    expect(ids).not.toContain(notYet.id);
    expect(late.items.every((o) => o.isLate)).toBe(true);
    const notLate = json<{ items: Order[] }>(await get(`/api/v1/orders?isLate=false&accountId=${utc.id}`));
    expect(notLate.items.map((o) => o.id)).toEqual([notYet.id]);
    await move(lateHere.id, { to: 'cancelled' });
    expect(json<Order>(await get(`/api/v1/orders/${lateHere.id}`)).isLate).toBe(false);
  });

  it('searches on number, external reference and account name, and filters by status and rep', async () => {
    const account = await createTestAccount(ctx, { name: uniq('Zebra Works') });
    const o1 = await createOrder({ accountId: account.id, number: uniq('ZQ'), externalRef: 'ERP_50%', repId: s.userId });
    const o2 = await createOrder({ accountId: account.id, number: uniq('ZQ') });
    await move(o2.id, { to: 'data_review' });
    const byName = json<{ items: Order[] }>(await get(`/api/v1/orders?q=${encodeURIComponent(account.name.toLowerCase())}`));
    expect(byName.items.map((o) => o.id).sort()).toEqual([o1.id, o2.id].sort());
    const byRef = json<{ items: Order[] }>(await get(`/api/v1/orders?q=${encodeURIComponent('erp_50%')}`));
    expect(byRef.items.map((o) => o.id)).toEqual([o1.id]);
    const byNumber = json<{ items: Order[] }>(await get(`/api/v1/orders?q=${o2.number}`));
    expect(byNumber.items.map((o) => o.id)).toEqual([o2.id]);
    const byStatus = json<{ items: Order[] }>(await get(`/api/v1/orders?accountId=${account.id}&status=data_review`));
    expect(byStatus.items.map((o) => o.id)).toEqual([o2.id]);
    const byRep = json<{ items: Order[] }>(await get(`/api/v1/orders?accountId=${account.id}&repId=${s.userId}`));
    expect(byRep.items.map((o) => o.id)).toEqual([o1.id]);
  });

  describe('an account with 23 orders, ties on every sort key', () => {
    let account: string;
    let ids: string[];
    beforeAll(async () => {
      account = (await createTestAccount(ctx)).id;
      ids = [];
      for (let i = 0; i < 23; i++) {
        // Ties on placedAt, amount and promisedDate (some null) exercise the id tie-breaker.
        const o = await createOrder({
          accountId: account,
          number: `PG-${engine}-${String(i).padStart(3, '0')}`,
          placedAt: `2025-0${1 + (i % 5)}-0${1 + (i % 3)}T00:00:00Z`,
          amount: `${(i % 4) * 10}.00`,
          ...(i % 3 === 0 ? {} : { promisedDate: `2026-04-0${1 + (i % 4)}` }),
        });
        ids.push(o.id);
      }
    });

    it.each(['-placedAt', 'placedAt', 'number', '-number', 'promisedDate', '-promisedDate', 'amount', '-amount'])(
      'pages through every order sorted by %s without duplicates or gaps',
      async (sort) => {
        const seen: Order[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await get(`/api/v1/orders?accountId=${account}&sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.statusCode, res.body).toBe(200);
          const page = json<{ items: Order[]; nextCursor: string | null }>(res);
          seen.push(...page.items);
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 20);
        expect(seen.map((o) => o.id).sort()).toEqual([...ids].sort());
        expect(new Set(seen.map((o) => o.id)).size).toBe(ids.length);
        expect(pages).toBe(5);
        // The same order as a single unpaged query.
        const all = json<{ items: Order[] }>(await get(`/api/v1/orders?accountId=${account}&sort=${sort}&limit=100`));
        expect(seen.map((o) => o.id)).toEqual(all.items.map((o) => o.id));
        const key = sort.replace('-', '') as 'placedAt' | 'number' | 'promisedDate' | 'amount';
        const values = seen.map((o) => (key === 'amount' ? Number(o.amount) : o[key]));
        const nonNull = values.filter((v) => v !== null);
        const sorted = [...nonNull].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(nonNull).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
        // Orders without a promised date come last in both directions.
        if (key === 'promisedDate') expect(values.slice(nonNull.length).every((v) => v === null)).toBe(true);
      },
    );
  });

  it('refuses a cursor it did not hand out', async () => {
    const res = await get('/api/v1/orders?cursor=not-a-cursor');
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ code: 'pagination.bad_cursor' });
  });

  describe('bad input answers 4xx problem+json and writes nothing', () => {
    const cases: [string, (accountId: string) => Record<string, unknown>, number, string, string[]][] = [
      ['missing number', (a) => ({ accountId: a, amount: '1.00' }), 400, 'validation.invalid', ['number']],
      ['missing accountId', () => ({ number: 'M-1', amount: '1.00' }), 400, 'validation.invalid', ['accountId']],
      ['wrong type for amount', (a) => ({ accountId: a, number: 'M-2', amount: 12.5 }), 400, 'validation.invalid', ['amount']],
      [
        'wrong type for quantity',
        (a) => ({ accountId: a, number: 'M-3', lines: [{ quantity: 'two', unitPrice: '1.00' }] }),
        400,
        'validation.invalid',
        ['lines.0.quantity'],
      ],
      [
        'an unknown field',
        (a) => ({ accountId: a, number: 'M-4', amount: '1.00', discount: '5' }),
        400,
        'validation.invalid',
        ['discount'],
      ],
      ['3-decimal amount', (a) => ({ accountId: a, number: 'M-5', amount: '10.005' }), 400, 'orders.invalid', ['amount']],
      [
        '3-decimal unit price',
        (a) => ({ accountId: a, number: 'M-6', lines: [{ quantity: 1, unitPrice: '1.001' }] }),
        400,
        'orders.invalid',
        ['lines.0.unitPrice'],
      ],
      ['neither amount nor lines', (a) => ({ accountId: a, number: 'M-7' }), 400, 'orders.invalid', ['amount']],
      [
        'an unknown rep and csr',
        (a) => ({ accountId: a, number: 'M-8', amount: '1.00', repId: randomUUID(), csrId: randomUUID() }),
        400,
        'orders.invalid',
        ['repId', 'csrId'],
      ],
      [
        'a bad placedAt',
        (a) => ({ accountId: a, number: 'M-9', amount: '1.00', placedAt: 'yesterday' }),
        400,
        'validation.invalid',
        ['placedAt'],
      ],
      [
        'an unknown currency',
        (a) => ({ accountId: a, number: 'M-10', amount: '1.00', currency: 'XYZ' }),
        400,
        'orders.invalid',
        ['currency'],
      ],
      [
        'an account that does not exist',
        () => ({ accountId: randomUUID(), number: 'M-11', amount: '1.00' }),
        404,
        'accounts.not_found',
        [],
      ],
    ];
    it.each(cases)('%s', async (_name, body, status, code, paths) => {
      const account = await createTestAccount(ctx);
      const before = await snapshot(ctx);
      const res = await post('/api/v1/orders', body(account.id));
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const p = json<{ code: string; errors?: { path: string }[] }>(res);
      expect(p.code).toBe(code);
      expect((p.errors ?? []).map((e) => e.path)).toEqual(paths);
      expect(await snapshot(ctx)).toEqual(before);
    });

    it('a duplicate order number → 409 orders.number_taken naming number', async () => {
      const account = await createTestAccount(ctx);
      const o = await createOrder({ accountId: account.id, number: uniq('DUP') });
      const other = await createTestAccount(ctx);
      const before = await snapshot(ctx);
      const statsBefore = await accountRow(ctx, other.id);
      const res = await post('/api/v1/orders', { accountId: other.id, number: o.number, amount: '5.00' });
      expect(res.statusCode).toBe(409);
      expect(json(res)).toMatchObject({ code: 'orders.number_taken', errors: [{ path: 'number' }] });
      expect(await snapshot(ctx)).toEqual(before);
      expect(await accountRow(ctx, other.id)).toEqual(statsBefore);
    });

    it('an unknown order id → 404', async () => {
      expect(json(await get(`/api/v1/orders/${randomUUID()}`))).toMatchObject({ status: 404, code: 'orders.not_found' });
      expect((await move(randomUUID(), { to: 'data_review' })).statusCode).toBe(404);
    });

    it('requires a signed-in user', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/orders' });
      expect(res.statusCode).toBe(401);
    });
  });

  it('replays a create with the same Idempotency-Key and body; refuses the key with another body (422)', async () => {
    const account = await createTestAccount(ctx);
    const body = { accountId: account.id, number: uniq('IK'), amount: '42.00' };
    const key = randomUUID();
    const first = await post('/api/v1/orders', body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const before = await snapshot(ctx);
    const replay = await post('/api/v1/orders', body, { 'idempotency-key': key });
    expect(replay.statusCode).toBe(201);
    expect(json<Order>(replay).id).toBe(json<Order>(first).id);
    expect(await snapshot(ctx)).toEqual(before);
    const rows = await ctx.database.query<{ n: number }>('select count(*)::int as n from orders where number = $1', [body.number]);
    expect(Number(rows[0]!.n)).toBe(1);
    const other = await post('/api/v1/orders', { ...body, amount: '43.00' }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(json(other)).toMatchObject({ code: 'idempotency.key_reused' });
    expect(await snapshot(ctx)).toEqual(before);
  });
});

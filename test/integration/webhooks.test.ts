import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accounts, users } from '../../src/db/schema/index.js';
import { signWebhook } from '../../src/domain/webhooks/index.js';
import { countRows, engines, json, signIn, useTestApp, type Session } from '../support/app.js';

describe.each(engines)('ERP webhooks on %s', (engine) => {
  const ctx = useTestApp(engine);
  let admin: Session;
  let secretA: { id: string; secret: string };
  let secretB: { id: string; secret: string };
  const seconds = () => Math.floor(ctx.clock.now().getTime() / 1000);

  const send = (event: unknown, opts: { secrets?: string[]; id?: string; timestamp?: number; tamper?: (body: string) => string } = {}) => {
    const id = opts.id ?? `msg_${randomUUID()}`;
    const timestamp = opts.timestamp ?? seconds();
    const body = JSON.stringify(event);
    const signature = (opts.secrets ?? [secretA.secret]).map((s) => signWebhook(s, id, timestamp, body)).join(' ');
    return ctx.app.inject({
      method: 'POST',
      url: '/hooks/erp',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      payload: opts.tamper ? opts.tamper(body) : body,
    });
  };
  const order = async (number: string) =>
    (
      await ctx.database.query<{ status: string; carrier: string | null; tracking_number: string | null; amount: string }>(
        'select status, carrier, tracking_number, amount::text from orders where number = $1',
        [number],
      )
    )[0];

  it('an admin creates signing secrets, listed masked', async () => {
    admin = await signIn(ctx, ['admin']);
    const create = async (name: string) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/webhooks/secrets', headers: admin.headers, payload: { name } });
      expect(res.statusCode, res.body).toBe(201);
      return json<{ id: string; secret: string; prefix: string }>(res);
    };
    secretA = await create('ERP main');
    expect(secretA.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/webhooks/secrets', headers: { cookie: admin.cookie } });
    expect(list.body).not.toContain(secretA.secret);
    expect(json<{ items: { name: string; prefix: string }[] }>(list).items).toEqual([
      expect.objectContaining({ name: 'ERP main', prefix: secretA.secret.slice(0, 10) }),
    ]);
    const sales = await signIn(ctx, ['sales']);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/webhooks/secrets', headers: { cookie: sales.cookie } })).statusCode).toBe(
      403,
    );
    await ctx.database.db.insert(accounts).values({ name: 'Alfreds', kind: 'customer', currency: 'EUR', externalRef: 'ALFKI' });
    await ctx.database.db.insert(users).values({ name: 'Steven Buchanan', externalRef: 'E-5', roles: ['sales'] });
  });

  it('applies a valid order.created', async () => {
    const res = await send({
      type: 'order.created',
      data: { number: 'SO-1', accountRef: 'ALFKI', placedAt: '2026-03-02', amount: '1863.40', repRef: 'E-5' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      received: true,
      isDuplicate: false,
      type: 'order.created',
      subject: { kind: 'order', number: 'SO-1' },
    });
    expect(await order('SO-1')).toMatchObject({ status: 'received', amount: '186340' });
  });

  it('refuses a tampered byte with 401 and applies nothing', async () => {
    const res = await send(
      { type: 'order.created', data: { number: 'SO-2', accountRef: 'ALFKI', amount: '10.00' } },
      { tamper: (b) => b.replace('10.00', '90.00') },
    );
    expect(res.statusCode).toBe(401);
    expect(json(res)['code']).toBe('webhooks.bad_signature');
    expect(await order('SO-2')).toBeUndefined();
  });

  it('refuses a stale (or future) timestamp with 401', async () => {
    const stale = await send(
      { type: 'order.created', data: { number: 'SO-3', accountRef: 'ALFKI', amount: '1.00' } },
      { timestamp: seconds() - 301 },
    );
    expect([stale.statusCode, json(stale)['code']]).toEqual([401, 'webhooks.stale_timestamp']);
    const future = await send(
      { type: 'order.created', data: { number: 'SO-3', accountRef: 'ALFKI', amount: '1.00' } },
      { timestamp: seconds() + 301 },
    );
    expect(future.statusCode).toBe(401);
    const unsigned = await ctx.app.inject({
      method: 'POST',
      url: '/hooks/erp',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect([unsigned.statusCode, json(unsigned)['code']]).toEqual([401, 'webhooks.missing_headers']);
    expect(await order('SO-3')).toBeUndefined();
  });

  it('acknowledges a replay without a second effect', async () => {
    const event = { type: 'order.shipped', data: { number: 'SO-1', at: '2026-03-02T13:00:00Z', carrier: 'DHL', trackingNumber: 'JD0001' } };
    const first = await send(event, { id: 'msg_ship_1' });
    expect(first.statusCode, first.body).toBe(200);
    expect(await order('SO-1')).toMatchObject({ status: 'shipped', carrier: 'DHL', tracking_number: 'JD0001' });
    const events = await countRows(ctx.database, 'order_events');
    const again = await send(event, { id: 'msg_ship_1' });
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ isDuplicate: true, subject: { kind: 'order', number: 'SO-1' } });
    expect(await countRows(ctx.database, 'order_events')).toBe(events);
  });

  it('accepts either secret while rotating, and refuses the old one once revoked', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/secrets',
      headers: admin.headers,
      payload: { name: 'ERP next' },
    });
    secretB = json(res);
    const both = await send(
      { type: 'order.delivered', data: { number: 'SO-1', at: '2026-03-02T13:30:00Z' } },
      { secrets: [secretA.secret, secretB.secret] },
    );
    expect(both.statusCode, both.body).toBe(200);
    expect((await order('SO-1'))!.status).toBe('delivered');
    const revoke = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/secrets/${secretA.id}`, headers: admin.headers });
    expect(revoke.statusCode).toBe(200);
    const old = await send(
      { type: 'quote.created', data: { number: 'Q-1', accountRef: 'ALFKI', amount: '500.00' } },
      { secrets: [secretA.secret] },
    );
    expect(old.statusCode).toBe(401);
    const fresh = await send(
      { type: 'quote.created', data: { number: 'Q-1', accountRef: 'ALFKI', amount: '500.00', repRef: 'E-5' } },
      { secrets: [secretB.secret] },
    );
    expect(fresh.statusCode, fresh.body).toBe(200);
  });

  it('applies quote and order changes through the use cases; unknown references are named', async () => {
    const won = await send(
      { type: 'quote.status_changed', data: { number: 'Q-1', status: 'won', decidedAt: '2026-03-02T12:00:00Z' } },
      { secrets: [secretB.secret] },
    );
    expect(won.statusCode, won.body).toBe(200);
    const [q] = await ctx.database.query<{ status: string }>("select status from quotes where number = 'Q-1'");
    expect(q!.status).toBe('won');
    const upd = await send({ type: 'order.updated', data: { number: 'SO-1', promisedDate: '2026-03-20' } }, { secrets: [secretB.secret] });
    expect(upd.statusCode, upd.body).toBe(200);
    const unknown = await send(
      { type: 'order.created', data: { number: 'SO-9', accountRef: 'NOPE', amount: '1.00' } },
      { secrets: [secretB.secret] },
    );
    expect([unknown.statusCode, json(unknown)['code']]).toEqual([422, 'webhooks.unknown_account']);
    const bad = await send({ type: 'order.exploded', data: {} }, { secrets: [secretB.secret] });
    expect(bad.statusCode).toBe(400);
  });

  it('documents each event in OpenAPI with an example', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const text = doc.body;
    for (const type of [
      'order.created',
      'order.updated',
      'order.status_changed',
      'order.shipped',
      'order.delivered',
      'quote.created',
      'quote.updated',
      'quote.status_changed',
    ])
      expect(text).toContain(`"${type}"`);
    expect(json<{ paths: Record<string, unknown> }>(doc).paths).toHaveProperty('/hooks/erp');
  });
});

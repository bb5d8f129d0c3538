// An order's category (P3.5: product, service contract, parts and consumables, repair), the way a
// new field is proved (new-field.test.ts): create, PATCH, read and a CSV import carry it, product
// by default, a wrong value refused naming the field — and the database refuses any other value.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../contract/orders.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, uniq } from '../support/factories.js';
import { multipart } from '../support/multipart.js';

describe.each(engines)('order category on %s', (engine) => {
  const ctx = useTestApp(engine);
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin']);
  });
  const send = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, ...(payload !== undefined && { payload }) });
  const stored = async (id: string) =>
    (await ctx.database.query<{ category: string }>('select category from orders where id = $1', [id]))[0]!.category;
  const importOrders = (csv: string, mapping?: Record<string, string>) => {
    const fields = { kind: 'orders', ...(mapping && { mapping: JSON.stringify(mapping) }) };
    const body = multipart(fields, { name: 'orders.csv', content: csv });
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin.headers, ...body.headers },
      payload: body.payload,
    });
  };

  it('is product unless a create says otherwise; the read shows it and the column holds it', async () => {
    const account = await createTestAccount(ctx);
    const plain = await send('POST', '/orders', { accountId: account.id, number: uniq('SO'), amount: '10.00' });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(json(plain)).toMatchObject({ category: 'product' });
    const service = await send('POST', '/orders', {
      accountId: account.id,
      number: uniq('SO'),
      amount: '1200.00',
      category: 'service_contract',
    });
    expect(service.statusCode, service.body).toBe(201);
    const id = json<OrderDetail>(service).id;
    expect(json(await send('GET', `/orders/${id}`))).toMatchObject({ category: 'service_contract' });
    expect(await stored(id)).toBe('service_contract');
  });

  it('is changed by a PATCH (one order event naming it) and refused with its name when unknown', async () => {
    const account = await createTestAccount(ctx);
    const id = json<OrderDetail>(await send('POST', '/orders', { accountId: account.id, number: uniq('SO'), amount: '80.00' })).id;
    const changed = await send('PATCH', `/orders/${id}`, { category: 'repair' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed)).toMatchObject({ category: 'repair' });
    expect(await stored(id)).toBe('repair');
    const events = await ctx.database.query<{ changes: Record<string, unknown> }>(
      "select changes from order_events where order_id = $1 and kind = 'updated'",
      [id],
    );
    expect(events.map((e) => e.changes)).toEqual([{ category: { from: 'product', to: 'repair' } }]);

    for (const bad of [{ category: 'consulting' }, { category: null }]) {
      const res = await send('PATCH', `/orders/${id}`, bad);
      expect(res.statusCode).toBe(400);
      expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toEqual(['category']);
    }
    expect(await stored(id)).toBe('repair');
    await expect(ctx.database.query("update orders set category = 'consulting' where id = $1", [id])).rejects.toThrow(
      /orders_category_check/,
    );
  });

  it('is a column of orders imports, mapped from the file’s own header and read as people write it', async () => {
    const account = await createTestAccount(ctx, { externalRef: uniq('C') });
    const [a, b, c, d] = [uniq('IMP'), uniq('IMP'), uniq('IMP'), uniq('IMP')];
    const first = await importOrders(
      [
        'OrderID,CustomerID,OrderDate,Amount,Order type',
        `${a},${account.externalRef},2026-01-05,100.00,Service contract`,
        `${b},${account.externalRef},2026-01-06,100.00,Parts & consumables`,
        `${c},${account.externalRef},2026-01-07,100.00,`,
        `${d},${account.externalRef},2026-01-08,100.00,REPAIR`,
      ].join('\r\n'),
      { number: 'OrderID', accountRef: 'CustomerID', placedAt: 'OrderDate', amount: 'Amount', category: 'Order type' },
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(json(first)).toMatchObject({ status: 'succeeded', created: 4 });
    const category = async (number: string) =>
      (await ctx.database.query<{ category: string }>('select category from orders where number = $1', [number]))[0]!.category;
    expect([await category(a), await category(b), await category(c), await category(d)]).toEqual([
      'service_contract',
      'parts_consumables',
      'product',
      'repair',
    ]);

    // A file without the column leaves the categories as they are; one with it updates them.
    const without = await importOrders(`number,accountRef,placedAt,amount\r\n${a},${account.externalRef},2026-01-05,150.00\r\n`);
    expect(json(without)).toMatchObject({ status: 'succeeded', updated: 1 });
    expect(await category(a)).toBe('service_contract');
    const recategorised = await importOrders(
      `number,accountRef,placedAt,amount,category\r\n${a},${account.externalRef},2026-01-05,150.00,parts\r\n`,
    );
    expect(json(recategorised)).toMatchObject({ status: 'succeeded', updated: 1 });
    expect(await category(a)).toBe('parts_consumables');
  });

  it('names the cell of an unknown category in the import report', async () => {
    const account = await createTestAccount(ctx, { externalRef: uniq('C') });
    const res = await importOrders(
      `number,accountRef,placedAt,amount,category\r\n${uniq('IMP')},${account.externalRef},2026-01-05,1.00,consulting\r\n`,
    );
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({
      code: 'imports.bad_row',
      errors: [{ line: 2, column: 'category', reason: 'is not one of product, service_contract, parts_consumables, repair' }],
    });
  });
});

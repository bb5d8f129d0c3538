// Amounts with more decimals than their currency allows (line amounts like 16.448): refused, as
// always, unless the import says `round` — then rounded half to even to the currency's smallest
// unit, and the answer and the import's record say how many and by how much in all, per currency
// (docs/imports.md, "Rounding"). Nothing is rounded silently.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ImportRecord } from '../../contract/imports.js';
import { importCsv } from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, countRows, engines, json, signIn, useTestApp, type TestContext } from '../support/app.js';
import { uploadImport } from '../support/multipart.js';

const upload = uploadImport;

const orderAmounts = (ctx: TestContext, numbers: string[]) =>
  ctx.database.query<{ number: string; amount: string; currency: string }>(
    `select number, amount::text, currency from orders where number = any($1) order by number`,
    [numbers],
  );

describe.each(engines)('rounding amounts on import, on %s', (engine) => {
  const ctx = useTestApp(engine);

  /** An account of this test's own, and a prefix for its order numbers. */
  async function setUp() {
    const admin = await signIn(ctx, ['admin']);
    const id = randomUUID().slice(0, 8);
    const res = await upload(ctx, admin, { kind: 'accounts' }, `externalRef,name\nR-${id},Rounding ${id}\n`);
    expect(res.statusCode, res.body).toBe(201);
    return { admin, account: `R-${id}`, n: (i: number) => `RND-${id}-${i}` };
  }

  it('refuses 16.448 USD without the option, naming line, column and reason; writes nothing', async () => {
    const { admin, account, n } = await setUp();
    const before = await countRows(ctx.database, 'orders');
    const res = await upload(ctx, admin, { kind: 'orders' }, `number,accountRef,placedAt,amount\n${n(1)},${account},2026-03-02,16.448\n`);
    expect(res.statusCode, res.body).toBe(422);
    expect(json<{ errors: { line: number; column: string; value: string; reason: string }[] }>(res).errors).toEqual([
      expect.objectContaining({ line: 2, column: 'amount', value: '16.448', reason: 'has more decimals than USD allows (2): "16.448"' }),
    ]);
    expect(await countRows(ctx.database, 'orders')).toBe(before);
  });

  it('with "round": true rounds half to even to the cent and says how many and by how much, in the answer and the record', async () => {
    const { admin, account, n } = await setUp();
    const csv = [
      'number,accountRef,placedAt,amount,currency',
      `${n(1)},${account},2026-03-02,16.448,USD`, // → 16.45, +0.002
      `${n(2)},${account},2026-03-02,0.125,USD`, // → 0.12 (half to even), −0.005
      `${n(3)},${account},2026-03-02,20.50,USD`, // as written
      `${n(4)},${account},2026-03-02,7.0049,EUR`, // → 7.00, −0.0049
      `${n(5)},${account},2026-03-02,1250.5,JPY`, // → 1250 (half to even, no minor unit), −0.5
    ].join('\n');
    const res = await upload(ctx, admin, { kind: 'orders', mapping: JSON.stringify({ round: true }) }, csv);
    expect(res.statusCode, res.body).toBe(201);
    const record = json<ImportRecord>(res);
    expect(record).toMatchObject({ status: 'succeeded', created: 5, rejected: 0 });
    expect(record.rounded).toEqual([
      { currency: 'EUR', count: 1, difference: '-0.0049' },
      { currency: 'JPY', count: 1, difference: '-0.5' },
      { currency: 'USD', count: 2, difference: '-0.003' },
    ]);
    expect(await orderAmounts(ctx, [1, 2, 3, 4, 5].map(n))).toEqual([
      { number: n(1), amount: '1645', currency: 'USD' },
      { number: n(2), amount: '12', currency: 'USD' },
      { number: n(3), amount: '2050', currency: 'USD' },
      { number: n(4), amount: '700', currency: 'EUR' },
      { number: n(5), amount: '1250', currency: 'JPY' },
    ]);
    // The record keeps it, and the mapping that asked for it.
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/imports/${record.id}`, headers: { cookie: admin.cookie } });
    expect(json<ImportRecord>(read).rounded).toEqual(record.rounded);
    const [stored] = await ctx.database.query<{ mapping: { round?: boolean } }>(`select mapping from imports where id = $1`, [record.id]);
    expect(stored!.mapping.round).toBe(true);
    // The same file again: nothing changes, and the amounts are rounded (and counted) alike.
    const again = json<ImportRecord>(await upload(ctx, admin, { kind: 'orders', mapping: JSON.stringify({ round: true }) }, csv));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5, rounded: record.rounded });
  });

  it('a dry run says what would be rounded and writes nothing; an import with no rounding records none', async () => {
    const { admin, account, n } = await setUp();
    const before = await countRows(ctx.database, 'orders');
    const csv = `number,accountRef,placedAt,amount\n${n(1)},${account},2026-03-02,3.335\n${n(2)},${account},2026-03-02,3.345\n`;
    const dry = await upload(ctx, admin, { kind: 'orders', dryRun: 'true', mapping: JSON.stringify({ round: true }) }, csv);
    expect(dry.statusCode, dry.body).toBe(201);
    // 3.335 → 3.34 (+0.005), 3.345 → 3.34 (−0.005): half to even, in all 0.
    expect(json<ImportRecord>(dry)).toMatchObject({
      isDryRun: true,
      created: 2,
      rounded: [{ currency: 'USD', count: 2, difference: '0' }],
    });
    expect(await countRows(ctx.database, 'orders')).toBe(before);
    const plain = await upload(
      ctx,
      admin,
      { kind: 'orders', mapping: JSON.stringify({ round: true }) },
      `number,accountRef,placedAt,amount\n${n(3)},${account},2026-03-02,3.30\n`,
    );
    expect(json<ImportRecord>(plain)).toMatchObject({ created: 1, rounded: [] });
  });

  it('order lines: unit prices and line amounts are rounded and counted alike', async () => {
    const { admin, account, n } = await setUp();
    expect(
      (await upload(ctx, admin, { kind: 'orders' }, `number,accountRef,placedAt,amount\n${n(1)},${account},2026-03-02,40.00\n`)).statusCode,
    ).toBe(201);
    const res = await upload(
      ctx,
      admin,
      { kind: 'order-lines', mapping: JSON.stringify({ round: true }) },
      `orderRef,sku,quantity,unitPrice,lineAmount\n${n(1)},A,3,5.4827,16.448\n${n(1)},B,1,23.55,23.55\n`,
    );
    expect(res.statusCode, res.body).toBe(201);
    // 5.4827 → 5.48 (−0.0027); 16.448 → 16.45 (+0.002).
    expect(json<ImportRecord>(res)).toMatchObject({ created: 2, rounded: [{ currency: 'USD', count: 2, difference: '-0.0007' }] });
    const lines = await ctx.database.query<{ sku: string; unit_price: string; line_amount: string }>(
      `select l.sku, l.unit_price::text, l.line_amount::text from order_lines l join orders o on o.id = l.order_id where o.number = $1 order by l.position`,
      [n(1)],
    );
    expect(lines).toEqual([
      { sku: 'A', unit_price: '548', line_amount: '1645' },
      { sku: 'B', unit_price: '2355', line_amount: '2355' },
    ]);
  });

  it('skipping bad rows, a repeated order number’s later row is not written, so its rounding is not counted', async () => {
    const { account, n } = await setUp();
    const file = path.join(os.tmpdir(), `rounding-${randomUUID()}.csv`);
    writeFileSync(
      file,
      `number,accountRef,placedAt,amount\n${n(1)},${account},2026-03-02,1.001\n${n(1)},${account},2026-03-02,9.009\n${n(2)},${account},2026-03-02,abc\n`,
    );
    onTestFinished(() => rmSync(file, { force: true }));
    const result = await importCsv(contextFor(ctx, { ...systemActor('test'), kind: 'cli' }), {
      kind: 'orders',
      file,
      mapping: { round: true },
      shouldSkipBadRows: true,
    });
    expect(result).toMatchObject({ status: 'succeeded', created: 1, rejected: 2 });
    expect(result.rounded).toEqual([{ currency: 'USD', count: 1, difference: '-0.001' }]);
    expect(await orderAmounts(ctx, [n(1)])).toEqual([{ number: n(1), amount: '100', currency: 'USD' }]);
  });

  it('refuses a "round" that is not true or false, naming the option', async () => {
    const { admin, account, n } = await setUp();
    const res = await upload(
      ctx,
      admin,
      { kind: 'orders', mapping: JSON.stringify({ round: 'yes' }) },
      `number,accountRef,placedAt,amount\n${n(1)},${account},2026-03-02,1.001\n`,
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('round');
    expect(res.body).toContain('must be true or false');
  });
});

// Saved mappings (docs/imports.md, "Saved mappings"): a mapping saved under a name, checked as an
// import checks it, and used again by naming it — its options (date format, round) included.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ImportRecord, SavedMapping } from '../../contract/imports.js';
import { countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { uploadImport } from '../support/multipart.js';

const upload = uploadImport;

const save = (ctx: TestContext, as: Session, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/import-mappings', headers: as.headers, payload });

const list = async (ctx: TestContext, as: Session, kind?: string) =>
  json<{ items: SavedMapping[] }>(
    await ctx.app.inject({ method: 'GET', url: `/api/v1/import-mappings${kind ? `?kind=${kind}` : ''}`, headers: { cookie: as.cookie } }),
  ).items;

interface Problem {
  code: string;
  errors: { path: string; message: string }[];
}

describe.each(engines)('saved import mappings on %s', (engine) => {
  const ctx = useTestApp(engine);
  const name = () => `ERP export ${randomUUID().slice(0, 8)}`;

  it('saves a mapping under a name, lists it by kind, and replaces it when saved again under that name', async () => {
    const ops = await signIn(ctx, ['operations']);
    const n = name();
    const first = await save(ctx, ops, { kind: 'orders', name: n, mapping: { number: 'Order ID', dateFormat: 'MM/DD/YY' } });
    expect(first.statusCode, first.body).toBe(201);
    const created = json<SavedMapping>(first);
    expect(created).toMatchObject({
      kind: 'orders',
      name: n,
      mapping: { number: 'Order ID', dateFormat: 'MM/DD/YY' },
      createdBy: { id: ops.userId },
    });
    expect((await list(ctx, ops, 'orders')).filter((m) => m.name === n)).toHaveLength(1);
    expect((await list(ctx, ops, 'accounts')).some((m) => m.name === n)).toBe(false);

    const again = await save(ctx, ops, { kind: 'orders', name: n, mapping: { number: 'Order No', round: true } });
    expect(again.statusCode, again.body).toBe(200);
    expect(json<SavedMapping>(again)).toMatchObject({ id: created.id, mapping: { number: 'Order No', round: true } });
    expect((await list(ctx, ops, 'orders')).filter((m) => m.name === n).map((m) => m.mapping)).toEqual([
      { number: 'Order No', round: true },
    ]);
  });

  it('refuses a mapping an import would refuse, and a name that is empty, naming each field; saves nothing', async () => {
    const ops = await signIn(ctx, ['operations']);
    const before = await countRows(ctx.database, 'import_mappings');
    const bad = await save(ctx, ops, { kind: 'orders', name: name(), mapping: { nummer: 'Order ID', round: 'yes', dateFormat: 'MM/DD' } });
    expect(bad.statusCode, bad.body).toBe(400);
    const problem = json<Problem>(bad);
    expect(problem.code).toBe('imports.bad_mapping');
    expect(problem.errors.map((e) => e.path)).toEqual(['mapping.nummer', 'mapping.dateFormat', 'mapping.round']);
    const empty = await save(ctx, ops, { kind: 'orders', name: '   ', mapping: {} });
    expect(empty.statusCode).toBe(400);
    expect(json<Problem>(empty).errors).toEqual([expect.objectContaining({ path: 'name', message: 'must not be empty' })]);
    expect(await countRows(ctx.database, 'import_mappings')).toBe(before);
  });

  it('an import names a saved mapping (mappingName) and reads the file with its columns and options', async () => {
    const ops = await signIn(ctx, ['operations']);
    const id = randomUUID().slice(0, 8);
    expect((await upload(ctx, ops, { kind: 'accounts' }, `externalRef,name\nM-${id},Mapped ${id}\n`)).statusCode).toBe(201);
    const n = name();
    expect(
      (
        await save(ctx, ops, {
          kind: 'orders',
          name: n,
          mapping: {
            fields: { number: 'Order ID', accountRef: 'Customer ID', placedAt: 'Order Date', amount: 'Sales' },
            dateFormat: 'DD/MM/YY',
            round: true,
          },
        })
      ).statusCode,
    ).toBe(201);
    const csv = `Order ID,Customer ID,Order Date,Sales\nSM-${id},M-${id},03/01/19,16.448\n`;
    const res = await upload(ctx, ops, { kind: 'orders', mappingName: n }, csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(json<ImportRecord>(res)).toMatchObject({ created: 1, rounded: [{ currency: 'USD', count: 1, difference: '0.002' }] });
    const [order] = await ctx.database.query<{ placed: string; amount: string }>(
      `select to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD') as placed, amount::text from orders where number = $1`,
      [`SM-${id}`],
    );
    expect(order).toEqual({ placed: '2019-01-03', amount: '1645' });
  });

  it('refuses a mappingName that is not saved (naming those that are) and one sent with a mapping; writes nothing', async () => {
    const ops = await signIn(ctx, ['operations']);
    const n = name();
    await save(ctx, ops, { kind: 'quotes', name: n, mapping: {} });
    const before = await countRows(ctx.database, 'imports');
    const unknown = await upload(ctx, ops, { kind: 'quotes', mappingName: 'Nope' }, 'number\nQ-1\n');
    expect(unknown.statusCode).toBe(400);
    const problem = json<Problem>(unknown);
    expect(problem.code).toBe('imports.invalid');
    expect(problem.errors[0]).toMatchObject({
      path: 'mappingName',
      message: expect.stringContaining('No saved mapping of quotes imports is named "Nope"'),
    });
    expect(problem.errors[0]!.message).toContain(`"${n}"`);
    const both = await upload(ctx, ops, { kind: 'quotes', mappingName: n, mapping: '{}' }, 'number\nQ-1\n');
    expect(json<Problem>(both).errors).toEqual([{ path: 'mappingName', message: 'cannot come with mapping: send one or the other' }]);
    expect(await countRows(ctx.database, 'imports')).toBe(before);
  });

  it('a users mapping is an admin’s: others cannot save one, do not see one, and cannot forget one', async () => {
    const admin = await signIn(ctx, ['admin']);
    const ops = await signIn(ctx, ['operations']);
    const refused = await save(ctx, ops, { kind: 'users', name: name(), mapping: {} });
    expect(refused.statusCode).toBe(403);
    const n = name();
    const saved = json<SavedMapping>(await save(ctx, admin, { kind: 'users', name: n, mapping: { externalRef: 'Employee ID' } }));
    expect((await list(ctx, admin, 'users')).some((m) => m.id === saved.id)).toBe(true);
    expect((await list(ctx, ops)).some((m) => m.kind === 'users')).toBe(false);
    const forget = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/import-mappings/${saved.id}`, headers: ops.headers });
    expect(forget.statusCode).toBe(404);
    expect((await list(ctx, admin, 'users')).some((m) => m.id === saved.id)).toBe(true);
  });

  it('forgets a mapping: gone from the list, and forgetting it again is 404', async () => {
    const ops = await signIn(ctx, ['operations']);
    const saved = json<SavedMapping>(await save(ctx, ops, { kind: 'contacts', name: name(), mapping: {} }));
    const del = () => ctx.app.inject({ method: 'DELETE', url: `/api/v1/import-mappings/${saved.id}`, headers: ops.headers });
    expect((await del()).statusCode).toBe(204);
    expect((await list(ctx, ops, 'contacts')).some((m) => m.id === saved.id)).toBe(false);
    const again = await del();
    expect(again.statusCode).toBe(404);
    expect(json<Problem>(again).code).toBe('imports.mapping_not_found');
  });

  it('refuses an upload whose mapping gives a key twice (JSON would keep the last silently), naming it; writes nothing', async () => {
    const ops = await signIn(ctx, ['operations']);
    const before = await countRows(ctx.database, 'imports');
    const res = await upload(
      ctx,
      ops,
      { kind: 'order-lines', mapping: '{"orderRef": "Order", "lineAmount": "Total", "lineAmount": "Net"}' },
      'Order,Total,Net\nX,1,2\n',
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(json<Problem>(res)).toMatchObject({
      code: 'imports.bad_mapping',
      errors: [{ path: 'lineAmount', message: expect.stringContaining('is given twice') }],
    });
    expect(await countRows(ctx.database, 'imports')).toBe(before);
  });
});

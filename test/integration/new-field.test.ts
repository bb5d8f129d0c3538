// A field added to an entity is declared once (docs/ARCHITECTURE.md, "A new field"): this file
// adds `website` to the account declaration and its column to the database — the two edits a
// developer makes — and proves the real app carries it through create, PATCH, read and a CSV
// import, with no other line changed. The declaration and the table are extended with vi.mock,
// as a developer's edit would; everything else (routes, use cases, presenters, import kinds) is
// the app's own code.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as AccountsContract from '../../contract/accounts.js';
import type * as AccountsTable from '../../src/db/schema/accounts.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { multipart } from '../support/multipart.js';

vi.mock('../../contract/accounts.js', async (importOriginal) => {
  const actual = await importOriginal<typeof AccountsContract>();
  const { defineEntity, field, value } = await import('../../contract/entity.js');
  const AccountEntity = defineEntity(
    {
      ...actual.AccountEntity.fields,
      website: field(value.text(200), { label: 'Website', nullable: true, import: { synonyms: ['url', 'homepage'] } }),
    },
    actual.AccountEntity.options,
  );
  return {
    ...actual,
    AccountEntity,
    CreateAccountSchema: AccountEntity.create,
    UpdateAccountSchema: AccountEntity.update,
    AccountSchema: AccountEntity.read,
  };
});

vi.mock('../../src/db/schema/accounts.js', async (importOriginal) => {
  const actual = await importOriginal<typeof AccountsTable>();
  const { pgTable, text } = await import('drizzle-orm/pg-core');
  return { ...actual, accounts: pgTable('accounts', { ...actual.accountColumns, website: text('website') }) };
});

describe.each(engines)('a field added to the account declaration on %s', (engine) => {
  const ctx = useTestApp(engine);
  let admin: Session;
  beforeAll(async () => {
    // The migration `npm run db:generate` would write for the new column.
    await ctx.database.query('alter table accounts add column website text');
    admin = await signIn(ctx, ['admin']);
  });
  const send = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, ...(payload !== undefined && { payload }) });
  const importAccounts = (csv: string) => {
    const body = multipart({ kind: 'accounts' }, { name: 'accounts.csv', content: csv });
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const stored = async (id: string) =>
    (await ctx.database.query<{ website: string | null }>('select website from accounts where id = $1', [id]))[0]!.website;

  it('is taken by a create, shown by the read and stored in its column', async () => {
    const created = await send('POST', '/accounts', { name: 'Webbed Ltd', website: ' https://webbed.example ' });
    expect(created.statusCode, created.body).toBe(201);
    const id = json<{ id: string }>(created).id;
    expect(json(created)).toMatchObject({ website: 'https://webbed.example' });
    expect(json(await send('GET', `/accounts/${id}`))).toMatchObject({ website: 'https://webbed.example' });
    expect(await stored(id)).toBe('https://webbed.example');
  });

  it('is changed by a PATCH, cleared by a blank, and refused with its name when too long', async () => {
    const id = json<{ id: string }>(await send('POST', '/accounts', { name: 'Patchy Ltd' })).id;
    expect(json(await send('GET', `/accounts/${id}`))).toMatchObject({ website: null });
    const changed = await send('PATCH', `/accounts/${id}`, { website: 'https://patchy.example' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed)).toMatchObject({ website: 'https://patchy.example' });
    expect(await stored(id)).toBe('https://patchy.example');

    const tooLong = await send('PATCH', `/accounts/${id}`, { website: 'x'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(tooLong).errors.map((e) => e.path)).toEqual(['website']);
    expect(await stored(id)).toBe('https://patchy.example');

    const cleared = await send('PATCH', `/accounts/${id}`, { website: '' });
    expect(json(cleared)).toMatchObject({ website: null });
    expect(await stored(id)).toBeNull();
  });

  it('is a field of accounts imports: a file creates, then updates it', async () => {
    const first = await importAccounts('externalRef,name,website\r\nW-1,Imported Webs,https://one.example\r\n');
    expect(first.statusCode, first.body).toBe(201);
    expect(json(first)).toMatchObject({ status: 'succeeded', created: 1 });
    const list = json<{ items: { id: string; website: string | null }[] }>(await send('GET', '/accounts?q=Imported%20Webs'));
    expect(list.items).toEqual([expect.objectContaining({ website: 'https://one.example' })]);

    const again = await importAccounts('externalRef,name,website\r\nW-1,Imported Webs,https://two.example\r\n');
    expect(json(again)).toMatchObject({ status: 'succeeded', updated: 1 });
    expect(await stored(list.items[0]!.id)).toBe('https://two.example');
  });

  it('is held to the API’s length in a file too, and named in the report', async () => {
    const res = await importAccounts(`externalRef,name,website\r\nW-2,Long Webs,${'x'.repeat(201)}\r\n`);
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({
      code: 'imports.bad_row',
      errors: [{ line: 2, column: 'website', reason: 'is 201 characters long; at most 200 fit' }],
    });
  });
});

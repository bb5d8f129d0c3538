// Imported accounts get a team (docs/imports.md, "The account team"): team columns name users by
// external reference, one column per role; an unknown reference is a bad row naming its line,
// column and value; an orders import fills an empty sales seat from the orders' rep, never a held
// one. Through the API upload, as the wizard and scripts use it. Each test makes its own people.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEAM_REF_FIELDS, type Account } from '../../contract/accounts.js';
import type { Role } from '../../contract/common.js';
import { users } from '../../src/db/schema/index.js';
import { engines, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount } from '../support/factories.js';
import { multipart } from '../support/multipart.js';

interface ProblemBody {
  code: string;
  errors: { line: number; column: string; value: string; reason: string }[];
}

describe.each(engines)('account teams by import on %s', (engine) => {
  const ctx = useTestApp(engine);
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
  });

  const upload = (c: TestContext, kind: string, csv: string, fields: Record<string, string> = {}) => {
    const body = multipart({ kind, ...fields }, { name: `${kind}.csv`, content: csv });
    return c.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...admin.headers, ...body.headers }, payload: body.payload });
  };
  /** A staff member with an external reference (as a users import leaves them). */
  const staff = async (role: Role) => {
    const ref = `E-${randomUUID().slice(0, 8)}`;
    const [u] = await ctx.database.db
      .insert(users)
      .values({ name: `${role} ${ref}`, externalRef: ref, roles: [role] })
      .returning({ id: users.id });
    return { id: u!.id, ref };
  };
  const accountByRef = async (ref: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts?q=${ref}`, headers: { cookie: admin.cookie } });
    return res.json<{ items: Account[] }>().items.find((a) => a.externalRef === ref)!;
  };
  const seats = (a: Account) => a.team.map((m) => `${m.role}:${m.userId}`).sort();

  it('fills a seat per team column, for every team role, and a re-import with another person replaces that seat only', async () => {
    const fields = Object.entries(TEAM_REF_FIELDS);
    const people = new Map<string, { id: string; ref: string }>();
    for (const [field, role] of fields) people.set(field, await staff(role));
    const ref = `C-${randomUUID().slice(0, 8)}`;
    const header = ['externalRef', 'name', ...fields.map(([f]) => f)].join(',');
    const row = [ref, 'Teamed Inc', ...fields.map(([f]) => people.get(f)!.ref)].join(',');
    const res = await upload(ctx, 'accounts', `${header}\n${row}\n`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ created: 1 });
    const account = await accountByRef(ref);
    expect(seats(account)).toEqual(fields.map(([f, role]) => `${role}:${people.get(f)!.id}`).sort());

    // Another rep and two CSRs: those seats change, the others stay; the account counts as updated.
    const rep = await staff('sales');
    const [csr1, csr2] = [await staff('csr'), await staff('csr')];
    const again = await upload(
      ctx,
      'accounts',
      `externalRef,name,teamSalesRef,teamCsrRef\n${ref},Teamed Inc,${rep.ref},${csr1.ref}; ${csr2.ref}\n`,
    );
    expect(again.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const after = seats(await accountByRef(ref));
    expect(after).toContain(`sales:${rep.id}`);
    expect(after).toEqual(expect.arrayContaining([`csr:${csr1.id}`, `csr:${csr2.id}`, `quality:${people.get('teamQualityRef')!.id}`]));
    expect(after).not.toContain(`sales:${people.get('teamSalesRef')!.id}`);
    // The same file again changes nothing.
    const same = await upload(
      ctx,
      'accounts',
      `externalRef,name,teamSalesRef,teamCsrRef\n${ref},Teamed Inc,${rep.ref},${csr1.ref}; ${csr2.ref}\n`,
    );
    expect(same.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('refuses an unknown user reference as a bad row naming line, column and value, and writes nothing', async () => {
    const rep = await staff('sales');
    const [good, bad] = [`C-${randomUUID().slice(0, 8)}`, `C-${randomUUID().slice(0, 8)}`];
    const res = await upload(
      ctx,
      'accounts',
      `customer_id,company,rep,engineer\n${good},Good,${rep.ref},\n${bad},Bad,${rep.ref},NOBODY-9\n`,
      {
        mapping: JSON.stringify({ externalRef: 'customer_id', name: 'company', teamSalesRef: 'rep', teamEngineeringRef: 'engineer' }),
      },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json<ProblemBody>()).toMatchObject({
      code: 'imports.bad_row',
      errors: [{ line: 3, column: 'engineer', value: 'NOBODY-9', reason: 'is not the external reference of a user: NOBODY-9' }],
    });
    expect(await accountByRef(good)).toBeUndefined();
  });

  it('an orders import fills an empty sales seat from the latest order’s rep, and leaves a held seat alone', async () => {
    const [held, older, newer] = [await staff('sales'), await staff('sales'), await staff('sales')];
    const empty = await createTestAccount(ctx, { externalRef: `C-${randomUUID().slice(0, 8)}` });
    const taken = await createTestAccount(ctx, {
      externalRef: `C-${randomUUID().slice(0, 8)}`,
      team: [{ userId: held.id, role: 'sales' }],
    });
    const csv = [
      'number,accountRef,placedAt,amount,repRef',
      `${randomUUID().slice(0, 8)},${empty.externalRef},2026-01-05,100.00,${older.ref}`,
      `${randomUUID().slice(0, 8)},${empty.externalRef},2026-02-05,100.00,${newer.ref}`,
      `${randomUUID().slice(0, 8)},${taken.externalRef},2026-02-05,100.00,${newer.ref}`,
    ].join('\n');
    const res = await upload(ctx, 'orders', `${csv}\n`);
    expect(res.statusCode, res.body).toBe(201);
    expect(seats(await accountByRef(empty.externalRef!))).toEqual([`sales:${newer.id}`]);
    expect(seats(await accountByRef(taken.externalRef!))).toEqual([`sales:${held.id}`]);
  });
});

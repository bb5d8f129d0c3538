// The references an import resolves (refs.ts): every account's external reference, read a page
// at a time, and a reference a customer and a supplier share means the customer.
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, useTestApp } from '../support/app.js';
import { useTempFiles } from '../support/temp-files.js';

const files = useTempFiles('import-refs');
const actor = systemActor('import test');

describe.each(engines)('an import’s account references on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('finds the accounts of every page of references, and a shared one as the customer', async () => {
    // More accounts than a page of references (5,000), in no particular order of their ids.
    await ctx.database.query(
      `insert into accounts (name, kind, currency, external_ref)
       select 'Refs ' || g, 'customer', 'USD', 'RF-' || lpad(g::text, 5, '0') from generate_series(1, 5001) g`,
    );
    await ctx.database.query(
      `insert into accounts (name, kind, currency, external_ref) values ('Shared Supplier', 'supplier', 'USD', 'RF-BOTH'), ('Shared Customer', 'customer', 'USD', 'RF-BOTH')`,
    );
    // An order for every one of them: some are on the second page, whichever they are.
    const refs = [...Array.from({ length: 5001 }, (_, i) => `RF-${String(i + 1).padStart(5, '0')}`), 'RF-BOTH'];
    const file = files.linesFile('orders.csv', [
      'number,accountRef,placedAt,amount',
      ...refs.map((ref) => `O${ref},${ref},2026-01-05,10.00`),
    ]);
    const result = await importCsv(contextFor(ctx, actor), { kind: 'orders', file });
    expect(result).toMatchObject({ status: 'succeeded', created: 5002 });
    const [wrong] = await ctx.database.query<{ n: number }>(
      `select count(*)::int as n from orders o join accounts a on a.id = o.account_id
        where o.number like 'ORF-%' and o.number <> 'O' || a.external_ref`,
    );
    expect(wrong!.n).toBe(0);
    const [shared] = await ctx.database.query<{ name: string }>(
      `select a.name from orders o join accounts a on a.id = o.account_id where o.number = 'ORF-BOTH'`,
    );
    expect(shared!.name).toBe('Shared Customer');
  });
});

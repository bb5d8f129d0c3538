// Contract test of src/adapters/pglite-named-statements.ts: named prepared statements on the
// embedded database, through PGlite's private exclusive-query locks. PGlite only:
// node-postgres names its statements itself, so there is nothing of ours to test on PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exclusiveLocksOf, namedStatements, withNamedStatements } from '../../../src/adapters/pglite-named-statements.js';

describe('named statements on PGlite', () => {
  let client: PGlite;

  beforeAll(async () => {
    client = await PGlite.create();
    await client.exec(`create table t (id uuid primary key, n int not null, at timestamptz, tags text[], doc jsonb, note text)`);
  });
  afterAll(async () => {
    await client.close();
  });

  const prepared = async () =>
    (await client.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map((r) => r.name);

  it('gives the rows PGlite itself gives, for every type it serialises and parses, and plans a text once', async () => {
    const named = namedStatements(client);
    const id = '6f1c1a39-2f1e-4a8e-9a51-5d1f6f0e2b11';
    const at = new Date('2026-11-30T23:30:00.000Z');
    await named.query('insert into t (id, n, at, tags, doc, note) values ($1, $2, $3, $4, $5, $6)', [
      id,
      7,
      at,
      ['a', 'b,c'],
      { x: [1, 2] },
      null,
    ]);
    const text = 'select id, n, at, tags, doc, note from t where id = $1 and n > $2';
    const ours = await named.query(text, [id, 1]);
    const theirs = await client.query(text, [id, 1]);
    expect(ours.rows).toEqual(theirs.rows);
    expect(ours.rows).toEqual([{ id, n: 7, at, tags: ['a', 'b,c'], doc: { x: [1, 2] }, note: null }]);
    expect(ours.fields.map((f) => f.name)).toEqual(['id', 'n', 'at', 'tags', 'doc', 'note']);
    // Array rows, as Drizzle asks for them.
    expect((await named.query(text, [id, 1], { rowMode: 'array' })).rows).toEqual([[id, 7, at, ['a', 'b,c'], { x: [1, 2] }, null]]);
    const before = await prepared();
    await named.query(text, [id, 2]);
    await named.query(text, [id, 3]);
    expect(await prepared()).toEqual(before);
    expect(named.size()).toBe(2);
  });

  it('closes the least recently used statement beyond its limit', async () => {
    const named = namedStatements(client, 2);
    await named.query('select $1::int + 1 as v', [1]);
    await named.query('select $1::int + 2 as v', [1]);
    await named.query('select $1::int + 1 as v', [1]); // used again: the "+ 2" one is now the oldest
    const third = await named.query<{ v: number }>('select $1::int + 3 as v', [1]);
    expect(third.rows).toEqual([{ v: 4 }]);
    expect(named.size()).toBe(2);
    const texts = (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((r) => r.statement);
    expect(texts).toContain('select $1::int + 1 as v');
    expect(texts).toContain('select $1::int + 3 as v');
    expect(texts).not.toContain('select $1::int + 2 as v');
  });

  it('never runs inside a transaction that another caller holds open', async () => {
    const named = namedStatements(client);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = client.transaction(async (t) => {
      await t.query('insert into t (id, n) values ($1, $2)', ['0a4c6a2e-8d4b-4a55-9c1e-6a3f0e5a7b21', 100]);
      await held;
      await t.rollback();
    });
    // Asked while the transaction is open: it waits for it, so it never sees the row it rolled back.
    const count = named.query<{ n: number }>('select count(*)::int as n from t where n >= $1', [100]);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect((await count).rows).toEqual([{ n: 0 }]);
  });

  it('reports a bad statement as PGlite does, and goes on working after it', async () => {
    const named = namedStatements(client);
    await expect(named.query('select * from no_such_table where id = $1', [1])).rejects.toThrow(/no_such_table/);
    await expect(named.query('select $1::int as v', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect((await named.query<{ v: number }>('select $1::int as v', [5])).rows).toEqual([{ v: 5 }]);
  });

  it("still finds PGlite's private locks, and names them when an upgrade takes one away", () => {
    const locks = exclusiveLocksOf(client);
    expect(typeof locks._runExclusiveQuery).toBe('function');
    expect(typeof locks._runExclusiveTransaction).toBe('function');
    // What an upgrade that renamed a lock would look like: the database refuses to open, saying why.
    const without = new Proxy(client, { get: (t, p): unknown => (p === '_runExclusiveQuery' ? undefined : Reflect.get(t, p, t)) });
    expect(() => withNamedStatements(without)).toThrow(/private _runExclusiveQuery\(\).*src\/adapters\/README\.md/);
  });
});

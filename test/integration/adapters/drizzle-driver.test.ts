// Contract test of src/adapters/drizzle-driver.ts: the driver connection Drizzle keeps under a
// transaction (`tx.session.client`, where imports COPY into their staging table) and the pool
// under a database handle (`db.$client`, where imports hold their advisory locks). A drizzle-orm
// upgrade that moves either fails here, by name, before an import misbehaves.
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgPoolOf, transactionConnectionOf } from '../../../src/adapters/drizzle-driver.js';
import type { Database } from '../../../src/db/client.js';
import { engines, openTestDatabase } from '../../support/app.js';

describe.each(engines)('drizzle driver internals on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  const countOn = async (conn: ReturnType<typeof transactionConnectionOf>, text: string) =>
    'pg' in conn ? (await conn.pg.query<{ n: number }>(text)).rows : (await conn.pglite.query<{ n: number }>(text)).rows;

  it("gives a transaction's own connection: a statement on it sees the transaction's uncommitted write", async () => {
    await database.exec('create table adapter_probe (n int not null)');
    const undo = new Error('roll back');
    const inside = database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into adapter_probe (n) values (41)`);
      const conn = transactionConnectionOf(tx);
      expect(Object.keys(conn)).toEqual([engine === 'pglite' ? 'pglite' : 'pg']);
      expect(await countOn(conn, 'select count(*)::int as n from adapter_probe')).toEqual([{ n: 1 }]);
      throw undo;
    });
    await expect(inside).rejects.toBe(undo);
    // Rolled back: the row above was only ever visible on the transaction's connection.
    expect(await database.query('select count(*)::int as n from adapter_probe')).toEqual([{ n: 0 }]);
  });

  it("finds the transaction's temporary table, which no other connection has", async () => {
    const rows = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table adapter_probe_tmp (n int) on commit drop`);
      await tx.execute(sql`insert into adapter_probe_tmp values (7)`);
      return countOn(transactionConnectionOf(tx), 'select n from adapter_probe_tmp');
    });
    expect(rows).toEqual([{ n: 7 }]);
  });

  it('refuses a handle that is not a transaction', () => {
    expect(() => transactionConnectionOf(database.db)).toThrow(/needs an open transaction/);
  });

  it('gives the pool under a database handle (PostgreSQL), null for PGlite, and refuses a transaction', async () => {
    const pool = pgPoolOf(database.db);
    if (engine === 'postgres') {
      expect(pool).toBeInstanceOf(pg.Pool);
      expect(pool).toBe(database.pool);
    } else expect(pool).toBeNull();
    await database.db.transaction(async (tx) => {
      expect(() => pgPoolOf(tx)).toThrow(/\$client/);
    });
  });

  it('says which private API went missing when drizzle no longer has it', () => {
    expect(() => transactionConnectionOf({})).toThrow(/drizzle-orm no longer keeps `session\.client`.*src\/adapters\/README\.md/);
    expect(() => pgPoolOf({})).toThrow(/drizzle-orm no longer keeps `\$client`/);
  });
});

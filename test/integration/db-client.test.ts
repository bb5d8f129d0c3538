// The database handle itself, on both engines: what every use case's transaction relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { engines, openTestDatabase } from '../support/app.js';

describe.each(engines)('a transaction whose BEGIN fails (%s)', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  // Regression: drizzle-orm's node-postgres transaction() sends BEGIN outside its try/finally, so a
  // BEGIN that failed (PostgreSQL stopped as a request came in) kept its pooled client for good:
  // the pool shrank with every such failure and closing the database hung (the crash test's
  // afterAll timed out). A bad isolation level makes BEGIN fail on demand.
  it('gives its connection back: the next queries run and the database closes', async () => {
    const failing = () => database.db.transaction(async () => undefined, { isolationLevel: 'no such level' as never });
    // More failures than the test pool has connections (5): each one leaked would starve the next.
    for (let i = 0; i < 8; i++) await expect(failing()).rejects.toThrow();
    const rows = await database.query<{ n: number }>('select 1::int as n');
    expect(rows).toEqual([{ n: 1 }]);
    await expect(database.db.transaction(async (tx) => (await tx.execute('select 2 as n')) && 'done')).resolves.toBe('done');
    if (database.pool) expect(database.pool.totalCount - database.pool.idleCount).toBe(0);
  });
});

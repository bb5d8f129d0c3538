// An import killed mid-way (the process died) must not stay 'running' forever. Nothing it wrote
// is visible — its one transaction died with it, or (in steps on PGlite) its orders are still
// hidden and are deleted here — so its record is marked failed, saying so.
//
// How we know the process is gone (ours):
// - PostgreSQL: a running import holds a session advisory lock on its own connection for its
//   whole life; the server releases it when that connection ends, so also when the process dies.
//   An import that is 'running' but whose lock can be taken has no process behind it.
// - PGlite: one process per data folder (the folder lock), so an import left 'running' that this
//   process is not running is from a process that is gone.
// The record says 'running' only once the lock is held, and leaves 'running' before the lock is
// let go, so a live import is never taken for a dead one.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { pgPoolOf } from '../../adapters/drizzle-driver.js';
import type { Db } from '../../db/client.js';
import { imports } from '../../db/schema/index.js';
import type { ReadContext } from '../shared/index.js';
import { rowsOf } from './kind.js';
import { settleAccounts } from './kinds/orders.js';
import { discardStagedOrders } from './transaction.js';

export const INTERRUPTED_IMPORT_ERROR = 'The import was interrupted; nothing from it was written.';
/** The note on an import in steps whose process died after its file became visible (decision 0023). */
export const SETTLED_AFTER_RESTART =
  "The whole file was written; the process stopped while it refreshed the accounts' statistics, which the next start completed.";
/** First key of the two-key advisory locks of imports (the second is derived from the import id). */
export const IMPORT_LOCK_CLASS = 724012;
const runningHere = new Set<string>();

/** A signed 32-bit key from an import id (a UUID): its first 8 hex digits. */
export function importLockKey(id: string): number {
  return Number.parseInt(id.slice(0, 8), 16) | 0;
}

/** Marks this import as alive until `release()`; on PostgreSQL, holds its advisory lock on a connection of its own. */
export async function holdImportLock(db: Db, id: string): Promise<() => Promise<void>> {
  const pool = pgPoolOf(db);
  runningHere.add(id);
  const client = pool ? await pool.connect() : null;
  // Not pg_advisory_lock: two ids sharing a key (1 in 2^32) must not make one import wait for the other.
  await client?.query('select pg_try_advisory_lock($1, $2)', [IMPORT_LOCK_CLASS, importLockKey(id)]);
  return async () => {
    runningHere.delete(id);
    if (!client) return;
    try {
      await client.query('select pg_advisory_unlock($1, $2)', [IMPORT_LOCK_CLASS, importLockKey(id)]);
    } finally {
      client.release();
    }
  };
}

/** Marks failed every import left 'running' by a process that is gone; returns their ids. */
export async function failInterruptedImports({ db, now }: ReadContext): Promise<string[]> {
  const running = await db.select({ id: imports.id }).from(imports).where(eq(imports.status, 'running'));
  const candidates = running.map((r) => r.id).filter((id) => !runningHere.has(id));
  if (candidates.length === 0) return [];
  let dead = candidates;
  const pool = pgPoolOf(db);
  if (pool) {
    dead = [];
    const client = await pool.connect();
    try {
      for (const id of candidates) {
        const [r] = (
          await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [IMPORT_LOCK_CLASS, importLockKey(id)])
        ).rows;
        if (!r?.ok) continue;
        dead.push(id);
        await client.query('select pg_advisory_unlock($1, $2)', [IMPORT_LOCK_CLASS, importLockKey(id)]);
      }
    } finally {
      client.release();
    }
  }
  if (dead.length === 0) return [];
  const failed = await db
    .update(imports)
    .set({ status: 'failed', error: INTERRUPTED_IMPORT_ERROR, finishedAt: now })
    .where(and(inArray(imports.id, dead), eq(imports.status, 'running'), eq(imports.isPublished, false)))
    .returning({ id: imports.id, kind: imports.kind });
  // An orders import written in steps (PGlite) leaves its staged orders behind, hidden: deleted
  // here, so their numbers are free again (decision 0023).
  for (const r of failed) if (r.kind === 'orders') await discardStagedOrders(db, r.id);
  // One that died after publishing its file had written all of it: what follows from it for the
  // accounts is done now, and it succeeded.
  const published = await db
    .select({ id: imports.id })
    .from(imports)
    .where(and(inArray(imports.id, dead), eq(imports.status, 'running'), eq(imports.isPublished, true)));
  for (const r of published) {
    const accounts = await rowsOf<{ id: string }>(
      db,
      sql`select distinct account_id as id from orders where staged_import_id = ${r.id}::uuid`,
    );
    await settleAccounts(
      db,
      { now, withSeats: true },
      accounts.map((a) => a.id),
    );
    await db.update(imports).set({ status: 'succeeded', error: SETTLED_AFTER_RESTART, finishedAt: now }).where(eq(imports.id, r.id));
  }
  return failed.map((r) => r.id);
}

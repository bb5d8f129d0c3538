// ADAPTER over drizzle-orm internals (README.md here): the driver connection under a Drizzle
// handle, which Drizzle keeps but does not hand out.
// - `tx.session.client`: the connection of an open transaction (COPY must run on it).
// - `db.$client`: what `drizzle({ client })` was given (a pg Pool: imports hold advisory locks
//   on a connection of their own).
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import pg from 'pg';

function broken(what: string): Error {
  return new Error(
    `drizzle-orm no longer keeps ${what} where this adapter reads it (src/adapters/README.md): check the upgrade against the adapter's contract test.`,
  );
}

/**
 * The driver connection under a Drizzle transaction (drizzle-orm 0.45: `tx.session.client`, a pg
 * Client checked out of the pool for node-postgres, a PGlite Transaction for PGlite). Throws when
 * `tx` is not a transaction: a statement outside it would not see the transaction's writes.
 */
export function transactionConnectionOf(tx: object): { pg: pg.Client } | { pglite: PgliteTransaction } {
  const session = (tx as { session?: { client?: unknown } }).session;
  if (!session || !('client' in session)) throw broken('`session.client` on a database handle');
  const client = session.client;
  if (client instanceof pg.Client) return { pg: client };
  if (client && typeof (client as PgliteTransaction).rollback === 'function') return { pglite: client as PgliteTransaction };
  throw new Error('This needs an open transaction (db.transaction(…)): it must run on the transaction’s connection.');
}

/**
 * The node-postgres pool a top-level Drizzle handle was built on (drizzle-orm 0.45: `db.$client`),
 * or null for PGlite. Throws for a handle without it (a transaction, or a drizzle that moved it):
 * answering null there would take PostgreSQL for the one-process PGlite.
 */
export function pgPoolOf(db: object): pg.Pool | null {
  const client = (db as { $client?: unknown }).$client;
  if (client === undefined) throw broken('`$client` on the database handle (or this is a transaction, which has none)');
  return client instanceof pg.Pool ? client : null;
}

/**
 * True for a top-level handle on PGlite (one connection that every request shares); false on
 * PostgreSQL, and for a transaction (already one unit of work: nothing to split).
 */
export function isEmbeddedHandle(db: object): boolean {
  const client = (db as { $client?: unknown }).$client;
  return client !== undefined && !(client instanceof pg.Pool);
}

/** The client a top-level Drizzle handle was built on (the pool, or PGlite's client); undefined for a transaction. */
export function driverClientOf(db: object): object | undefined {
  const client = (db as { $client?: unknown }).$client;
  return typeof client === 'object' && client !== null ? client : undefined;
}

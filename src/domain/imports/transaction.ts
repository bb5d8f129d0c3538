// The import's one transaction as a type: a stage that must run inside it takes an `ImportTx`,
// which only `inImportTransaction` makes, so calling it with the plain connection does not
// compile. Whether the work is kept is the work's answer (`keep`), not an exception it throws:
// a rejected file and a dry run roll back and still return what they found.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

declare const insideImportTransaction: unique symbol;

/** A connection inside the import's transaction (see inImportTransaction). */
export type ImportTx = Db & { readonly [insideImportTransaction]: true };

export interface TransactionOutcome<T> {
  /** Commit what the work wrote; false rolls all of it back. */
  keep: boolean;
  value: T;
}

/** Carries the value of work that asked to roll back out of drizzle's transaction. */
class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super('rolled back');
  }
}

/** Runs `work` in one transaction; commits when it answers keep, rolls back otherwise, and returns its value either way. */
export async function inImportTransaction<T>(db: Db, work: (tx: ImportTx) => Promise<TransactionOutcome<T>>): Promise<T> {
  try {
    return await db.transaction(async (plain) => {
      const tx = plain as unknown as ImportTx;
      // NOTE: the set-based statements over CTEs get huge row estimates, and PostgreSQL's JIT then
      // spent longer compiling each one than running it (4.4 of 6.2 s for 20k orders, --explain).
      await tx.execute(sql`set local jit = off`);
      const outcome = await work(tx);
      if (!outcome.keep) throw new RolledBack(outcome.value);
      return outcome.value;
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.value as T;
    throw err;
  }
}

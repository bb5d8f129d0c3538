// The import's transaction as a type: a stage that must run inside it takes an `ImportTx`,
// which only `runImport` makes, so calling it with the plain connection does not compile.
// Whether the work is kept is the work's answer (`keep`), not an exception it throws: a rejected
// file and a dry run roll back and still return what they found.
//
// Two ways to run (docs/imports.md, "How an import runs"; decision 0023):
// - one transaction (PostgreSQL, and every import but a large orders file on PGlite): the steps
//   below are parts of it, and nothing is visible before it commits;
// - in steps (a large orders file on PGlite, whose one connection every request shares): each step
//   is its own short transaction, and the requests waiting for the connection run between two.
//   The orders written carry `staged_import_id`, which a row-level security policy hides from
//   everyone but this import until its last step publishes it — the whole file at once. A file
//   that is rejected, or fails, has its staged orders deleted; a crash leaves them invisible until
//   the next start deletes them (liveness.ts).
import { sql } from 'drizzle-orm';
import { isEmbeddedHandle } from '../../adapters/drizzle-driver.js';
import { untilQuiet } from '../../db/activity.js';
import type { Db } from '../../db/client.js';
import { EXISTING_TABLE, STAGE_TABLE } from './kind.js';
import { DUPS_TABLE } from './keys.js';

declare const insideImportTransaction: unique symbol;

/** A connection inside the import's transaction, or inside the current step of an import run in steps. */
export type ImportTx = Db & { readonly [insideImportTransaction]: true };

export interface TransactionOutcome<T> {
  /** Commit what the work wrote; false rolls all of it back (in steps: deletes its staged orders). */
  keep: boolean;
  value: T;
}

export interface ImportSteps {
  /** True when each step commits on its own (see above); the last step must then publish the import. */
  readonly isInSteps: boolean;
  /** Runs a step: a chunk of the file, or the last part. `tx` is only usable inside a step. */
  step<T>(fn: () => Promise<T>): Promise<T>;
}

/** Carries the value of work that asked to roll back out of drizzle's transaction. */
class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super('rolled back');
  }
}

/** Before a step: how long the app's statements must have been done (ms), and the longest wait. */
const QUIET_MS = 10;
const MAX_PAUSE_MS = 250;

/** Lets the app's waiting requests in and waits for them to finish, bounded (at once on PostgreSQL, which has a pool). */
export function letTheAppIn(db: Db): Promise<void> {
  return untilQuiet(db, QUIET_MS, MAX_PAUSE_MS);
}

/** The statements every step starts with. */
async function openStep(tx: Db, importId: string): Promise<void> {
  // NOTE: the set-based statements over CTEs get huge row estimates, and PostgreSQL's JIT then
  // spent longer compiling each one than running it (4.4 of 6.2 s for 20k orders, --explain).
  await tx.execute(sql`set local jit = off`);
  // The policy on orders shows this import its own staged orders (migration 0038).
  await tx.execute(sql`select set_config('rapport.import', ${importId}, true)`);
}

/** The tables an import run in steps keeps between its steps (dropped at the end, whatever happened). */
const STEP_TABLES = [STAGE_TABLE, EXISTING_TABLE, DUPS_TABLE];

/**
 * Runs `work` in one transaction, or in steps when `inSteps`; returns its value either way. In
 * steps, `keep: false` and a failure delete what the steps wrote.
 */
export async function runImport<T>(
  db: Db,
  { importId, inSteps }: { importId: string; inSteps: boolean },
  work: (tx: ImportTx, steps: ImportSteps) => Promise<TransactionOutcome<T>>,
): Promise<T> {
  if (!inSteps) {
    try {
      return await db.transaction(async (plain) => {
        const tx = plain as unknown as ImportTx;
        await openStep(tx, importId);
        const outcome = await work(tx, { isInSteps: false, step: (fn) => fn() });
        if (!outcome.keep) throw new RolledBack(outcome.value);
        return outcome.value;
      });
    } catch (err) {
      if (err instanceof RolledBack) return err.value as T;
      throw err;
    }
  }
  // The work holds one handle; each step points it at that step's transaction.
  let current: Db | null = null;
  const tx = new Proxy({} as ImportTx, {
    get(_, key) {
      if (!current) throw new Error('An import run in steps used its connection outside a step.');
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
  const steps: ImportSteps = {
    isInSteps: true,
    async step(fn) {
      // Before taking the connection, let the requests that came in while the import worked (its
      // last step, and reading the next rows) be answered, and finish: a page read is several
      // statements in a row, and queued behind this step for each one it would wait a step per
      // statement. Bounded, so a busy app still lets the import on.
      await letTheAppIn(db);
      return db.transaction(async (t) => {
        current = t;
        try {
          await openStep(t, importId);
          return await fn();
        } finally {
          current = null;
        }
      });
    },
  };
  try {
    const outcome = await work(tx, steps);
    if (!outcome.keep) await discardStagedOrders(db, importId);
    return outcome.value;
  } catch (err) {
    await discardStagedOrders(db, importId).catch(() => undefined);
    throw err;
  } finally {
    await db.execute(sql.raw(`drop table if exists ${STEP_TABLES.join(', ')}`)).catch(() => undefined);
  }
}

/** Runs a step of an import in steps (`ImportSteps.step`). */
export type StepRunner = <T>(fn: () => Promise<T>) => Promise<T>;

/** How long a step that settles a part of a file should hold the connection: a page read may wait that long. */
const PART_STEP_MS = 80;

/**
 * Runs `fn` over `items` a part per step, each part sized so its step takes about PART_STEP_MS:
 * the first has `first` items, each next one is scaled by how long the last took (at most twice
 * as many). The accounts of one file may have 3 orders each or 300, so a fixed count made steps
 * of 25 ms at 200k rows and of 220–520 ms at 1M.
 */
export async function inTimedParts<T>(
  items: readonly T[],
  first: number,
  step: StepRunner,
  fn: (part: readonly T[]) => Promise<unknown>,
): Promise<void> {
  let size = first;
  for (let i = 0; i < items.length;) {
    const part = items.slice(i, i + size);
    let took = 0;
    await step(async () => {
      const started = performance.now();
      await fn(part);
      took = performance.now() - started;
    });
    i += part.length;
    // Never below a fifth of the first part: each step also has its own cost (its statements'
    // planning, the wait before it), and parts of an account or two would take many times longer in all.
    size = Math.max(Math.ceil(first / 5), Math.min(part.length * 2, Math.round((part.length * PART_STEP_MS) / Math.max(took, 1))));
  }
}

const importQueues = new WeakMap<object, Promise<unknown>>();

/**
 * On PGlite, imports run one after another: an import in steps keeps its staging tables between
 * steps, in the one session every import shares, and another import's tables of the same names
 * would collide with them. On PostgreSQL each import has a connection (and temporary tables) of
 * its own, and runs at once.
 */
export function oneImportAtATime<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (!isEmbeddedHandle(db)) return fn();
  const before = importQueues.get(db) ?? Promise.resolve();
  const run = before.then(fn);
  importQueues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

/** Deletes the orders an unpublished import staged (rejected, failed, or left by a crash); a published one's stay. */
export async function discardStagedOrders(db: Db, importId: string): Promise<void> {
  await db.transaction(async (t) => {
    await t.execute(sql`select set_config('rapport.import', ${importId}, true)`);
    // Never once published: from then on the file is visible, and kept whatever follows.
    await t.execute(
      sql`delete from orders where staged_import_id = ${importId}::uuid
            and not exists (select 1 from imports i where i.id = ${importId}::uuid and i.is_published)`,
    );
  });
}

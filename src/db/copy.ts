// COPY … FROM STDIN inside an open Drizzle transaction, on either engine: the fastest way to move
// many rows into PostgreSQL (a staging table for imports). PostgreSQL goes through
// pg-copy-streams on the transaction's own connection; PGlite reads the CSV as a '/dev/blob'.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './client.js';

/**
 * The driver connection under a Drizzle transaction. NOTE: Drizzle keeps it in `tx.session.client`
 * (drizzle-orm 0.45: a pg PoolClient for node-postgres, a PGlite Transaction for PGlite); it has
 * no public accessor, so this is the one place that reaches for it.
 */
function connectionOf(tx: Db): { pg: pg.Client } | { pglite: PgliteTransaction } {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Client) return { pg: client };
  if (client && typeof (client as PgliteTransaction).rollback === 'function') return { pglite: client as PgliteTransaction };
  throw new Error('copyCsv needs an open transaction (db.transaction(…)): COPY must run on its connection');
}

/** One CSV field for COPY: NULL is an empty unquoted field; text is always quoted. */
export type CopyValue = string | number | boolean | Date | null | undefined;

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

/** Copies CSV lines (each ending with '\n', fields made by `copyField`) into `table (columns)`. */
export async function copyCsv(tx: Db, table: string, columns: readonly string[], csv: string): Promise<void> {
  if (csv === '') return;
  const conn = connectionOf(tx);
  const target = `${table} (${columns.join(', ')})`;
  if ('pg' in conn) {
    await pipeline(Readable.from([csv]), conn.pg.query(copyFrom(`copy ${target} from stdin with (format csv)`)));
  } else {
    await conn.pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
  }
}

// COPY … FROM STDIN inside an open Drizzle transaction, on either engine: the fastest way to move
// many rows into PostgreSQL (a staging table for imports). PostgreSQL goes through
// pg-copy-streams on the transaction's own connection; PGlite reads the CSV as a '/dev/blob'.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { transactionConnectionOf } from '../adapters/drizzle-driver.js';
import type { Db } from './client.js';

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
  const conn = transactionConnectionOf(tx);
  const target = `${table} (${columns.join(', ')})`;
  if ('pg' in conn) {
    await pipeline(Readable.from([csv]), conn.pg.query(copyFrom(`copy ${target} from stdin with (format csv)`)));
  } else {
    await conn.pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
  }
}

import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/** The rows of a raw statement: node-postgres and PGlite both answer {rows}. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const r: unknown = await db.execute(query);
  return Array.isArray(r) ? (r as T[]) : ((r as { rows?: T[] }).rows ?? []);
}

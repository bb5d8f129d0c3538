// ADAPTER over drizzle-orm's migration journal (README.md here). Drizzle's migrator records each
// migration it applied as a row of its own table; it documents the table's name (an option of
// `migrate()`) but not its layout. This file is the only reader of that table.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../paths.js';

/** Where the journal lives; passed to drizzle's `migrate()` so the name is ours, not a default. */
export const MIGRATIONS_SCHEMA = 'drizzle';
export const MIGRATIONS_TABLE = '__drizzle_migrations';

/** The options every call of drizzle's `migrate()` takes. */
export const migrationConfig = { migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: MIGRATIONS_TABLE };

/** Raw SQL on a database (the `Database` of src/db/client.ts is one). */
interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** True for a table of the journal's schema, named as `"schema"."table"` (it holds no data of ours). */
export function isMigrationJournal(qualifiedTable: string): boolean {
  return qualifiedTable.startsWith(`"${MIGRATIONS_SCHEMA}".`);
}

/** True when the database has a migration journal: it was migrated by Rapport at least once. */
export async function hasMigrationJournal(database: Queryable): Promise<boolean> {
  const [row] = await database.query<{ t: string | null }>('select to_regclass($1)::text as t', [
    `${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`,
  ]);
  return Boolean(row?.t);
}

/** How many migrations this build ships (src/db/migrations). */
export function shippedMigrationCount(): number {
  return readMigrationFiles({ migrationsFolder }).length;
}

/** True when the schema is migrated to the newest migration shipped with this build. */
export async function isMigrated(database: Queryable): Promise<boolean> {
  try {
    // One row per applied migration (drizzle-orm 0.45; the contract test pins it).
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`);
    return Number(row?.n ?? 0) >= shippedMigrationCount();
  } catch {
    return false;
  }
}

// Contract test of src/adapters/drizzle-migrations.ts: drizzle's migrator keeps its journal where
// we tell it (migrationsSchema / migrationsTable), one row per applied migration with the hash of
// its file. /readyz, `rapport restore` and backups read that journal; a drizzle-orm upgrade that
// changes its layout fails here instead of reporting a migrated database as not migrated.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasMigrationJournal,
  isMigrated,
  isMigrationJournal,
  MIGRATIONS_SCHEMA,
  MIGRATIONS_TABLE,
  migrationConfig,
  shippedMigrationCount,
} from '../../../src/adapters/drizzle-migrations.js';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { migrationsFolder } from '../../../src/paths.js';
import { engines, openTestDatabase } from '../../support/app.js';

const journal = `"${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`;

describe.each(engines)("drizzle's migration journal on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    // A copy of the run's template, which `database.migrate()` migrated (test/support/global-setup.ts).
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('holds one row per shipped migration, with the hash of its file, in migration order', async () => {
    const files = readMigrationFiles({ migrationsFolder });
    expect(files.length).toBe(shippedMigrationCount());
    const rows = await database.query<{ hash: string; created_at: string }>(`select hash, created_at from ${journal} order by id`);
    expect(rows.map((r) => r.hash)).toEqual(files.map((f) => f.hash));
    expect(rows.map((r) => Number(r.created_at))).toEqual(files.map((f) => f.folderMillis));
    expect(migrationConfig).toMatchObject({ migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: MIGRATIONS_TABLE });
  });

  it('reads a migrated database as migrated, and one a migration behind as not', async () => {
    expect(await hasMigrationJournal(database)).toBe(true);
    expect(await isMigrated(database)).toBe(true);
    await database.exec(`delete from ${journal} where id = (select max(id) from ${journal})`);
    expect(await isMigrated(database)).toBe(false);
  });

  it('tells the journal apart from our tables', async () => {
    const rows = await database.query<{ s: string; t: string }>(
      `select table_schema as s, table_name as t from information_schema.tables where table_schema in ('public', $1)`,
      [MIGRATIONS_SCHEMA],
    );
    const quoted = rows.map((r) => `"${r.s}"."${r.t}"`);
    expect(quoted).toContain('"public"."orders"');
    expect(quoted.filter(isMigrationJournal)).toEqual([journal]);
  });
});

describe('a database that was never migrated (PGlite)', () => {
  it('has no journal and reads as not migrated; migrating writes the journal where migrationConfig says', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      expect(await hasMigrationJournal(database)).toBe(false);
      expect(await isMigrated(database)).toBe(false);
      await database.migrate();
      expect(await hasMigrationJournal(database)).toBe(true);
      expect(await isMigrated(database)).toBe(true);
    } finally {
      await database.close();
    }
    // A fresh PGlite runs every migration: seconds alone, over a minute on a busy 2-core machine.
  }, 180_000);
});

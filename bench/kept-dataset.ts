// The generated datasets the single-benchmark drivers keep between runs (a million orders take
// minutes to generate): a PGlite folder under .tmp/bench, a PostgreSQL database per size. Made the
// first time, reused after (migrated to today's schema on every open).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { packageRoot } from '../src/paths.js';
import { generateDataset, SIZES, type SizeName } from './generate.js';

export interface KeptDatasetOptions {
  /** An admin URL of the PostgreSQL server (its database is replaced by the dataset's). */
  databaseUrl: string;
  log: (line: string) => void;
}

/** Opens the kept dataset of `size` on `engine`, generating it the first time. */
export async function openKeptDataset(
  engine: 'pglite' | 'postgres',
  sizeName: SizeName,
  { databaseUrl, log }: KeptDatasetOptions,
): Promise<Database> {
  const size = SIZES[sizeName];
  const tag = `${size.accounts}a_${size.orders}o`;
  let database: Database;
  if (engine === 'pglite') {
    const dir = path.join(packageRoot, '.tmp', 'bench', `sweep-pglite-${tag}`);
    if (!existsSync(path.join(dir, '.generated'))) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const fresh = await openDatabase({ dataDir: dir });
      await fresh.migrate();
      await generateDataset(fresh, { ...size, progress: log });
      await fresh.close();
      writeFileSync(path.join(dir, '.generated'), '');
    }
    database = await openDatabase({ dataDir: dir });
  } else {
    const name = `rapport_sweep_bench_${tag}`;
    const url = new URL(databaseUrl);
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (!exists) await admin.query(`create database ${name}`);
    await admin.end();
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString() });
    if (!exists) {
      await database.migrate();
      await generateDataset(database, { ...size, progress: log });
    }
  }
  await database.migrate();
  return database;
}

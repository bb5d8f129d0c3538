// `rapport backup FILE` / `rapport restore FILE [--force]` on both engines.
// PGlite: the data folder's own dump (a gzipped tar from dumpDataDir), restored into an empty folder.
// PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` (the Debian postgresql-client).
// A backup is never written half: it goes to FILE.partial and is renamed when complete.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ERRORS, type ErrorCategory, type ErrorCode, type ErrorCodeOf } from '../../contract/errors.js';
import { hasMigrationJournal, isMigrated, isMigrationJournal, MIGRATIONS_SCHEMA } from '../adapters/drizzle-migrations.js';
import { openDatabase, type Database } from './client.js';
import { acquireDataDirLock } from './data-lock.js';

export interface BackupInput {
  /** PostgreSQL when set; else the PGlite data folder `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  file: string;
  /** Status lines (the CLI writes them to stderr). */
  progress?: (line: string) => void;
}

export interface RestoreInput extends BackupInput {
  /** Replace a database that already holds data. */
  force?: boolean;
}

export interface TableSummary {
  table: string;
  rows: number;
  /** md5 over every row's text, in a fixed order: equal on both sides of a faithful restore. */
  checksum: string;
}

export interface TableRows {
  table: string;
  rows: number;
}

type BackupKind = 'pglite' | 'postgres';

/**
 * Why a backup or restore did not run. Its `code` (backup.*) and `category` follow DomainError's,
 * which this layer does not import (src/db sits below src/domain): the CLI shows `detail` and exits
 * 2 for `invalid` (wrong usage), 1 otherwise.
 */
export class BackupError extends Error {
  readonly code: ErrorCode;
  /** Always the catalogue's category for the code (contract/errors.ts). */
  readonly category: ErrorCategory;
  readonly detail: string;

  constructor(input: { code: ErrorCode; detail: string }) {
    super(input.detail);
    this.name = 'BackupError';
    this.code = input.code;
    this.category = ERRORS[input.code].category;
    this.detail = input.detail;
  }
}

export async function backupDatabase(input: BackupInput): Promise<{ bytes: number }> {
  const progress = input.progress ?? (() => undefined);
  const file = path.resolve(input.file);
  if (!existsSync(path.dirname(file))) {
    throw usage('backup.bad_file', `The folder ${path.dirname(file)} does not exist.`);
  }
  const started = Date.now();
  const partial = `${file}.partial`;
  try {
    if (input.databaseUrl) {
      progress(`Backing up PostgreSQL database ${databaseName(input.databaseUrl)} with pg_dump to ${file} …`);
      const { url, env } = toolConnection(input.databaseUrl);
      await runTool('pg_dump', ['--format=custom', `--file=${partial}`, `--dbname=${url}`], env);
    } else {
      const dir = path.resolve(input.dataDir);
      if (!existsSync(path.join(dir, 'pg', 'PG_VERSION'))) {
        throw new BackupError({
          code: 'backup.no_database',
          detail: `There is no Rapport database in ${dir}. Use --data-dir (or RAPPORT_DATA_DIR) to name the data folder.`,
        });
      }
      progress(`Backing up the embedded database in ${dir} to ${file} …`);
      // The lock: a running server holds it, and a dump of a folder being written is not a backup.
      const database = await openDatabase({ dataDir: dir });
      try {
        await database.exec('checkpoint');
        const dump = await database.pglite!.dumpDataDir('gzip');
        writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await database.close();
      }
    }
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  const bytes = statSync(file).size;
  progress(`Backup written: ${file} (${formatBytes(bytes)} in ${seconds(started)}).`);
  return { bytes };
}

export async function restoreDatabase(input: RestoreInput): Promise<{ tables: TableRows[] }> {
  const progress = input.progress ?? (() => undefined);
  const file = path.resolve(input.file);
  if (!existsSync(file)) throw new BackupError({ code: 'backup.not_found', detail: `No backup file at ${file}.` });
  const kind = backupKindOf(file);
  const target: BackupKind = input.databaseUrl ? 'postgres' : 'pglite';
  if (kind === null)
    throw usage(
      'backup.unknown_format',
      `${file} is not a Rapport backup (neither a pg_dump custom-format archive nor a PGlite data dump).`,
    );
  if (kind !== target) {
    throw usage(
      'backup.wrong_engine',
      kind === 'postgres'
        ? `${file} is a PostgreSQL backup (pg_dump). Set DATABASE_URL to the PostgreSQL database to restore it into.`
        : `${file} is a backup of the embedded database (PGlite). Unset DATABASE_URL and name the data folder with --data-dir.`,
    );
  }
  const started = Date.now();
  if (input.databaseUrl) await restorePostgres(input.databaseUrl, file, input.force ?? false, progress);
  else await restorePglite(path.resolve(input.dataDir), file, input.force ?? false, progress);

  const database = await openDatabase(input.databaseUrl ? { databaseUrl: input.databaseUrl, poolSize: 1 } : { dataDir: input.dataDir });
  try {
    const counts = await countTableRows(database);
    const total = counts.reduce((s, c) => s + c.rows, 0);
    progress(`Restored ${counts.length} tables, ${total} rows in ${seconds(started)}.`);
    if (!(await isMigrated(database)))
      progress('The backup is older than this version of Rapport: `rapport migrate` (or `rapport start`) will bring it up to date.');
    return { tables: counts };
  } finally {
    await database.close();
  }
}

async function restorePglite(dir: string, file: string, force: boolean, progress: (line: string) => void): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // The same lock as openDatabase (data-lock.ts): one process per data folder; a dead holder's is taken over.
  const lock = await acquireDataDirLock(dir);
  const release = () => lock.release();
  const live = path.join(dir, 'pg');
  const staging = path.join(dir, `pg.restoring-${process.pid}`);
  try {
    const hasData = existsSync(live) && readdirSync(live).length > 0;
    if (hasData && !force) {
      throw new BackupError({
        code: 'backup.target_not_empty',
        detail: `The data folder ${dir} already holds a database. Restore into an empty folder (--data-dir), or add --force to replace it.`,
      });
    }
    progress(`Restoring ${file} into ${dir}${hasData ? ' (replacing the database there)' : ''} …`);
    // Load into a staging folder first: a failed restore leaves the existing database as it was.
    rmSync(staging, { recursive: true, force: true });
    const client = await PGlite.create(staging, { loadDataDir: new Blob([readFileSync(file)]) });
    try {
      const query = async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows;
      if (!(await hasMigrationJournal({ query })))
        throw usage('backup.not_rapport', `${file} is a PGlite dump but not of a Rapport database.`);
      await client.query('checkpoint');
    } finally {
      await client.close();
    }
    if (hasData) {
      const old = path.join(dir, `pg.replaced-${process.pid}`);
      renameSync(live, old);
      renameSync(staging, live);
      rmSync(old, { recursive: true, force: true });
    } else {
      rmSync(live, { recursive: true, force: true });
      renameSync(staging, live);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    await release();
  }
}

async function restorePostgres(databaseUrl: string, file: string, force: boolean, progress: (line: string) => void): Promise<void> {
  const database = await openDatabase({ databaseUrl, poolSize: 1 });
  let tables: string[];
  let withRows: string[];
  try {
    tables = await listTables(database);
    withRows = [];
    // The migration journal does not count: a database that was only migrated holds no data.
    for (const t of tables.filter((x) => !isMigrationJournal(x))) {
      const [r] = await database.query<{ e: boolean }>(`select exists (select 1 from ${t}) as e`);
      if (r?.e) withRows.push(t);
    }
  } finally {
    await database.close();
  }
  const name = databaseName(databaseUrl);
  if (withRows.length > 0 && !force) {
    const some = withRows.slice(0, 5).join(', ') + (withRows.length > 5 ? ', …' : '');
    throw new BackupError({
      code: 'backup.target_not_empty',
      detail: `The database ${name} already holds data (${withRows.length} tables with rows: ${some}). Restore into an empty database, or add --force to replace it.`,
    });
  }
  progress(`Restoring ${file} into PostgreSQL database ${name}${withRows.length > 0 ? ' (replacing its data)' : ''} with pg_restore …`);
  const { url, env } = toolConnection(databaseUrl);
  // One transaction: a failed restore changes nothing. --clean drops what the archive recreates
  // (needed whenever the tables exist, even empty); ownership and grants follow the restoring user.
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`];
  if (tables.length > 0) args.push('--clean', '--if-exists');
  await runTool('pg_restore', [...args, file], env);
}

/** Row count and checksum of every Rapport table (public schema and the migration journal). */
export async function tableChecksums(database: Database): Promise<TableSummary[]> {
  const out: TableSummary[] = [];
  for (const table of await listTables(database)) {
    const [r] = await database.query<{ n: number; md5: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(x.t, E'\\n' order by x.t collate "C"), '')) as md5
         from (select r::text as t from ${table} r) x`,
    );
    out.push({ table, rows: Number(r!.n), checksum: r!.md5 });
  }
  return out;
}

async function countTableRows(database: Database): Promise<TableRows[]> {
  const out: TableRows[] = [];
  for (const table of await listTables(database)) {
    const [r] = await database.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    out.push({ table, rows: Number(r!.n) });
  }
  return out;
}

/** Quoted `schema.table` names of the base tables Rapport owns. */
async function listTables(database: Database): Promise<string[]> {
  const rows = await database.query<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in ('public', $1)
      order by 1, 2`,
    [MIGRATIONS_SCHEMA],
  );
  return rows.map((r) => `"${r.s.replace(/"/g, '""')}"."${r.t.replace(/"/g, '""')}"`);
}

function backupKindOf(file: string): BackupKind | null {
  const head = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  // PGlite dumps are tar archives, gzipped by `rapport backup`.
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  if (n >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite';
  return null;
}

/** The URL without its password (which would show in `ps`); the password goes in PGPASSWORD. */
function toolConnection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env['PGPASSWORD'] = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env };
}

function databaseName(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  return `${decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)'} on ${u.hostname}${u.port ? `:${u.port}` : ''}`;
}

async function runTool(command: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new BackupError({
            code: 'backup.tool_missing',
            detail: `${command} was not found on PATH. Install the PostgreSQL client tools, at least the server's major version (Debian/Ubuntu: apt install postgresql-client-15).`,
          }),
        );
      } else reject(err);
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError({
            code: 'backup.tool_failed',
            detail: `${command} failed (exit ${code}):\n${stderr.trim()}`,
          }),
        );
    });
  });
}

function usage(code: ErrorCodeOf<'invalid'>, detail: string): BackupError {
  return new BackupError({ code, detail });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

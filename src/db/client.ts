// One Drizzle pg-core schema, two drivers: embedded PGlite (default) or a PostgreSQL server.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { isMigrated, migrationConfig } from '../adapters/drizzle-migrations.js';
import { withNamedStatements } from '../adapters/pglite-named-statements.js';
import { withActivity } from './activity.js';
import { asSuperuser, enterAppRole } from './app-role.js';
import { acquireDataDirLock } from './data-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** A database handle or an open transaction: queries and use cases take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  engine: 'pglite' | 'postgres';
  db: Db;
  /** Runs raw SQL with parameters; returns rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters. */
  exec(text: string): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

/** Session advisory lock keys of work that one process at a time does on start. */
export const MIGRATE_LOCK = 724011;
export const JOB_SETUP_LOCK = 724012;

/**
 * Runs `fn` on a connection of its own while holding a session advisory lock: processes started
 * together on one PostgreSQL database take turns (the migrations, the job setup).
 */
export async function oneAtATime<T>(pool: pg.Pool, key: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    return await fn(client);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    client.release();
  }
}

// Thrown when another process holds a PGlite data folder (pid, host and since when, in data-lock.ts).
export { DataDirLockedError } from './data-lock.js';

export interface OpenDatabaseInput {
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` for an in-memory database. */
  dataDir?: string;
  /** A PGlite data dump (from dumpDataDir) to start from: the migrated template in tests. */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

export async function openDatabase(input: OpenDatabaseInput): Promise<Database> {
  if (input.databaseUrl) return openPostgres(input.databaseUrl, input.poolSize ?? 10);
  return openPglite(input.dataDir ?? 'memory://', input.loadDataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // NOTE: an idle pooled connection that the server ends (restart, failover, DROP DATABASE … FORCE)
  // emits 'error' on the pool; without a listener Node treats it as an uncaught exception and the
  // process dies. The pool drops that connection and the next query opens a new one.
  pool.on('error', () => undefined);
  // NOTE: a checked-out connection (a transaction between two statements) that the server drops
  // emits 'error' on the client, which pg-pool only listens to while the client is idle: without
  // this, a PostgreSQL restart during a transaction kills the process. The statement's promise
  // rejects anyway (the use case fails and rolls back), and the pool discards the broken client.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    releaseOnFailedBegin(client);
  });
  // NOTE: bigint (int8) comes back as a string by default; amounts fit in a JS number (≤ 2^53 minor units).
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return {
    engine: 'postgres',
    db,
    pool,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await pool.query(text, params);
      return r.rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async migrate() {
      // Several processes may start at once: one migrates, the others wait on the advisory lock.
      await oneAtATime(pool, MIGRATE_LOCK, (client) => migrateNodePg(drizzleNodePg({ client, schema }), migrationConfig));
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * NOTE: drizzle-orm 0.45's node-postgres `transaction()` sends BEGIN before the try/finally that
 * releases its pooled client (drizzle-orm#6241, #6023, open). A BEGIN that fails — the server
 * went away just as the client was handed out — leaks that client for good: the pool shrinks and
 * `pool.end()` never returns. Such a client is released here, with the error so the pool destroys
 * it; drizzle never reaches its own release on that path, so the client is released exactly once.
 * Remove once drizzle releases the client when BEGIN fails.
 */
function releaseOnFailedBegin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const isBegin = (q: unknown) => {
    const text = typeof q === 'string' ? q : (q as { text?: unknown } | null)?.text;
    return typeof text === 'string' && /^\s*begin\b/i.test(text);
  };
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (isBegin(args[0]) && result instanceof Promise) {
      result.catch((err: unknown) => client.release(err instanceof Error ? err : new Error(String(err))));
    }
    return result;
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<Database> {
  let release: (() => Promise<void>) | undefined;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) {
    const dir = path.resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    // PGlite has no lock between processes; two processes on one folder would silently lose writes.
    // The lock names its holder, so one left by a killed process is taken over at once (0010).
    const lock = await acquireDataDirLock(dir);
    release = () => lock.release();
    dataDir = path.join(dir, 'pg');
  }
  let client: PGlite | undefined;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir, loadDataDir ? { loadDataDir } : {});
    await enterAppRole(client);
  } catch (err) {
    await client?.close().catch(() => undefined);
    await release?.();
    throw err;
  }
  // The app's statements are counted (activity.ts): an import in steps waits for them to be done.
  const counted = withActivity(withNamedStatements(client), ['query', 'exec', 'transaction']);
  const db = drizzlePglite({ client: counted, schema }) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await counted.query(text, params);
      return r.rows as T[];
    },
    async exec(text: string) {
      await counted.exec(text);
    },
    async migrate() {
      await asSuperuser(client, () => migratePglite(drizzlePglite({ client, schema }), migrationConfig));
    },
    async close() {
      if (!client.closed) {
        await client.query('checkpoint').catch(() => undefined);
        await client.close();
      }
      await release?.();
    },
  };
}

/** What /readyz reports: the database answers, and is migrated to this build's newest migration. */
export async function databaseReadiness(database: Database): Promise<'ok' | 'unreachable' | 'not migrated'> {
  try {
    await database.query('select 1');
  } catch {
    return 'unreachable';
  }
  return (await isMigrated(database)) ? 'ok' : 'not migrated';
}

export { schema };

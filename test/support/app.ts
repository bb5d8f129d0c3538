// Builds the real app on a fresh database for one test file, on each engine.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { Role } from '../../contract/common.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { users } from '../../src/db/schema/index.js';
import { buildApp } from '../../src/http/app.js';
import { systemActor, type Actor, type UseCaseContext } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { TEST_DATABASE_URL, withDatabase, type Engine } from './engines.js';

/** The engines this run covers: PGlite always, PostgreSQL when the global setup reached it. */
export const engines: Engine[] = inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite'];

export class TestClock {
  constructor(public current: Date = new Date('2026-03-02T14:00:00Z')) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openDatabase({ dataDir: 'memory://', loadDataDir: blob });
  }
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL template missing');
  const name = `rapport_t_${template.replace('rapport_tpl_', '')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: withDatabase(TEST_DATABASE_URL, name), poolSize: 5 });
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
  return database;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ RAPPORT_DATA_DIR: '.tmp/unused', LOG_LEVEL: 'silent' }, { rateLimitPerMinute: 100_000, ...overrides });
}

export interface TestContext {
  engine: Engine;
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
}

/** The context a test runs a use case in: the test app's database and clock, acting as `actor` (default the system). */
export function contextFor(ctx: TestContext, actor: Actor = systemActor('test')): UseCaseContext {
  return { db: ctx.database.db, actor, now: ctx.clock.now() };
}

/**
 * Registers beforeAll/afterAll that give this describe block an app on a fresh database. A test
 * during which a route answers with an error code its OpenAPI entry does not list fails.
 */
export function useTestApp(engine: Engine, options: { config?: Partial<Config> } = {}): TestContext {
  const ctx = { engine, clock: new TestClock() } as TestContext;
  const undeclared: string[] = [];
  afterEach(() => {
    const found = undeclared.splice(0);
    if (found.length > 0) throw new Error(`A route answered with an error code it does not declare:\n${[...new Set(found)].join('\n')}`);
  });
  beforeAll(async () => {
    ctx.database = await openTestDatabase(engine);
    ctx.app = await buildApp({
      database: ctx.database,
      config: testConfig(options.config),
      clock: { now: ctx.clock.now },
      serveWeb: false,
      onUndeclaredErrorCode: (message) => undeclared.push(message),
    });
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.database?.close();
  });
  return ctx;
}

export interface Session {
  userId: string;
  email: string;
  password: string;
  cookie: string;
  csrf: string;
  /** Headers for a cookie-authenticated write. */
  headers: Record<string, string>;
}

let counter = 0;
/** Creates a user with these roles straight in the database and signs them in through the API. */
export async function signIn(ctx: TestContext, roles: Role[], name?: string): Promise<Session> {
  counter += 1;
  const email = `user${counter}-${randomBytes(3).toString('hex')}@example.test`;
  const password = 'correct horse battery staple';
  const [user] = await ctx.database.db
    .insert(users)
    .values({ email, name: name ?? `User ${counter}`, roles, passwordHash: await hashPassword(password) })
    .returning();
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'rapport_session');
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  const cookieHeader = `rapport_session=${cookie!.value}`;
  return { userId: user!.id, email, password, cookie: cookieHeader, csrf, headers: { cookie: cookieHeader, 'x-csrf-token': csrf } };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json<T>();
}

/** Row count of a table, to prove a refused request wrote nothing. */
export async function countRows(database: Database, table: string): Promise<number> {
  const rows = await database.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return Number(rows[0]!.n);
}

/**
 * A fresh, migrated PostgreSQL database copied from the run's template, for code that opens its
 * own connection (the CLI reads DATABASE_URL). `drop()` removes it.
 */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL template missing');
  const name = `rapport_t_${template.replace('rapport_tpl_', '')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    async drop() {
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

// Migrations 0009–0010 (issue 14) give every status and kind column a CHECK constraint. A database
// made by the migrations before them, holding what the app and `rapport demo` wrote, upgrades: its
// rows pass the checks (the demo's quote events of kind 'created' are repaired to 'sent'), and from
// then on the database refuses a value outside the lists in contract/.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { isMigrated, MIGRATIONS_SCHEMA, MIGRATIONS_TABLE } from '../../src/adapters/drizzle-migrations.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import type * as schema from '../../src/db/schema/index.js';
import { createAccount, createContact } from '../../src/domain/accounts/index.js';
import { createActivity } from '../../src/domain/activities/index.js';
import { importCsv } from '../../src/domain/imports/index.js';
import { createOrder, transitionOrder } from '../../src/domain/orders/index.js';
import { dispatchPendingEvents, installBuiltinPlaybooks } from '../../src/domain/playbooks/index.js';
import { createQuote, updateQuote } from '../../src/domain/quotes/index.js';
import { systemActor, type UseCaseContext } from '../../src/domain/shared/index.js';
import { runSweep } from '../../src/domain/sweep/index.js';
import { migrationsFolder } from '../../src/paths.js';
import { engines } from '../support/app.js';
import { TEST_DATABASE_URL, withDatabase, type Engine } from '../support/engines.js';

// A fresh database each (PGlite: initdb in memory; PostgreSQL: an empty database), then migrations.
vi.setConfig({ testTimeout: 120_000 });

/** The last migration before the checks. */
const BEFORE_CHECKS = '0008_repair_event_changes';

const tmp = path.resolve('.tmp', `upgrade-checks-${process.pid}-${randomBytes(3).toString('hex')}`);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the migrations folder that ends at `lastTag`: what an older build shipped. */
function migrationsUpTo(lastTag: string): string {
  const folder = path.join(tmp, `migrations-${lastTag}`);
  mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag}`);
  const entries = journal.entries.slice(0, last + 1);
  for (const e of entries) cpSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
  writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

/** An empty database of the engine; drop() removes it (PostgreSQL). */
async function emptyDatabase(engine: Engine): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  // Named as the run's other databases, so the global teardown drops one a killed run left behind.
  const name = `rapport_t_${inject('postgresTemplate')!.replace('rapport_tpl_', '')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: withDatabase(TEST_DATABASE_URL, name), poolSize: 3 });
  return {
    database,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Migrates with an older build's migrations (drizzle's migrator, as database.migrate() runs it). */
async function migrateWith(engine: Engine, database: Database, folder: string): Promise<void> {
  const config = { migrationsFolder: folder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: MIGRATIONS_TABLE };
  if (engine === 'pglite') await migratePglite(database.db as PgliteDatabase<typeof schema>, config);
  else await migrateNodePg(database.db as NodePgDatabase<typeof schema>, config);
}

/** Rows in every table with a status or kind, written as the app writes them. */
async function fillAsTheAppDoes(database: Database): Promise<void> {
  const ctx: UseCaseContext = { db: database.db, actor: systemActor('upgrade test'), now: new Date('2026-03-02T14:00:00Z') };
  await installBuiltinPlaybooks(ctx);
  const [user] = await database.query<{ id: string }>(
    "insert into users (email, name, roles) values ('gm@example.test', 'Gia Manager', '{gm,sales}') returning id",
  );
  const account = await createAccount(ctx, {
    name: 'Acme',
    kind: 'customer',
    currency: 'USD',
    potentialAnnualSpend: '90000.00',
    team: [{ userId: user!.id, role: 'sales' }],
  });
  await createContact(ctx, { accountId: account.id, contact: { name: 'Pat Buyer', roleAtCustomer: 'buyer', isPrimary: true } });
  await createActivity(ctx, { accountId: account.id, kind: 'call', subject: 'Kick-off' });
  const order = await createOrder(ctx, { accountId: account.id, number: 'UP-1', amount: '1000.00' });
  await transitionOrder(ctx, { id: order.id, transition: { to: 'data_review' } });
  const quote = await createQuote(ctx, { accountId: account.id, number: 'UQ-1', amount: '500.00' });
  await updateQuote(ctx, { id: quote.id, patch: { status: 'won', orderId: order.id } });
  await dispatchPendingEvents(ctx);
  await runSweep(ctx);
  const csv = path.join(tmp, `accounts-${randomBytes(3).toString('hex')}.csv`);
  writeFileSync(csv, 'externalRef,name,currency\nUP-A,Upgrade Co,USD\n');
  await importCsv({ ...ctx, actor: { ...systemActor('upgrade test'), kind: 'cli' } }, { kind: 'accounts', file: csv });
}

/** Columns added after the checks' migration that today's code touches: [table, column, type]. */
const LATER_COLUMNS = [
  ['orders', 'category', "text not null default 'product'"], // 0011
  ['settings', 'is_demo', 'boolean not null default false'], // 0013
  ['settings', 'thank_you_roles', "text[] not null default '{csr}'"], // 0014
  ['settings', 'thank_you_per_day', 'integer not null default 1'], // 0014
  ['settings', 'thank_you_window_days', 'integer not null default 60'], // 0014
  ['settings', 'webhook_failure_limit', 'integer not null default 20'], // 0015
  ['settings', 'portal_link_days', 'integer not null default 90'], // 0017
  ['settings', 'public_url', 'text'], // 0020
  ['settings', 'survey_expiry_days', 'integer not null default 30'], // 0021
  ['settings', 'survey_reminder_days', 'integer not null default 5'], // 0021
  ['settings', 'detractor_csat', 'integer not null default 2'], // 0021
  ['settings', 'detractor_nps', 'integer not null default 6'], // 0021
  ['settings', 'detractor_ces', 'integer not null default 5'], // 0021
  ['accounts', 'problem_due_at', 'timestamptz'], // 0022
  ['accounts', 'last_detractor_at', 'timestamptz'], // 0023
  ['settings', 'referral_min_orders', 'integer not null default 3'], // 0024
  ['settings', 'referral_on_time_last', 'integer not null default 3'], // 0024
  ['settings', 'journey_start', "text not null default 'first_delivery'"], // 0026
  ['tasks', 'stage', 'text'], // 0026
  ['settings', 'staff_digest', 'boolean not null default true'], // 0028
  ['settings', 'working_hours_start', "text not null default '08:00'"], // 0029
  ['settings', 'working_hours_end', "text not null default '17:00'"], // 0029
  ['imports', 'rounded', "jsonb not null default '[]'"], // 0030
  ['imports', 'breakdown', 'jsonb'], // 0032
  ['accounts', 'second_order_id', 'uuid'], // 0033
  ['accounts', 'second_order_at', 'timestamptz'], // 0033
  ['orders', 'placed_on', 'date'], // 0033
  ['orders', 'shipped_on', 'date'], // 0033
  ['accounts', 'first_order_on', 'date'], // 0036
  ['accounts', 'second_order_on', 'date'], // 0036
  ['accounts', 'last_order_on', 'date'], // 0036
  ['orders', 'staged_import_id', 'uuid'], // 0037
  ['imports', 'is_published', 'boolean not null default false'], // 0037
] as const;

/** Tables added after the checks' migration that today's code reads (the dispatch looks for outbound webhooks): [table, columns]. */
const LATER_TABLES = [
  ['webhook_endpoints', 'id uuid primary key, is_enabled boolean not null, event_types text[] not null'], // 0015
] as const;

describe.each(engines)('upgrading to the status and kind checks on %s', (engine) => {
  it('migrates a database the earlier migrations made, repairs the demo quote events, then refuses other values', async () => {
    mkdirSync(tmp, { recursive: true });
    const { database, drop } = await emptyDatabase(engine);
    try {
      await migrateWith(engine, database, migrationsUpTo(BEFORE_CHECKS));
      expect(await isMigrated(database)).toBe(false);
      // Today's code reads and writes columns later migrations add: lend them for the filling, then
      // take them away again, leaving the rows an older build would have left.
      for (const [table, column, type] of LATER_COLUMNS) await database.exec(`alter table ${table} add column ${column} ${type}`);
      for (const [table, columns] of LATER_TABLES) await database.exec(`create table ${table} (${columns})`);
      await fillAsTheAppDoes(database);
      for (const [table, column] of LATER_COLUMNS) await database.exec(`alter table ${table} drop column ${column}`);
      for (const [table] of LATER_TABLES) await database.exec(`drop table ${table}`);
      // What `rapport demo` wrote before: a quote's first event of kind 'created'.
      await database.exec("update quote_events set kind = 'created' where kind = 'sent'");
      const legacy = await database.query<{ kind: string }>('select distinct kind from quote_events order by kind');
      expect(legacy.map((k) => k.kind)).toEqual(['created', 'status_changed']);
      const tasksBefore = await database.query<{ n: number }>('select count(*)::int as n from tasks');
      expect(Number(tasksBefore[0]!.n)).toBeGreaterThan(0);

      await database.migrate();

      expect(await isMigrated(database)).toBe(true);
      const kinds = await database.query<{ kind: string }>('select distinct kind from quote_events order by kind');
      expect(kinds.map((k) => k.kind)).toEqual(['sent', 'status_changed']);
      const refused = [
        "update orders set status = 'lost'",
        "update quotes set status = 'pending'",
        "update accounts set kind = 'partner'",
        "update contacts set role_at_customer = 'boss'",
        "update tasks set status = 'started'",
        "update users set roles = '{gm,owner}'",
        "update imports set source = 'web'",
      ];
      for (const statement of refused) await expect(database.exec(statement), statement).rejects.toThrow(/violates check constraint/);
    } finally {
      await drop();
    }
  });
});

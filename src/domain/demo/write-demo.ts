// Writes a generated demo company into a fresh database: one transaction, multi-row inserts.
import { getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import {
  accounts,
  accountTeam,
  activities,
  thankYouNotes,
  contacts,
  hotButtons,
  orderEvents,
  orderLines,
  orders,
  quoteEvents,
  quotes,
  settings,
  users,
} from '../../db/schema/index.js';
import { recordEvents } from '../events/index.js';
import { queueTrackingMessage } from '../messages/index.js';
import { markDemoMessageSent } from './demo-outbox.js';
import { refreshAccountOrderStats } from '../order-stats/index.js';
import { updateSettings } from '../settings/index.js';
import { conflict, dateIn, recordAudit, type UseCaseContext } from '../shared/index.js';
import type { DemoData } from './types.js';

/**
 * Quotes sent within these last days get their follow-up calls. Older ones are history: a team
 * working its list would have made their calls by now, and hundreds of overdue calls would bury
 * everyone's My day on the first sign-in.
 */
const QUOTE_FOLLOW_UP_DAYS = 4;

export interface DemoProgress {
  step: string;
  done: number;
  total: number;
}

export interface WriteDemoInput {
  data: DemoData;
  onProgress?: (progress: DemoProgress) => void;
}

/** Refuses a database that already holds a company: the demo never mixes with real data. */
export async function assertFreshDatabase(db: Db): Promise<void> {
  const [a] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  const [o] = await db.select({ n: sql<number>`count(*)::int` }).from(orders);
  const nAccounts = Number(a?.n ?? 0);
  const nOrders = Number(o?.n ?? 0);
  if (nAccounts > 0 || nOrders > 0) {
    // demo.not_empty: the database already has accounts or orders; the demo fills only a fresh one.
    throw conflict(
      'demo.not_empty',
      `This database already has ${nAccounts} accounts and ${nOrders} orders. \`rapport demo\` fills only a fresh database: use --data-dir with a new folder (or an empty DATABASE_URL).`,
    );
  }
}

async function assertNoClashingStaff(db: Db, data: DemoData): Promise<void> {
  const emails = data.users.map((u) => u.email!.toLowerCase());
  const refs = data.users.map((u) => u.externalRef!);
  const clash = await db
    .select({ email: users.email, externalRef: users.externalRef })
    .from(users)
    .where(or(inArray(sql`lower(${users.email})`, emails), inArray(users.externalRef, refs)));
  if (clash.length > 0) {
    // demo.staff_clash: an existing user has the email or external reference of a demo staff member.
    throw conflict(
      'demo.staff_clash',
      `Existing users clash with the demo staff (${clash.map((c) => c.email ?? c.externalRef).join(', ')}). Run the demo on a fresh database.`,
    );
  }
}

/** Inserts every row, refreshes the accounts' order statistics and records one audit row — all or nothing. */
export async function writeDemo(ctx: UseCaseContext, input: WriteDemoInput): Promise<void> {
  const { actor, now } = ctx;
  const { data } = input;
  const total = Object.values(tables(data)).reduce((s, t) => s + t.rows.length, 0);
  let done = 0;
  await ctx.db.transaction(async (tx) => {
    await assertFreshDatabase(tx);
    await assertNoClashingStaff(tx, data);
    await updateSettings({ ...ctx, db: tx }, data.settings);
    // The mark of a sample company: its "sign in as" switcher works here and nowhere else.
    await tx.update(settings).set({ isDemo: true });
    for (const [step, { table, rows }] of Object.entries(tables(data))) {
      await insertBatched(tx, table, rows, (n) => {
        done += n;
        input.onProgress?.({ step, done, total });
      });
    }
    // The quotes sent lately start their follow-up calls as a quote recorded then would have: their
    // quote.sent events, dispatched by the demo's morning (runDemoMorning).
    const recent = now.getTime() - QUOTE_FOLLOW_UP_DAYS * 86_400_000;
    await recordEvents(
      tx,
      data.quotes
        .filter((q) => q.status === 'open' && q.sentAt.getTime() >= recent)
        .map((q) => ({
          type: 'quote.sent',
          subjectType: 'quote' as const,
          subjectId: q.id,
          accountId: q.accountId,
          occurredAt: q.sentAt,
          source: 'demo' as const,
          payload: { quoteId: q.id, number: q.number, accountId: q.accountId, amount: q.amount, currency: q.currency, repId: q.repId },
        })),
    );
    input.onProgress?.({ step: 'account statistics', done, total });
    await refreshAccountOrderStats(
      tx,
      data.accounts.map((a) => a.id),
    );
    input.onProgress?.({ step: 'messages', done, total });
    await writeDemoMessages({ ...ctx, db: tx }, data);
    await recordAudit(
      tx,
      actor,
      {
        action: 'demo.generate',
        entity: 'demo',
        entityId: null,
        changes: { today: data.today, accounts: data.accounts.length, orders: data.orders.length, quotes: data.quotes.length },
      },
      now,
    );
  });
}

/** Days of shipments whose tracking message the demo's outbox holds. */
const DEMO_MESSAGE_DAYS = 10;
/** The latest shipments whose tracking message still waits (for a mail server, as on a new installation). */
const DEMO_WAITING = 3;

/**
 * The outbox alive: the tracking messages of the orders shipped in the last days (by calendar
 * date, so two runs of one day agree) — sent two hours after shipping, except the latest few,
 * which wait for a mail server as a new installation's would.
 */
async function writeDemoMessages(ctx: UseCaseContext, data: DemoData): Promise<void> {
  const zone = data.settings.timezone;
  const cutoff = new Date(Date.parse(`${data.today}T00:00:00Z`) - DEMO_MESSAGE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const recent = data.orders
    .filter((o) => o.shippedAt && o.carrier && o.trackingNumber && dateIn(o.shippedAt, zone) > cutoff)
    .sort((a, b) => a.shippedAt!.getTime() - b.shippedAt!.getTime() || a.number.localeCompare(b.number));
  const waiting = new Set(recent.slice(-DEMO_WAITING).map((o) => o.id));
  for (const order of recent) {
    const outcome = await queueTrackingMessage({ ...ctx, now: order.shippedAt! }, order.id);
    if (!outcome.queued || waiting.has(order.id)) continue;
    await markDemoMessageSent(ctx.db, outcome.queued.id, new Date(Math.min(order.shippedAt!.getTime() + 2 * 3_600_000, ctx.now.getTime())));
  }
}

/** In insertion order: referenced rows first. */
function tables(data: DemoData): Record<string, { table: PgTable; rows: object[] }> {
  return {
    staff: { table: users, rows: data.users },
    accounts: { table: accounts, rows: data.accounts },
    'account teams': { table: accountTeam, rows: data.accountTeam },
    contacts: { table: contacts, rows: data.contacts },
    'hot buttons': { table: hotButtons, rows: data.hotButtons },
    orders: { table: orders, rows: data.orders },
    'order lines': { table: orderLines, rows: data.orderLines },
    'order events': { table: orderEvents, rows: data.orderEvents },
    quotes: { table: quotes, rows: data.quotes },
    'quote events': { table: quoteEvents, rows: data.quoteEvents },
    activities: { table: activities, rows: data.activities },
    'thank-you notes': { table: thankYouNotes, rows: data.thankYouNotes },
  };
}

// NOTE: rows travel as one JSON parameter per batch, expanded by json_populate_recordset on the
// server: thousands of bound parameters per INSERT made PGlite crawl (~2k rows/s); this runs the
// same SQL on PGlite and PostgreSQL 15 at tens of thousands of rows a second.
const BATCH = 5000;

async function insertBatched(db: Db, table: PgTable, rows: object[], onBatch: (n: number) => void): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => columns[k]);
  const names = sql.join(
    keys.map((k) => sql.identifier(columns[k]!.name)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((row) => {
      const out: Record<string, unknown> = {};
      for (const k of keys) out[columns[k]!.name] = (row as Record<string, unknown>)[k];
      return out;
    });
    await db.execute(
      sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(batch)}::json)`,
    );
    onBatch(batch.length);
  }
}

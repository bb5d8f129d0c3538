// Factories: a test makes what it needs in its own setup, through the use cases or the API as a
// user would, so that any test runs alone (`vitest -t`) and none reads what another one left.
// Users and their sessions: signIn (app.ts).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Account, CreateAccount } from '../../contract/accounts.js';
import type { OrderCategory, OrderDetail } from '../../contract/orders.js';
import type { Settings, UpdateSettings } from '../../contract/settings.js';
import { eq } from 'drizzle-orm';
import { accounts, orderEvents, orders } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { refreshAccountOrderStats } from '../../src/domain/order-stats/index.js';
import { getSettings } from '../../src/domain/settings/index.js';
import { parseTimestamp, systemActor } from '../../src/domain/shared/index.js';
import { contextFor, type Session, type TestContext } from './app.js';

let seq = 0;
/** A text no other test uses: numbers, names, references. */
export const uniq = (prefix: string) => `${prefix}-${++seq}-${randomUUID().slice(0, 6)}`;

/** A customer account in USD (amounts as the API writes them: '90000.00'), made by the createAccount use case. */
export async function createTestAccount(ctx: TestContext, input: Partial<CreateAccount> = {}): Promise<Account> {
  return createAccount(contextFor(ctx, systemActor('test factory')), { name: uniq('Acme'), kind: 'customer', currency: 'USD', ...input });
}

/** An order created through the API by `by` (default number and amount); fails the test unless it is 201. */
export async function createTestOrder(
  ctx: TestContext,
  by: Session,
  input: { accountId: string } & Record<string, unknown>,
): Promise<OrderDetail> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: by.headers,
    payload: { number: uniq('SO'), amount: '100.00', ...input },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<OrderDetail>();
}

/** Changes settings through the API as `admin`; fails the test unless it is 200. */
export async function updateTestSettings(ctx: TestContext, admin: Session, patch: UpdateSettings): Promise<Settings> {
  const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: admin.headers, payload: patch });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Settings>();
}

export interface TestHistoryOrder {
  accountId: string;
  /** ISO instant, or a date alone (00:00 in the account's timezone, as the import reads it). */
  placedAt: string;
  promisedDate?: string;
  shippedAt?: string;
  /** Cancelled at this instant: status cancelled and its status_changed event. */
  cancelledAt?: string;
  number?: string;
  amount?: number;
  currency?: string;
  repId?: string;
  category?: OrderCategory;
}

/**
 * An order as history, the way an import writes it (placed, shipped and cancelled at given times,
 * whatever the lifecycle's steps in between), with the account's order statistics refreshed.
 * Amount in minor units (default 10000 = 100.00).
 */
export async function insertTestOrder(ctx: TestContext, o: TestHistoryOrder): Promise<{ id: string; number: string }> {
  const db = ctx.database.db;
  const [account] = await db.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, o.accountId));
  const zone = account?.timezone ?? (await getSettings(db)).timezone;
  const at = (text: string) => parseTimestamp(text, zone)!;
  const status = o.cancelledAt ? 'cancelled' : o.shippedAt ? 'shipped' : 'received';
  const [row] = await db
    .insert(orders)
    .values({
      accountId: o.accountId,
      number: o.number ?? uniq('SO'),
      placedAt: at(o.placedAt),
      promisedDate: o.promisedDate ?? null,
      amount: o.amount ?? 10_000,
      currency: o.currency ?? 'USD',
      status,
      repId: o.repId ?? null,
      category: o.category ?? 'product',
      shippedAt: o.shippedAt ? at(o.shippedAt) : null,
    })
    .returning({ id: orders.id, number: orders.number });
  if (o.cancelledAt)
    await db.insert(orderEvents).values({
      orderId: row!.id,
      accountId: o.accountId,
      kind: 'status_changed',
      fromStatus: 'received',
      toStatus: 'cancelled',
      at: at(o.cancelledAt),
    });
  await refreshAccountOrderStats(db, [o.accountId]);
  return row!;
}

// A paid-audition first order, ready to ship with its gates still open: the state in which an
// import or a webhook must not be able to ship it past the quality and documents checks.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OrderDetail } from '../../contract/orders.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Evidence } from '../../contract/playbooks.js';
import { accounts, tasks } from '../../src/db/schema/index.js';
import { completeTask } from '../../src/domain/playbooks/index.js';
import { contextFor, type Session, type TestContext } from './app.js';
import { drainJobs } from './jobs.js';

export interface GatedOrder {
  order: OrderDetail;
  accountRef: string;
}

/** A customer account with an external reference (for files that name it). */
export async function makeAccount(ctx: TestContext, potentialAnnualSpend: number | null = null) {
  const accountRef = `ACC-${randomUUID().slice(0, 8)}`;
  const [account] = await ctx.database.db
    .insert(accounts)
    .values({ name: `Customer ${accountRef}`, kind: 'customer', externalRef: accountRef, currency: 'USD', potentialAnnualSpend })
    .returning();
  return { ...account!, accountRef };
}

/** An order created through the API by `by` and moved along to `status` one step at a time; its playbooks run. */
export async function orderAt(
  ctx: TestContext,
  by: Session,
  account: { id: string },
  status: 'received' | 'data_review' | 'in_production' | 'inspection' | 'ready_to_ship',
  extra: Record<string, unknown> = {},
): Promise<OrderDetail> {
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: by.headers,
    payload: { accountId: account.id, number: `SO-${randomUUID().slice(0, 8)}`, amount: '1000.00', ...extra },
  });
  expect(created.statusCode, created.body).toBe(201);
  const order = created.json<OrderDetail>();
  await drainJobs(ctx);
  const path = ['data_review', 'in_production', 'inspection', 'ready_to_ship'];
  for (const to of path.slice(0, path.indexOf(status) + 1)) {
    if (to === 'in_production') await passDataReview(ctx, order.id);
    const moved = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/transitions`,
      headers: by.headers,
      payload: { to },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  }
  return { ...order, status };
}

/** A large account's first order (the audition's playbook running), moved to ready_to_ship by `by`. */
export async function auditionReadyToShip(ctx: TestContext, by: Session): Promise<GatedOrder> {
  const account = await makeAccount(ctx, 10_000_000);
  const order = await orderAt(ctx, by, account, 'ready_to_ship');
  expect(order.isAudition).toBe(true);
  return { order, accountRef: account.accountRef };
}

/**
 * Completes the order's open steps that gate in_production (the paid audition's data-package
 * review: nothing is built before the package is known complete), as the system, with the note and
 * checklist they ask for. Nothing to do for an order without one.
 */
export async function passDataReview(ctx: TestContext, orderId: string): Promise<void> {
  const open = await ctx.database.db
    .select({ id: tasks.id, evidence: tasks.evidence })
    .from(tasks)
    .where(and(eq(tasks.orderId, orderId), eq(tasks.gateStatus, 'in_production'), inArray(tasks.status, ['open', 'waiting'])));
  for (const t of open) {
    const checklist = Object.fromEntries(((t.evidence as Evidence | null)?.checklist ?? []).map((item) => [item, true]));
    await completeTask(contextFor(ctx), { id: t.id, completion: { note: 'The data package is complete.', checklist } });
  }
}

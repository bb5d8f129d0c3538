// The audition scorecard of an order: its runs, tasks and gates, promised vs expected, the cost at stake.
import { asc, eq } from 'drizzle-orm';
import type { Scorecard } from '../../../contract/tasks.js';
import { accounts, orders, playbookRuns, tasks } from '../../db/schema/index.js';
import { formatMoney, notFound, type ReadContext } from '../shared/index.js';
import { getSettings } from '../settings/index.js';
import { listOrderGates } from './gates.js';
import { presentTasks } from './queries.js';

export async function getScorecard({ db, now }: ReadContext, orderId: string): Promise<Scorecard> {
  const [row] = await db
    .select({
      o: orders,
      firstOrderId: accounts.firstOrderId,
      potential: accounts.potentialAnnualSpend,
      cost: accounts.acquisitionCost,
      currency: accounts.currency,
    })
    .from(orders)
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .where(eq(orders.id, orderId));
  if (!row) throw notFound('orders.not_found', `No order with id ${orderId}.`);
  const settings = await getSettings(db);
  const isFirstOrder = row.firstOrderId === orderId;
  const runs = await db.select().from(playbookRuns).where(eq(playbookRuns.orderId, orderId)).orderBy(asc(playbookRuns.startedAt));
  const taskRows = await db.select().from(tasks).where(eq(tasks.orderId, orderId)).orderBy(asc(tasks.createdAt), asc(tasks.id));
  const gates = await listOrderGates(db, orderId);
  return {
    orderId,
    isFirstOrder,
    isAudition: isFirstOrder && row.potential !== null && row.potential >= settings.auditionMinSpend,
    promisedDate: row.o.promisedDate,
    expectedShipDate: row.o.expectedShipDate,
    acquisitionCost: row.cost === null ? null : formatMoney(row.cost, row.currency),
    runs: runs.map((r) => ({ id: r.id, playbookKey: r.playbookKey, status: r.status, startedAt: r.startedAt.toISOString() })),
    tasks: (await presentTasks(db, taskRows, now)).filter((t) => t.kind !== 'wait'),
    gates: gates.map((g) => ({
      taskId: g.taskId,
      title: g.title,
      gateStatus: g.gateStatus,
      isOpen: g.isOpen,
      missing: g.isOpen ? g.missing : null,
    })),
  };
}

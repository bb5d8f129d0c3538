// Open gates of an order: tasks with a gate status that are not done yet. The order transition
// use case refuses a move to or past a gate while any is open (orders.gate_open).
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { OrderStatus } from '../../../contract/orders.js';
import type { OpenGate } from '../../../contract/tasks.js';
import type { Evidence } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { taskSignoffs, tasks } from '../../db/schema/index.js';
import { asksOf } from './ask-for-missing.js';
import { describeMissing, gateBlocks, gateMessage } from './gates.rules.js';

export interface GateState extends OpenGate {
  isOpen: boolean;
}

/** Every gated task of the order, open or closed, with what is missing. */
export async function listOrderGates(db: Db, orderId: string): Promise<GateState[]> {
  const rows = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.orderId, orderId), isNotNull(tasks.gateStatus)));
  if (rows.length === 0) return [];
  const signs = await db
    .select({ taskId: taskSignoffs.taskId, userId: taskSignoffs.userId, roles: taskSignoffs.roles })
    .from(taskSignoffs)
    .where(
      inArray(
        taskSignoffs.taskId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((t) => {
    const isOpen = t.status === 'open' || t.status === 'waiting';
    return {
      taskId: t.id,
      title: t.title,
      gateStatus: t.gateStatus!,
      isOpen,
      missing: isOpen
        ? describeMissing(
            t.evidence as Evidence | null,
            signs.filter((s) => s.taskId === t.id),
            asksOf(t.outcome).at(-1)?.askedFor ?? null,
          )
        : '',
    };
  });
}

/** The open gates that block moving the order to `to`. */
export async function findBlockingGates(db: Db, orderId: string, to: OrderStatus): Promise<OpenGate[]> {
  return (await listOrderGates(db, orderId))
    .filter((g) => g.isOpen && gateBlocks(g.gateStatus, to))
    .map(({ taskId, title, gateStatus, missing }) => ({ taskId, title, gateStatus, missing }));
}

/** "double inspection: 1 of 2 sign-offs, quality manager sign-off missing; shipping documents check: checklist not done (4 items)" */
export function describeGates(gates: readonly OpenGate[]): string {
  return gates.map((g) => gateMessage(g.title, g.missing)).join('; ');
}

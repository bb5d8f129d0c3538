// A step found incomplete (docs/domain.md §3, "Data incomplete"): the data-package review answers
// "incomplete — asked the customer for …". The step stays open, so its gate keeps holding; the ask
// is kept on the task, on the account timeline, and as a follow-up task to get what was asked for.
import { eq } from 'drizzle-orm';
import { tasks } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { getSettings } from '../settings/index.js';
import { addOffset, recordAudit, type Actor } from '../shared/index.js';
import { calendarOf } from './engine.js';
import type { TaskRow } from './queries.js';
import { recordStepOnTimeline } from './step-timeline.js';

/** One "asked the customer for …", kept in the open task's outcome (`asks`), newest last. */
export interface CustomerAsk {
  askedFor: string;
  note: string | null;
  by: string | null;
  at: string;
}

export const asksOf = (outcome: unknown): CustomerAsk[] => {
  const asks = (outcome as { asks?: unknown } | null)?.asks;
  return Array.isArray(asks) ? (asks as CustomerAsk[]) : [];
};

export interface AskForMissingInput {
  task: TaskRow;
  actor: Actor;
  askedFor: string;
  note: string | undefined;
  now: Date;
}

/** Inside the completing use case's transaction: the ask recorded, the follow-up made (due the next working day). */
export async function askCustomerForMissing(tx: Db, { task, actor, askedFor, note, now }: AskForMissingInput): Promise<void> {
  const asks = [...asksOf(task.outcome), { askedFor, note: note ?? null, by: actor.userId, at: now.toISOString() }];
  await tx
    .update(tasks)
    .set({ outcome: { ...(task.outcome as Record<string, unknown> | null), asks }, updatedAt: now })
    .where(eq(tasks.id, task.id));
  await tx.insert(tasks).values({
    title: `Get from the customer: ${askedFor}`,
    guidance: `${task.title} found it missing${note ? ` (${note})` : ''}. Once it is in, finish “${task.title}”: until then the order waits.`,
    kind: 'call',
    role: task.role,
    assigneeId: actor.userId ?? task.assigneeId,
    accountId: task.accountId,
    orderId: task.orderId,
    quoteId: task.quoteId,
    dueAt: addOffset(now, 'P1D', true, calendarOf(await getSettings(tx))),
    status: 'open',
    evidence: { note: true },
    createdAt: now,
    updatedAt: now,
  });
  await recordStepOnTimeline(tx, task, actor, { askedFor, note }, now);
  await recordAudit(tx, actor, { action: 'tasks.incomplete', entity: 'task', entityId: task.id, changes: { askedFor, note } }, now);
}

// Writes a worked step's entry on its account's timeline, inside the use case's transaction.
import type { Db } from '../../db/client.js';
import { activities } from '../../db/schema/index.js';
import type { Actor } from '../shared/index.js';
import { stepTimelineEntry, type StepWork } from './step-timeline.rules.js';
import type { TaskRow } from './queries.js';

/** An activity by the worker, linked to the task and its order; nothing for a task without an account. */
export async function recordStepOnTimeline(tx: Db, task: TaskRow, actor: Actor, work: StepWork, now: Date): Promise<void> {
  if (!task.accountId) return;
  const entry = stepTimelineEntry(task, work);
  if (!entry) return;
  await tx.insert(activities).values({
    accountId: task.accountId,
    kind: entry.kind,
    subject: entry.subject,
    body: entry.body,
    actorId: actor.userId,
    orderId: task.orderId,
    taskId: task.id,
    occurredAt: now,
    createdAt: now,
  });
}

// Steps of kind `message` with a template (the paid audition's "Send tracking information") are
// done by the message itself: once a message of that template about the run's order is sent, the
// step is done with the message as its evidence — whichever comes first, the step opening or the
// message going out.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages, playbookRuns, playbooks, tasks } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { advanceRun, calendarOf } from './engine.js';
import { outcomeOf, type SentMessageEvidence } from './message-evidence.js';
import { documentOf } from './queries.js';
import { sendsItsMessage, stepMessageKey } from './message-sends.js';

const isStepMessage = async (tx: Db, taskId: string, messageId: string) =>
  (
    await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.idempotencyKey, stepMessageKey(taskId))))
  ).length > 0;

export type { SentMessageEvidence };

/**
 * Completes the order's open message steps whose template is `template` with the sent message as
 * evidence, and advances their runs. Called in the transaction that marks the message sent.
 */
export async function completeMessageSteps(
  tx: Db,
  { orderId, template, message, now }: { orderId: string; template: string; message: SentMessageEvidence; now: Date },
): Promise<number> {
  const rows = await tx
    .select({ task: tasks, document: playbooks.document })
    .from(tasks)
    .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(and(eq(tasks.orderId, orderId), eq(tasks.kind, 'message'), eq(tasks.status, 'open'), eq(playbookRuns.status, 'active')));
  const runIds = new Set<string>();
  for (const { task, document } of rows) {
    const step = documentOf({ document }).steps.find((s) => s.key === task.stepKey);
    if (step?.template !== template) continue;
    // A step that sends its own message (a progress update) is done by that message, not another of its template.
    if (sendsItsMessage(step) && !(await isStepMessage(tx, task.id, message.id))) continue;
    await tx
      .update(tasks)
      .set({ status: 'done', outcome: outcomeOf(message), completedAt: message.sentAt, updatedAt: now })
      .where(eq(tasks.id, task.id));
    runIds.add(task.runId!);
  }
  if (runIds.size > 0) {
    const cal = calendarOf(await getSettings(tx));
    for (const id of runIds) await advanceRun(tx, id, cal, now);
  }
  return runIds.size;
}

export interface CompleteDraftStepsInput {
  orderId: string;
  template: string;
  /** The draft released: its message is the step's evidence. */
  message: { id: string; to: string; subject: string };
  /** Who released it (completes the step). */
  userId: string | null;
  now: Date;
}

/**
 * A person sent a drafted message (the late notice): the order's open drafted steps of that
 * template are done by it, with the message as evidence — the person's part is done when they
 * release it; the outbox delivers it. Called in the transaction that queues the draft.
 */
export async function completeDraftSteps(tx: Db, { orderId, template, message, userId, now }: CompleteDraftStepsInput): Promise<number> {
  const rows = await tx
    .select({ task: tasks, document: playbooks.document })
    .from(tasks)
    .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(and(eq(tasks.orderId, orderId), eq(tasks.kind, 'message'), eq(tasks.status, 'open'), eq(playbookRuns.status, 'active')));
  const runIds = new Set<string>();
  for (const { task, document } of rows) {
    const step = documentOf({ document }).steps.find((s) => s.key === task.stepKey);
    if (step?.template !== template || !step.draft) continue;
    await tx
      .update(tasks)
      .set({
        status: 'done',
        outcome: { message: { id: message.id, to: message.to, subject: message.subject, releasedAt: now.toISOString() } },
        completedAt: now,
        completedBy: userId,
        updatedAt: now,
      })
      .where(eq(tasks.id, task.id));
    runIds.add(task.runId!);
  }
  if (runIds.size > 0) {
    const cal = calendarOf(await getSettings(tx));
    for (const id of runIds) await advanceRun(tx, id, cal, now);
  }
  return runIds.size;
}

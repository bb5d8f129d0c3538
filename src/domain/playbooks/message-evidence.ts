// The evidence of a message step: the sent message about the run's order (message-steps.ts).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages, playbookRuns, playbooks, tasks } from '../../db/schema/index.js';
import { documentOf } from './queries.js';

export interface SentMessageEvidence {
  id: string;
  to: string;
  subject: string;
  messageId: string | null;
  sentAt: Date;
}

export const outcomeOf = (m: SentMessageEvidence) => ({
  message: { id: m.id, to: m.to, subject: m.subject, messageId: m.messageId, sentAt: m.sentAt.toISOString() },
});

/** The first sent message of this template about this order, if any. */
async function sentMessage(tx: Db, orderId: string, template: string): Promise<SentMessageEvidence | null> {
  const [m] = await tx
    .select({ id: messages.id, to: messages.to, subject: messages.subject, messageId: messages.messageId, sentAt: messages.sentAt })
    .from(messages)
    .where(and(eq(messages.orderId, orderId), eq(messages.template, template), eq(messages.status, 'sent')))
    .orderBy(asc(messages.sentAt))
    .limit(1);
  return m?.sentAt ? { ...m, sentAt: m.sentAt } : null;
}

/**
 * For steps just opened: a message step whose message already went out is done at once. Returns
 * the keys it completed (advanceRun then opens what they unblock).
 */
export async function settleOpenedMessageSteps(
  tx: Db,
  { orderId, taskIds, templates, now }: { orderId: string | null; taskIds: string[]; templates: Map<string, string>; now: Date },
): Promise<string[]> {
  if (!orderId || taskIds.length === 0) return [];
  const done: string[] = [];
  const rows = await tx
    .select({ id: tasks.id, stepKey: tasks.stepKey })
    .from(tasks)
    .where(and(inArray(tasks.id, taskIds), eq(tasks.kind, 'message'), eq(tasks.status, 'open')));
  for (const row of rows) {
    const template = row.stepKey ? templates.get(row.stepKey) : undefined;
    if (!template) continue;
    const m = await sentMessage(tx, orderId, template);
    if (!m) continue;
    await tx
      .update(tasks)
      .set({ status: 'done', outcome: outcomeOf(m), completedAt: m.sentAt, updatedAt: now })
      .where(eq(tasks.id, row.id));
    done.push(row.stepKey!);
  }
  return done;
}

/**
 * Says on the order's not-yet-done message steps of this template what they wait for ("shipped
 * without a tracking number …", "queued to jane@…"): kept in the task's outcome as `waitingFor`
 * until the sent message replaces it with itself.
 */
export async function noteMessageSteps(
  tx: Db,
  { orderId, template, waitingFor, now }: { orderId: string; template: string; waitingFor: string; now: Date },
): Promise<void> {
  const rows = await tx
    .select({ task: tasks, document: playbooks.document })
    .from(tasks)
    .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(
      and(
        eq(tasks.orderId, orderId),
        eq(tasks.kind, 'message'),
        inArray(tasks.status, ['open', 'waiting']),
        eq(playbookRuns.status, 'active'),
      ),
    );
  for (const { task, document } of rows) {
    const step = documentOf({ document }).steps.find((s) => s.key === task.stepKey);
    if (step?.template !== template) continue;
    await tx.update(tasks).set({ outcome: { waitingFor }, updatedAt: now }).where(eq(tasks.id, task.id));
  }
}

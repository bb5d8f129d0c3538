// Calendar invitations of call and meeting steps with `invite` (docs/invitations.md): when such a
// step is open with an assignee and a due time — as it opens, and again when it changes hands —
// the assignee (and, with `customer: true`, the account's mail contact) gets an invitation at the
// due time, through the outbox. In the caller's transaction; once per version (queueInvitation).
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { playbookRuns, playbooks, tasks } from '../../db/schema/index.js';
import { mailContactOf, queueInvitation } from '../messages/index.js';
import { systemActor, type Actor } from '../shared/index.js';
import { documentOf } from './queries.js';

/** Queues the invitations of these tasks' steps that ask for one; nothing for the others. */
export async function inviteForTasks(tx: Db, taskIds: string[], now: Date, actor: Actor = systemActor('playbooks')): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await tx
    .select({ task: tasks, document: playbooks.document })
    .from(tasks)
    .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(inArray(tasks.id, taskIds));
  for (const { task, document } of rows) {
    const invite = documentOf({ document }).steps.find((s) => s.key === task.stepKey)?.invite;
    if (!invite || task.status !== 'open' || !task.assigneeId || !task.dueAt || !task.accountId) continue;
    const common = {
      accountId: task.accountId,
      orderId: task.orderId,
      taskId: task.id,
      title: task.title,
      guidance: task.guidance,
      start: task.dueAt,
      minutes: invite.minutes,
      organizerId: task.assigneeId,
    };
    const ctx = { db: tx, actor, now };
    const contact = invite.customer ? await mailContactOf(tx, task.accountId) : null;
    const attendeeIds = { userIds: [task.assigneeId], contactIds: contact ? [contact.id] : [] };
    await queueInvitation(ctx, { ...common, to: { userId: task.assigneeId }, attendeeIds });
    if (contact) await queueInvitation(ctx, { ...common, to: { contactId: contact.id }, attendeeIds });
  }
}

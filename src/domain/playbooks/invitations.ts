// Calendar invitations of call and meeting steps with `invite` (docs/invitations.md): when such a
// step is open with an assignee and a due time — as it opens, when it changes hands, and when it is
// rescheduled — the assignee (and, with `customer: true`, the account's mail contact) gets an
// invitation at the due time, through the outbox; a previous assignee gets a cancellation, and so
// does everyone invited when the step is skipped. In the caller's transaction; once per version
// (queueInvitation).
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { PlaybookStep } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { messages, playbookRuns, playbooks, tasks } from '../../db/schema/index.js';
import { mailContactOf, queueInvitation } from '../messages/index.js';
import { systemActor, type Actor } from '../shared/index.js';
import { documentOf } from './queries.js';

type TaskRow = typeof tasks.$inferSelect;
type Invite = NonNullable<PlaybookStep['invite']>;

/** These tasks with their step's `invite`, for the steps that have one. */
async function invitingTasks(tx: Db, taskIds: string[]): Promise<{ task: TaskRow; invite: Invite }[]> {
  if (taskIds.length === 0) return [];
  const rows = await tx
    .select({ task: tasks, document: playbooks.document })
    .from(tasks)
    .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(inArray(tasks.id, taskIds));
  return rows.flatMap(({ task, document }) => {
    const invite = documentOf({ document }).steps.find((s) => s.key === task.stepKey)?.invite;
    return invite ? [{ task, invite }] : [];
  });
}

/** Who holds a live invitation to the task's event: each recipient whose last calendar mail for it was not a cancellation. */
async function invitedTo(tx: Db, taskId: string): Promise<{ userId: string | null; contactId: string | null }[]> {
  const sent = await tx
    .select({ userId: messages.userId, contactId: messages.contactId, template: messages.template })
    .from(messages)
    .where(and(eq(messages.taskId, taskId), inArray(messages.template, ['invitation', 'invitation_cancelled'])))
    .orderBy(desc(messages.calendarSequence), desc(messages.createdAt));
  const last = new Map<string, (typeof sent)[number]>();
  for (const m of sent) {
    const key = m.userId ?? m.contactId;
    if (key && !last.has(key)) last.set(key, m);
  }
  return [...last.values()].filter((m) => m.template === 'invitation');
}

const ctxOf = (tx: Db, actor: Actor, now: Date) => ({ db: tx, actor, now });

function eventOf(task: TaskRow, invite: Invite) {
  return {
    accountId: task.accountId!,
    orderId: task.orderId,
    taskId: task.id,
    title: task.title,
    guidance: task.guidance,
    start: task.dueAt!,
    minutes: invite.minutes,
  };
}

/**
 * Queues the invitations of these tasks' steps that ask for one; nothing for the others. A
 * colleague who held an invitation and no longer has the step gets its cancellation.
 */
export async function inviteForTasks(tx: Db, taskIds: string[], now: Date, actor: Actor = systemActor('playbooks')): Promise<void> {
  for (const { task, invite } of await invitingTasks(tx, taskIds)) {
    if (task.status !== 'open' || !task.assigneeId || !task.dueAt || !task.accountId) continue;
    const common = { ...eventOf(task, invite), organizerId: task.assigneeId };
    const ctx = ctxOf(tx, actor, now);
    for (const held of await invitedTo(tx, task.id))
      if (held.userId && held.userId !== task.assigneeId)
        await queueInvitation(ctx, {
          ...common,
          to: { userId: held.userId },
          cancel: { reason: 'a colleague has taken it over', because: 'handed_over' },
        });
    const contact = invite.customer ? await mailContactOf(tx, task.accountId) : null;
    const attendeeIds = { userIds: [task.assigneeId], contactIds: contact ? [contact.id] : [] };
    await queueInvitation(ctx, { ...common, to: { userId: task.assigneeId }, attendeeIds });
    if (contact) await queueInvitation(ctx, { ...common, to: { contactId: contact.id }, attendeeIds });
  }
}

/** Everyone who holds an invitation to these tasks' events gets its cancellation (the steps were skipped). */
export async function cancelInvitationsFor(tx: Db, taskIds: string[], reason: string, now: Date, actor: Actor): Promise<void> {
  for (const { task, invite } of await invitingTasks(tx, taskIds)) {
    if (!task.dueAt || !task.accountId) continue;
    const held = await invitedTo(tx, task.id);
    // The organizer of the cancellation: the step's assignee, else whoever held it last.
    const organizerId = task.assigneeId ?? held.find((h) => h.userId)?.userId;
    if (!organizerId) continue;
    const ctx = ctxOf(tx, actor, now);
    for (const h of held) {
      const to = h.userId ? { userId: h.userId } : { contactId: h.contactId! };
      await queueInvitation(ctx, { ...eventOf(task, invite), organizerId, to, cancel: { reason, because: 'skipped' } });
    }
  }
}

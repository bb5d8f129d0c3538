// Sign-offs, taking and assigning tasks; one transaction each.
import { and, eq } from 'drizzle-orm';
import type { Evidence } from '../../../contract/playbooks.js';
import type { AssignTask, RescheduleTask, SignOff, Task } from '../../../contract/tasks.js';
import { taskSignoffs, tasks, users } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { conflict, forbidden, FieldErrors, hasRole, recordAudit, type Actor, type UseCaseContext } from '../shared/index.js';
import { assertCanWork, assertOpen } from './complete-task.js';
import { inviteForTasks } from './invitations.js';
import { advanceRun, calendarOf } from './engine.js';
import { signoffProgress } from './gates.rules.js';
import { recordStepOnTimeline } from './step-timeline.js';
import { getTask, getTaskRow, type TaskRow } from './queries.js';

/**
 * One user's sign-off (P1.8). A second sign-off by the same user changes nothing (distinct users
 * count). When the requirement is met the task is done and its run moves on.
 */
export interface SignOffTaskInput {
  id: string;
  signOff: SignOff;
}

export async function signOffTask(ctx: UseCaseContext, { id, signOff: input }: SignOffTaskInput): Promise<Task> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const task = await getTaskRow(tx, id, true);
    const req = (task.evidence as Evidence | null)?.signoffs;
    // tasks.not_signoff: this task takes no sign-offs.
    if (!req) throw conflict('tasks.not_signoff', 'This task takes no sign-offs.');
    assertOpen(task);
    const roles = actor.roles.filter((r) => (req.roles as string[]).includes(r));
    // tasks.signoff_forbidden: a signer must hold one of the step's sign-off roles.
    if (!actor.userId || roles.length === 0)
      throw forbidden('tasks.signoff_forbidden', `A sign-off needs the role ${req.roles.join(' or ')}.`);
    const signed = await tx
      .insert(taskSignoffs)
      .values({ taskId: id, userId: actor.userId, roles: [...actor.roles], note: input.note ?? null, signedAt: now })
      .onConflictDoNothing()
      .returning({ taskId: taskSignoffs.taskId });
    // Each person's sign-off is on the account's timeline once, as the step's.
    if (signed.length > 0) await recordStepOnTimeline(tx, task, actor, { note: input.note, signedOffAs: roles }, now);
    const all = await tx
      .select({ userId: taskSignoffs.userId, roles: taskSignoffs.roles })
      .from(taskSignoffs)
      .where(eq(taskSignoffs.taskId, id));
    if (signoffProgress(req, all).isComplete) {
      await tx.update(tasks).set({ status: 'done', completedBy: actor.userId, completedAt: now, updatedAt: now }).where(eq(tasks.id, id));
      if (task.runId) await advanceRun(tx, task.runId, calendarOf(await getSettings(tx)), now);
    }
    await recordAudit(tx, actor, { action: 'tasks.signoff', entity: 'task', entityId: id, changes: { note: input.note } }, now);
  });
  return getTask(ctx, id);
}

/**
 * Who may change a task's hands: its assignee; a holder of its role while nobody holds it; a GM or
 * an admin. A colleague's task is not taken from under them by someone sharing the role.
 */
function assertMayHandOver(actor: Actor, task: Pick<TaskRow, 'assigneeId' | 'role'>): void {
  assertCanWork(actor, task);
  if (!task.assigneeId || task.assigneeId === actor.userId || hasRole(actor, 'admin', 'gm')) return;
  // tasks.forbidden: a colleague holds the task; only they, a GM or an admin may hand it over.
  throw forbidden('tasks.forbidden', 'A colleague has this task: they, a GM or an admin may hand it over.');
}

/** The signed-in user takes a task of one of their roles that nobody holds yet. */
export async function takeTask(ctx: UseCaseContext, id: string): Promise<Task> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const task = await getTaskRow(tx, id, true);
    assertMayHandOver(actor, task);
    // tasks.closed: a done or skipped task cannot change hands.
    if (task.status === 'done' || task.status === 'skipped') throw conflict('tasks.closed', `This task is already ${task.status}.`);
    await tx.update(tasks).set({ assigneeId: actor.userId, updatedAt: now }).where(eq(tasks.id, id));
    // A call or meeting with `invite`: the new assignee gets the invitation (same event, next SEQUENCE).
    await inviteForTasks(tx, [id], now, actor);
    await recordAudit(
      tx,
      actor,
      { action: 'tasks.take', entity: 'task', entityId: id, changes: { assigneeId: { from: task.assigneeId, to: actor.userId } } },
      now,
    );
  });
  return getTask(ctx, id);
}

/** Gives a task to someone (or back to its role with null): see assertMayHandOver for who may. */
export interface AssignTaskInput {
  id: string;
  assignment: AssignTask;
}

export async function assignTask(ctx: UseCaseContext, { id, assignment: input }: AssignTaskInput): Promise<Task> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const task = await getTaskRow(tx, id, true);
    assertMayHandOver(actor, task);
    if (task.status === 'done' || task.status === 'skipped') throw conflict('tasks.closed', `This task is already ${task.status}.`);
    if (input.userId) {
      const [u] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, input.userId), eq(users.active, true)));
      const errors = new FieldErrors();
      if (!u) errors.add('userId', `is not an active user: ${input.userId}`);
      // tasks.invalid: the assignment names no active user.
      errors.throwIfAny('tasks.invalid');
    }
    await tx.update(tasks).set({ assigneeId: input.userId, updatedAt: now }).where(eq(tasks.id, id));
    await inviteForTasks(tx, [id], now, actor);
    await recordAudit(
      tx,
      actor,
      { action: 'tasks.assign', entity: 'task', entityId: id, changes: { assigneeId: { from: task.assigneeId, to: input.userId } } },
      now,
    );
  });
  return getTask(ctx, id);
}

/**
 * Moves an open task's due time (see assertMayHandOver for who may). A call or meeting step with
 * `invite` sends everyone invited the updated event: same UID, next SEQUENCE (docs/invitations.md).
 */
export interface RescheduleTaskInput {
  id: string;
  reschedule: RescheduleTask;
}

export async function rescheduleTask(ctx: UseCaseContext, { id, reschedule }: RescheduleTaskInput): Promise<Task> {
  const { actor, now } = ctx;
  const dueAt = new Date(reschedule.dueAt);
  await ctx.db.transaction(async (tx) => {
    const task = await getTaskRow(tx, id, true);
    assertMayHandOver(actor, task);
    if (task.status === 'done' || task.status === 'skipped') throw conflict('tasks.closed', `This task is already ${task.status}.`);
    const errors = new FieldErrors();
    if (task.kind === 'wait') errors.add('dueAt', 'a wait step has no due time: it is done by the event it waits for');
    else if (task.status === 'waiting') errors.add('dueAt', 'the step waits for an earlier step: it gets its due time when it opens');
    else if (dueAt.getTime() < now.getTime()) errors.add('dueAt', `is in the past (now is ${now.toISOString()})`);
    errors.throwIfAny('tasks.invalid');
    if (task.dueAt?.getTime() === dueAt.getTime()) return;
    await tx.update(tasks).set({ dueAt, updatedAt: now }).where(eq(tasks.id, id));
    await inviteForTasks(tx, [id], now, actor);
    await recordAudit(
      tx,
      actor,
      {
        action: 'tasks.reschedule',
        entity: 'task',
        entityId: id,
        changes: { dueAt: { from: task.dueAt?.toISOString() ?? null, to: dueAt.toISOString() } },
      },
      now,
    );
  });
  return getTask(ctx, id);
}

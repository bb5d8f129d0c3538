// Working a problem (docs/problems.md), one transaction: its root cause, origin, responsible person
// (named or confirmed by a GM or an admin), the product claim, the corrective action, the preventive
// action (which gives its owner a task, due on its day) and its status — closing refused (409) until
// the preventive action is done or marked "none needed" with a reason.
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { PROBLEM_WORK_FIELDS, type ProblemDetail, type UpdateProblem } from '../../../contract/problems.js';
import type { Db } from '../../db/client.js';
import { problems, tasks } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { assertRole, conflict, diff, FieldErrors, forbidden, hasRole, recordAudit, type UseCaseContext } from '../shared/index.js';
import { isActiveUser, repsOfOrder } from './open-problem.js';
import { refreshProblemDue } from './problem-due.js';
import { PROBLEM_MANAGER_ROLES, PROBLEM_REPORTER_ROLES, proposeResponsible, statusChangeProblems } from './problems.rules.js';
import { getProblem, lockProblem } from './queries.js';

export interface UpdateProblemInput {
  id: string;
  patch: UpdateProblem;
}

type ProblemRow = typeof problems.$inferSelect;

const isDone = async (tx: Db, taskId: string | null) => {
  if (!taskId) return false;
  const [t] = await tx.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, taskId));
  return t?.status === 'done';
};

/**
 * Gives the preventive action's owner its task, or keeps the open task in step with a changed action;
 * an action taken away skips its open task (a done one stays done, and stays the problem's).
 */
async function syncPreventiveTask(tx: Db, row: ProblemRow, next: ProblemRow, zone: string, now: Date): Promise<string | null> {
  const { preventiveAction: action, preventiveOwnerId: ownerId, preventiveDueOn: dueOn } = next;
  if (!action && row.preventiveTaskId) {
    const skipped = await tx
      .update(tasks)
      .set({ status: 'skipped', completedAt: now, updatedAt: now })
      .where(and(eq(tasks.id, row.preventiveTaskId), eq(tasks.status, 'open')))
      .returning({ id: tasks.id });
    return skipped.length > 0 ? null : row.preventiveTaskId;
  }
  if (!action || !ownerId || !dueOn) return row.preventiveTaskId;
  const values = {
    title: `Prevent it happening again: ${action.slice(0, 150)}`,
    guidance: `${next.preventiveKind === 'process' ? 'A process change' : 'A training update'} after a problem at a customer (${next.category}): ${action}. Mark this done when it is in place.`,
    assigneeId: ownerId,
    dueAt: DateTime.fromISO(dueOn, { zone }).endOf('day').toJSDate(),
    updatedAt: now,
  };
  if (row.preventiveTaskId) {
    const [t] = await tx.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, row.preventiveTaskId));
    if (t?.status === 'open') await tx.update(tasks).set(values).where(eq(tasks.id, row.preventiveTaskId));
    return row.preventiveTaskId;
  }
  const [task] = await tx
    .insert(tasks)
    .values({ ...values, kind: 'task', accountId: row.accountId, status: 'open', evidence: {}, createdAt: now })
    .returning({ id: tasks.id });
  return task!.id;
}

export async function updateProblem(ctx: UseCaseContext, { id, patch }: UpdateProblemInput): Promise<ProblemDetail> {
  const { actor, now } = ctx;
  // auth.forbidden: only the staff who hear from customers work problems.
  assertRole(actor, ...PROBLEM_REPORTER_ROLES);
  const isManager = hasRole(actor, ...PROBLEM_MANAGER_ROLES);
  // problems.forbidden: naming or confirming the responsible person, and closing, are the GM's (or an admin's).
  if (!isManager && (patch.responsibleUserId !== undefined || patch.confirmResponsible))
    throw forbidden('problems.forbidden', 'Only a GM or an admin names or confirms who is responsible.');
  if (!isManager && patch.status === 'closed') throw forbidden('problems.forbidden', 'Only a GM or an admin closes a problem.');

  return ctx.db.transaction(async (tx) => {
    const row = await lockProblem(tx, id);
    const settings = await getSettings(tx);
    const errors = new FieldErrors();
    for (const [field, userId] of [
      ['responsibleUserId', patch.responsibleUserId],
      ['preventiveOwnerId', patch.preventiveOwnerId],
    ] as const)
      if (userId && !(await isActiveUser(tx, userId))) errors.add(field, `is not an active staff member: ${userId}`);
    if (patch.preventiveDueOn && !DateTime.fromISO(patch.preventiveDueOn).isValid)
      errors.add('preventiveDueOn', `is not a calendar date: "${patch.preventiveDueOn}"`);
    if (patch.confirmResponsible && patch.responsibleUserId === undefined && !row.responsibleUserId)
      errors.add('confirmResponsible', 'nobody is proposed yet: name the responsible person');

    const next: ProblemRow = { ...row };
    const take = <K extends keyof UpdateProblem & keyof ProblemRow>(k: K) => {
      const v = patch[k];
      if (v !== undefined) (next as Record<string, unknown>)[k] = typeof v === 'string' && v.trim() === '' ? null : v;
    };
    take('category');
    PROBLEM_WORK_FIELDS.forEach(take);
    if (next.preventiveAction && !next.preventiveNoneNeeded) {
      if (!next.preventiveOwnerId) errors.add('preventiveOwnerId', 'is required with a preventive action: who makes the change');
      if (!next.preventiveDueOn) errors.add('preventiveDueOn', 'is required with a preventive action: by when');
    }
    if (next.preventiveNoneNeeded && next.preventiveAction && patch.preventiveNoneNeeded)
      errors.add('preventiveNoneNeeded', 'this problem has a preventive action: clear it first');
    // problems.invalid: a field does not fit (an unknown person, a preventive action without owner or date); errors[] names each.
    errors.throwIfAny('problems.invalid');

    // The responsible person: named by a manager (confirmed at once), confirmed as proposed, or
    // proposed from the order's rep when the origin becomes a sale expectation with nobody yet.
    if (patch.responsibleUserId !== undefined) {
      next.responsibleUserId = patch.responsibleUserId ?? null;
      next.responsibleSource = patch.responsibleUserId ? 'named' : null;
      next.responsibleConfirmedAt = patch.responsibleUserId ? now : null;
      next.responsibleConfirmedBy = patch.responsibleUserId ? actor.userId : null;
    } else if (patch.confirmResponsible) {
      next.responsibleConfirmedAt = now;
      next.responsibleConfirmedBy = actor.userId;
    } else if (!next.responsibleUserId && next.origin === 'sale_expectation' && row.orderId) {
      const proposed = proposeResponsible(next.origin, { named: null, ...(await repsOfOrder(tx, row.orderId)) });
      next.responsibleUserId = proposed?.userId ?? null;
      next.responsibleSource = proposed?.source ?? null;
    }

    next.preventiveTaskId = await syncPreventiveTask(tx, row, next, settings.timezone, now);
    if (patch.status && patch.status !== row.status) {
      const missing = statusChangeProblems(
        {
          status: row.status,
          correctiveAction: next.correctiveAction,
          preventiveAction: next.preventiveAction,
          isPreventiveDone: await isDone(tx, next.preventiveTaskId),
          preventiveNoneNeeded: next.preventiveNoneNeeded,
          preventiveNoneReason: next.preventiveNoneReason,
        },
        patch.status,
      );
      // problems.status_blocked: the status cannot move there yet; errors[] names what is missing.
      if (missing.length > 0)
        throw conflict(
          'problems.status_blocked',
          `Cannot move this problem to ${patch.status}: ${missing.map((m) => `${m.path} ${m.message}`).join('; ')}.`,
          missing,
        );
      next.status = patch.status;
      if (patch.status === 'closed') next.closedAt = now;
    }
    next.updatedAt = now;
    const { id: _id, ...values } = next;
    await tx.update(problems).set(values).where(eq(problems.id, id));
    if (next.status !== row.status) await refreshProblemDue(tx, row.accountId);
    await recordAudit(tx, actor, { action: 'problems.update', entity: 'problem', entityId: id, changes: diff(row, next) }, now);
    return getProblem({ db: tx, now }, id);
  });
}

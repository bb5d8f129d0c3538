// Completing a task with the evidence its step asks for (docs/domain.md §3); one transaction.
import { eq } from 'drizzle-orm';
import type { Evidence } from '../../../contract/playbooks.js';
import type { CompleteTask, Task } from '../../../contract/tasks.js';
import { contacts, hotButtons, tasks } from '../../db/schema/index.js';
import { notePreventiveDone, openProblem, PROBLEM_REPORTER_ROLES } from '../problems/index.js';
import { getSettings } from '../settings/index.js';
import { conflict, FieldErrors, forbidden, hasRole, recordAudit, systemActor, type Actor, type UseCaseContext } from '../shared/index.js';
import { askCustomerForMissing, asksOf } from './ask-for-missing.js';
import { advanceRun, calendarOf } from './engine.js';
import { cancelInvitationsFor } from './invitations.js';
import { createReferralRequest } from '../referrals/index.js';
import { requestTestimonial } from '../testimonials/index.js';
import { getTask, getTaskRow, type TaskRow } from './queries.js';
import { recordStepOnTimeline } from './step-timeline.js';

export interface CompleteTaskInput {
  id: string;
  completion: CompleteTask;
}

/** The assignee, anyone with the task's role, a GM or an admin may work a task. */
export function assertCanWork(actor: Actor, task: Pick<TaskRow, 'assigneeId' | 'role'>): void {
  if (task.assigneeId && task.assigneeId === actor.userId) return;
  if (task.role && actor.roles.includes(task.role)) return;
  if (hasRole(actor, 'admin', 'gm')) return;
  // tasks.forbidden: the actor is neither the assignee nor holds the task's role (nor gm/admin).
  throw forbidden('tasks.forbidden', `This task is for ${task.role ?? 'its assignee'}.`);
}

export function assertOpen(task: TaskRow): void {
  if (task.status === 'open') return;
  // tasks.not_open: the task is waiting for earlier steps, or already done or skipped.
  throw conflict(
    'tasks.not_open',
    task.status === 'waiting' ? 'This task waits for earlier steps to be done.' : `This task is already ${task.status}.`,
    undefined,
    {
      status: task.status,
    },
  );
}

export async function completeTask(ctx: UseCaseContext, { id, completion: input }: CompleteTaskInput): Promise<Task> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const task = await getTaskRow(tx, id, true);
    assertCanWork(actor, task);
    assertOpen(task);
    const evidence = (task.evidence ?? {}) as Evidence;
    const errors = new FieldErrors();
    if (input.askedFor !== undefined) {
      if (!evidence.canBeIncomplete) errors.add('askedFor', 'is only for a step that can be found incomplete (a data-package review)');
      if (input.skip) errors.add('skip', 'cannot go with askedFor: the step stays open until what was asked for is in');
      // tasks.evidence_missing: askedFor on a step that cannot be incomplete (named in errors[]).
      errors.throwIfAny('tasks.evidence_missing');
      await askCustomerForMissing(tx, { task, actor, askedFor: input.askedFor, note: input.note, now });
      return;
    }
    if (input.skip) {
      if (!input.note) errors.add('note', 'is required to skip a task (say why)');
      if (task.gateStatus) errors.add('skip', 'a gating task cannot be skipped; an admin may override the gate on the order');
    } else {
      if (task.kind === 'wait') errors.add('(root)', 'a wait step is done by its event, not by hand');
      if (evidence.note && !input.note) errors.add('note', 'is required for this task');
      for (const item of evidence.checklist ?? []) if (input.checklist?.[item] !== true) errors.add(`checklist.${item}`, 'must be ticked');
      if (evidence.callOutcome && !input.callOutcome)
        errors.add('callOutcome', 'is required: choose reached them, left a message or no answer');
      // P4.3: a quote's follow-up call that reached them says where the quote stands.
      if (input.quoteOutcome && !task.quoteId) errors.add('quoteOutcome', 'is only for a task about a quote');
      else if (input.quoteOutcome && input.callOutcome !== 'reached') errors.add('quoteOutcome', 'is only for a call that reached them');
      else if (evidence.quoteOutcome && input.callOutcome === 'reached' && !input.quoteOutcome)
        errors.add(
          'quoteOutcome',
          'is required when the call reached them: still deciding, wants changes, going ahead or chose someone else',
        );
      // tasks.evidence_missing is thrown below; sign-offs complete the task by themselves.
      if (evidence.signoffs) errors.add('signoffs', `needs ${evidence.signoffs.count} sign-offs (POST /tasks/${id}/signoffs)`);
      if (evidence.form === 'after_yes') {
        if (input.wentWell === undefined) errors.add('wentWell', 'is required');
        if (input.thanked === undefined) errors.add('thanked', 'is required');
        if (input.nextOrderAsked === undefined) errors.add('nextOrderAsked', 'is required');
        if (task.accountId) {
          const hbs = await tx.select({ id: hotButtons.id }).from(hotButtons).where(eq(hotButtons.accountId, task.accountId));
          const answered = new Set((input.hotButtons ?? []).map((h) => h.hotButtonId));
          const known = new Set(hbs.map((h) => h.id));
          hbs.forEach((h) => {
            if (!answered.has(h.id)) errors.add(`hotButtons.${h.id}`, 'needs satisfied, not_satisfied or unknown');
          });
          (input.hotButtons ?? []).forEach((h, i) => {
            if (!known.has(h.hotButtonId)) errors.add(`hotButtons.${i}.hotButtonId`, 'is not a hot button of this account');
          });
        }
      }
      if (evidence.form === 'product_check' && input.needMet === undefined) errors.add('needMet', 'is required');
    }
    // P2.4: a testimonial asked on the way — for a contact of the task's account with an address.
    if (input.testimonial) {
      const [contact] = await tx.select().from(contacts).where(eq(contacts.id, input.testimonial.contactId));
      if (input.skip) errors.add('testimonial', 'a skipped task asks nothing of the customer');
      else if (!task.accountId) errors.add('testimonial', 'is only for a task about an account');
      else if (!contact || contact.accountId !== task.accountId)
        errors.add('testimonial.contactId', 'is not a contact of the task’s account');
      else if (!contact.email) errors.add('testimonial.contactId', `${contact.name} has no email address`);
    }
    // tasks.evidence_missing: completing needs evidence the step asks for (each missing field named).
    errors.throwIfAny('tasks.evidence_missing');

    // P5.5: a referral asked for in the after-yes follow-up goes through the same gate as any other.
    if (evidence.form === 'after_yes' && input.referralAsked && !input.skip && task.accountId)
      await createReferralRequest(
        { db: tx, actor, now },
        { accountId: task.accountId, request: { note: `Asked in "${task.title}"${input.note ? `: ${input.note}` : ''}` } },
      );
    const asked =
      input.testimonial && !input.skip && task.accountId
        ? await requestTestimonial({ db: tx, actor, now }, { accountId: task.accountId, ...input.testimonial })
        : null;
    const { skip, testimonial: _proposed, ...answered } = input;
    const given = asked ? { ...answered, testimonialId: asked.id } : answered;
    // What was asked of the customer on the way stays with the step.
    const asks = asksOf(task.outcome);
    const outcome = asks.length > 0 ? { ...given, asks } : given;
    await tx
      .update(tasks)
      .set({ status: skip ? 'skipped' : 'done', outcome, completedBy: actor.userId, completedAt: now, updatedAt: now })
      .where(eq(tasks.id, id));
    // A skipped call or meeting is taken out of the calendars it was put in.
    if (skip) await cancelInvitationsFor(tx, [id], 'it will not take place', now, actor);
    if (!skip) {
      const { note, callOutcome, quoteOutcome } = input;
      await recordStepOnTimeline(tx, task, actor, { note, callOutcome, quoteOutcome }, now);
      // A preventive action done prevents its problem (docs/problems.md).
      if (!task.runId) await notePreventiveDone(tx, { taskId: id, actor, now });
    }
    const related = { accountId: task.accountId, orderId: task.orderId, quoteId: task.quoteId, createdAt: now, updatedAt: now };
    // P5.4: each other problem the customer named becomes a task for whoever heard it.
    if (input.problems && input.problems.length > 0) {
      await tx.insert(tasks).values(
        input.problems.map((p): typeof tasks.$inferInsert => ({
          ...related,
          title: `Solve: ${p}`,
          kind: 'task',
          role: task.role,
          assigneeId: actor.userId,
          dueAt: null,
          status: 'open',
        })),
      );
    }
    // P5.4 → P3.4: a hot button not satisfied is a problem traced to the sale, the rep who captured it
    // proposed as responsible (docs/problems.md). Once per task and hot button: a replay opens nothing more.
    if (evidence.form === 'after_yes' && !skip && task.accountId) {
      const unmet = (input.hotButtons ?? []).filter((h) => h.result === 'not_satisfied');
      const rows = unmet.length > 0 ? await tx.select().from(hotButtons).where(eq(hotButtons.accountId, task.accountId)) : [];
      const opener = hasRole(actor, ...PROBLEM_REPORTER_ROLES) ? actor : systemActor(`after-yes follow-up by ${actor.name}`);
      for (const answer of unmet) {
        const hb = rows.find((r) => r.id === answer.hotButtonId)!;
        await openProblem(
          { db: tx, actor: opener, now },
          {
            accountId: task.accountId,
            orderId: task.orderId,
            source: 'hot_button',
            category: 'Hot button not satisfied',
            description: answer.note ? `${hb.text} — ${answer.note}` : hb.text,
            origin: 'sale_expectation',
            productClaim: hb.text.slice(0, 1000),
            ...(hb.capturedBy && { proposed: { userId: hb.capturedBy, source: 'hot_button' as const } }),
            sourceKey: `hot-button:${task.id}:${hb.id}`,
          },
        );
      }
    }
    // P2.2: a product that does not meet the need brings the whole organisation — the GM leads —
    // and is a problem traced like any other (docs/problems.md). Once per task.
    if (evidence.form === 'product_check' && input.needMet === false && task.accountId) {
      await openProblem(
        { db: tx, actor: hasRole(actor, ...PROBLEM_REPORTER_ROLES) ? actor : systemActor(`second-order care by ${actor.name}`), now },
        {
          accountId: task.accountId,
          orderId: task.orderId,
          source: 'task',
          category: 'Product does not meet the need',
          description: input.note?.trim() || 'The customer says the product does not meet their need.',
          origin: 'product',
          sourceKey: `product-check:${task.id}`,
        },
      );
    }
    if (evidence.form === 'product_check' && input.needMet === false) {
      await tx.insert(tasks).values({
        ...related,
        title: 'Product does not meet the need: bring all hands',
        guidance: `Reported by ${actor.name}: ${input.note ?? 'no note'}. Pull in engineering, quality and operations today and agree a fix with the customer.`,
        kind: 'task',
        role: 'gm',
        dueAt: now,
        status: 'open',
      });
    }
    if (task.runId) await advanceRun(tx, task.runId, calendarOf(await getSettings(tx)), now);
    await recordAudit(tx, actor, { action: skip ? 'tasks.skip' : 'tasks.complete', entity: 'task', entityId: id, changes: outcome }, now);
  });
  return getTask(ctx, id);
}

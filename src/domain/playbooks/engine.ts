// The engine's writes: start a run once per (playbook version, subject, trigger event), open
// steps as their requires are done, finish or stop runs. Always called inside a transaction.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { OrderStatus } from '../../../contract/orders.js';
import type { PlaybookDocument, PlaybookStep } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { accountTeam, domainEvents, playbookRuns, playbooks, tasks, users } from '../../db/schema/index.js';
import { withdrawDrafts } from '../messages/index.js';
import { addOffset, calendarOf, systemActor, type BusinessCalendar } from '../shared/index.js';
import { capDue, draftKey, draftStepMessages, promisedDeadline } from './message-drafts.js';
import { cancelInvitationsFor, inviteForTasks } from './invitations.js';
import { settleOpenedMessageSteps } from './message-evidence.js';
import { sendsItsMessage, sendStepMessages } from './message-sends.js';
import { sendStepSurveys } from './survey-steps.js';
import { accountHasJourney, beginJourney, syncJourney } from './journey-stages.js';
import { stagesOf } from './journey.rules.js';
import { gateBlocks } from './gates.rules.js';
import { documentOf, type PlaybookRow, type RunRow } from './queries.js';
import { fillFromEvent, resolveAssignee, stepsToOpen, type StepState } from './steps.rules.js';

export { calendarOf };

export interface EngineEvent {
  id: number;
  type: string;
  subjectType: string;
  subjectId: string;
  accountId: string | null;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** The opened steps that send a calendar invitation (the rest cost no query). */
const invitesOf = (opened: { step: PlaybookStep; taskId: string }[]) => opened.filter((o) => o.step.invite).map((o) => o.taskId);

const dueOf = (step: PlaybookStep, from: Date, cal: BusinessCalendar) => addOffset(from, step.due.offset, step.due.businessDays, cal);

/**
 * Starts a run of this playbook version for the event's subject, with one task per step.
 * `insert … on conflict do nothing` on playbook_runs_once_key: a replayed or retried event
 * starts nothing new. Returns the run id, or null when it already existed.
 */
export async function startRun(tx: Db, pb: PlaybookRow, event: EngineEvent, cal: BusinessCalendar, now: Date): Promise<string | null> {
  const doc = documentOf(pb);
  // An onboarding journey (steps with stages) is one per account: a second start is no start.
  const isJourney = stagesOf(doc).length > 0;
  if (isJourney && (!event.accountId || (await accountHasJourney(tx, event.accountId)))) return null;
  const orderId = event.subjectType === 'order' ? event.subjectId : null;
  const quoteId = event.subjectType === 'quote' ? event.subjectId : null;
  const [run] = await tx
    .insert(playbookRuns)
    .values({
      playbookId: pb.id,
      playbookKey: pb.key,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      accountId: event.accountId,
      orderId,
      quoteId,
      triggerEventId: event.id,
      status: 'active',
      startedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: playbookRuns.id });
  if (!run) return null;
  // Who serves the account (docs/domain.md §3): an inactive member gets nothing, the role's pool does.
  const team = event.accountId
    ? await tx
        .select({ userId: accountTeam.userId, role: accountTeam.role })
        .from(accountTeam)
        .innerJoin(users, eq(users.id, accountTeam.userId))
        .where(and(eq(accountTeam.accountId, event.accountId), eq(users.active, true)))
    : [];
  const deadline = doc.steps.some((s) => s.due.notAfter) ? await promisedDeadline(tx, orderId, cal.timezone) : null;
  const inserted = await tx
    .insert(tasks)
    .values(
      doc.steps.map((step): typeof tasks.$inferInsert => {
        const isOpen = step.requires.length === 0;
        const who = resolveAssignee(step.role, team);
        return {
          runId: run.id,
          stepKey: step.key,
          title: fillFromEvent(step.title, event.payload),
          guidance: fillFromEvent(step.guidance, event.payload) || null,
          kind: step.kind,
          accountId: event.accountId,
          orderId,
          quoteId,
          role: who.role,
          assigneeId: who.assigneeId,
          // Due dates count from the trigger's business time (an order's placedAt), not from dispatch.
          dueAt: isOpen && step.kind !== 'wait' ? capDue(step, dueOf(step, event.occurredAt, cal), deadline) : null,
          status: isOpen ? 'open' : 'waiting',
          requires: step.requires,
          evidence: step.evidence,
          gateStatus: step.gate ?? null,
          stage: step.stage ?? null,
          createdAt: now,
          updatedAt: now,
        };
      }),
    )
    .returning({ id: tasks.id, stepKey: tasks.stepKey, status: tasks.status });
  if (isJourney) await beginJourney(tx, { runId: run.id, accountId: event.accountId!, doc, now });
  const opened = inserted
    .filter((t) => t.status === 'open')
    .map((t) => ({ step: doc.steps.find((s) => s.key === t.stepKey)!, taskId: t.id }));
  await draftStepMessages(tx, { run: { orderId, accountId: event.accountId, triggerEventId: event.id }, opened, now });
  await inviteForTasks(tx, invitesOf(opened), now);
  // A progress update held back by the cadence guard, or a survey sent, is done at once: what it unblocks opens.
  const settledAtOnce = [
    ...(await sendStepMessages(tx, { run: { orderId, accountId: event.accountId }, opened, now })),
    ...(await sendStepSurveys(tx, { run: { orderId, accountId: event.accountId }, opened, now })),
  ];
  if (settledAtOnce.length > 0) await advanceRun(tx, run.id, cal, now);
  return run.id;
}

async function runDocument(tx: Db, run: RunRow): Promise<PlaybookDocument> {
  const [pb] = await tx.select().from(playbooks).where(eq(playbooks.id, run.playbookId));
  return documentOf(pb!);
}

/** Opens the run's waiting steps whose requires are done; completes the run when nothing is left. */
export async function advanceRun(tx: Db, runId: string, cal: BusinessCalendar, now: Date): Promise<void> {
  const [run] = await tx.select().from(playbookRuns).where(eq(playbookRuns.id, runId)).for('update');
  if (!run || run.status !== 'active') return;
  const doc = await runDocument(tx, run);
  const rows = await tx.select().from(tasks).where(eq(tasks.runId, runId)).orderBy(asc(tasks.createdAt));
  const byStep = new Map(rows.filter((t) => t.stepKey).map((t) => [t.stepKey!, t]));
  const states = new Map<string, StepState>([...byStep].map(([k, t]) => [k, t.status]));
  let triggerAt: Date | undefined;
  // Steps that send their own message are done by that message only (message-sends.ts), not by any of its template.
  const templates = new Map(
    doc.steps.filter((s) => s.kind === 'message' && s.template && !sendsItsMessage(s)).map((s) => [s.key, s.template!]),
  );
  const deadline = doc.steps.some((s) => s.due.notAfter) ? await promisedDeadline(tx, run.orderId, cal.timezone) : null;
  for (let opened = stepsToOpen(doc.steps, states); opened.length > 0; opened = stepsToOpen(doc.steps, states)) {
    const openedIds: string[] = [];
    const openedSteps: { step: PlaybookStep; taskId: string }[] = [];
    for (const key of opened) {
      const step = doc.steps.find((s) => s.key === key)!;
      let from: Date;
      if (step.due.after === 'trigger') {
        if (!triggerAt) {
          const [ev] = await tx.select({ at: domainEvents.occurredAt }).from(domainEvents).where(eq(domainEvents.id, run.triggerEventId));
          triggerAt = ev?.at ?? run.startedAt;
        }
        from = triggerAt;
      } else {
        from = byStep.get(step.due.after)?.completedAt ?? now;
      }
      await tx
        .update(tasks)
        .set({ status: 'open', dueAt: step.kind === 'wait' ? null : capDue(step, dueOf(step, from, cal), deadline), updatedAt: now })
        .where(eq(tasks.id, byStep.get(key)!.id));
      states.set(key, 'open');
      openedIds.push(byStep.get(key)!.id);
      openedSteps.push({ step, taskId: byStep.get(key)!.id });
    }
    await draftStepMessages(tx, {
      run: { orderId: run.orderId, accountId: run.accountId, triggerEventId: run.triggerEventId },
      opened: openedSteps,
      now,
    });
    await inviteForTasks(tx, invitesOf(openedSteps), now);
    const heldBack = await sendStepMessages(tx, { run: { orderId: run.orderId, accountId: run.accountId }, opened: openedSteps, now });
    // A message step whose message already went out is done at once; what it unblocks opens next round.
    const surveyed = await sendStepSurveys(tx, { run: { orderId: run.orderId, accountId: run.accountId }, opened: openedSteps, now });
    const settled = [
      ...heldBack,
      ...surveyed,
      ...(await settleOpenedMessageSteps(tx, { orderId: run.orderId, taskIds: openedIds, templates, now })),
    ];
    if (settled.length === 0) break;
    for (const key of settled) {
      states.set(key, 'done');
      const [t] = await tx
        .select({ completedAt: tasks.completedAt })
        .from(tasks)
        .where(eq(tasks.id, byStep.get(key)!.id));
      byStep.set(key, { ...byStep.get(key)!, completedAt: t?.completedAt ?? now });
    }
  }
  if ([...states.values()].every((s) => s === 'done' || s === 'skipped')) {
    await tx.update(playbookRuns).set({ status: 'completed', finishedAt: now }).where(eq(playbookRuns.id, runId));
  }
  await syncJourney(tx, { runId, doc, now });
}

/** Why a stopped run's unsent drafts were withdrawn, by the event that stopped it. */
const STOPPED_BY: Partial<Record<string, string>> = {
  'order.late_risk': 'the expected date moved again, and the newer notice replaces this one',
};

/** Stops the subject's active runs whose playbook lists this event in stopOn: open and waiting tasks are skipped, unsent drafts withdrawn. */
export async function stopRuns(tx: Db, event: EngineEvent, now: Date): Promise<number> {
  const runs = await tx
    .select({ run: playbookRuns, document: playbooks.document })
    .from(playbookRuns)
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(and(eq(playbookRuns.subjectId, event.subjectId), eq(playbookRuns.status, 'active')));
  let stopped = 0;
  for (const { run, document } of runs) {
    const doc = documentOf({ document });
    // A run is not stopped by the event that started it (a replayed event changes nothing).
    if (!doc.stopOn.includes(event.type as never) || run.triggerEventId === event.id) continue;
    // What the run drafted and nobody sent goes with it (a newer late-risk episode drafts its own notice).
    if (run.orderId)
      await withdrawDrafts(
        tx,
        doc.steps.filter((st) => st.draft && st.template).map((st) => draftKey(st.template!, run.orderId!, run.triggerEventId)),
        `Not sent: ${STOPPED_BY[event.type] ?? `its playbook stopped (${event.type})`}.`,
        now,
      );
    const skipped = await tx
      .update(tasks)
      .set({ status: 'skipped', outcome: { stoppedBy: event.type }, updatedAt: now })
      .where(and(eq(tasks.runId, run.id), inArray(tasks.status, ['open', 'waiting'])))
      .returning({ id: tasks.id });
    // A call or meeting it had put in calendars is taken out of them again.
    await cancelInvitationsFor(
      tx,
      skipped.map((t) => t.id),
      'its playbook stopped',
      now,
      systemActor('playbooks'),
    );
    await tx
      .update(playbookRuns)
      .set({ status: 'cancelled', finishedAt: now, cancelReason: event.type })
      .where(eq(playbookRuns.id, run.id));
    stopped += 1;
  }
  return stopped;
}

/** Completes the subject's open `wait` steps waiting for this event, then advances their runs. */
export async function completeWaits(tx: Db, event: EngineEvent, cal: BusinessCalendar, now: Date): Promise<void> {
  const rows = await tx
    .select({ task: tasks, document: playbooks.document })
    .from(tasks)
    .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(
      and(
        eq(playbookRuns.subjectId, event.subjectId),
        eq(playbookRuns.status, 'active'),
        eq(tasks.kind, 'wait'),
        inArray(tasks.status, ['open', 'waiting']),
      ),
    );
  const runIds = new Set<string>();
  for (const { task, document } of rows) {
    const step = documentOf({ document }).steps.find((s) => s.key === task.stepKey);
    if (step?.until !== event.type) continue;
    // Lands on the status or past it on the order's path (an import may jump): the relation of a gate.
    const to = event.payload['to'];
    if (step.toStatus && !(typeof to === 'string' && gateBlocks(step.toStatus, to as OrderStatus))) continue;
    // The business time of the event: ship-day steps count from when the order shipped.
    await tx
      .update(tasks)
      .set({ status: 'done', completedAt: event.occurredAt, outcome: { event: event.type, eventId: event.id }, updatedAt: now })
      .where(eq(tasks.id, task.id));
    runIds.add(task.runId!);
  }
  for (const id of runIds) await advanceRun(tx, id, cal, now);
}

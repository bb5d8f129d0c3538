// Reading an account's onboarding journey (docs/journeys.md): its stages with entered and completed
// times, each stage's open tasks with the checklist items still to tick, its executive calls, and
// its survey with the scores given.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { JOURNEY_STAGE_LABELS, type AccountJourney, type Journey, type JourneyTask } from '../../../contract/journeys.js';
import type { Evidence } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import {
  accounts,
  domainEvents,
  journeyStages,
  orders,
  playbookRuns,
  playbooks,
  surveyInvitations,
  surveyResponses,
  surveys,
  tasks,
  users,
} from '../../db/schema/index.js';
import { documentOf } from '../playbooks/index.js';
import { getCachedSettings } from '../settings/index.js';
import { notFound, type ReadContext } from '../shared/index.js';

type TaskRow = typeof tasks.$inferSelect & { assigneeName: string | null };

const isExecutiveCallRow = (t: Pick<TaskRow, 'kind' | 'role'>) => t.kind === 'call' && t.role === 'executive';

export function presentJourneyTask(t: TaskRow, now: Date): JourneyTask {
  const evidence = (t.evidence ?? {}) as Evidence;
  return {
    taskId: t.id,
    title: t.title,
    status: t.status,
    dueAt: t.dueAt?.toISOString() ?? null,
    isOverdue: t.status === 'open' && t.dueAt !== null && t.dueAt < now,
    assignee: t.assigneeId && t.assigneeName ? { id: t.assigneeId, name: t.assigneeName } : null,
    role: t.role,
    checklist: t.status === 'done' || t.status === 'skipped' ? [] : (evidence.checklist ?? []),
    completedAt: t.completedAt?.toISOString() ?? null,
  };
}

/** The account's journey: the newest one not cancelled, else the newest; null when it never had one. */
async function journeyRunOf(db: Db, accountId: string) {
  const runs = await db
    .selectDistinct({ run: playbookRuns })
    .from(journeyStages)
    .innerJoin(playbookRuns, eq(playbookRuns.id, journeyStages.runId))
    .where(eq(journeyStages.accountId, accountId))
    .orderBy(desc(playbookRuns.startedAt));
  return (runs.find((r) => r.run.status !== 'cancelled') ?? runs[0])?.run ?? null;
}

export async function getAccountJourney({ db, now }: ReadContext, accountId: string): Promise<AccountJourney> {
  const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  // accounts.not_found: no account has this id.
  if (!account) throw notFound('accounts.not_found', `No account has the id ${accountId}.`);
  const { journeyStart } = await getCachedSettings(db);
  const run = await journeyRunOf(db, accountId);
  return { journey: run ? await presentJourney(db, run, now) : null, startsOn: journeyStart };
}

async function presentJourney(db: Db, run: typeof playbookRuns.$inferSelect, now: Date): Promise<Journey> {
  const stageRows = await db.select().from(journeyStages).where(eq(journeyStages.runId, run.id)).orderBy(asc(journeyStages.position));
  const taskRows: TaskRow[] = (
    await db
      .select({ task: tasks, assigneeName: users.name })
      .from(tasks)
      .leftJoin(users, eq(users.id, tasks.assigneeId))
      .where(and(eq(tasks.runId, run.id), isNotNull(tasks.stage)))
      .orderBy(asc(tasks.createdAt), asc(tasks.id))
  ).map((r) => ({ ...r.task, assigneeName: r.assigneeName }));
  // In the playbook's own order of steps (they were all created at once).
  const [pb] = await db.select({ document: playbooks.document }).from(playbooks).where(eq(playbooks.id, run.playbookId));
  const stepIndex = new Map((pb ? documentOf(pb).steps : []).map((step, i) => [step.key, i]));
  taskRows.sort((a, b) => (stepIndex.get(a.stepKey ?? '') ?? 999) - (stepIndex.get(b.stepKey ?? '') ?? 999));
  const surveyTaskIds = taskRows.filter((t) => t.kind === 'survey').map((t) => t.id);
  const sent =
    surveyTaskIds.length === 0
      ? []
      : await db
          .select({
            taskId: surveyInvitations.taskId,
            touchpoint: surveys.touchpoint,
            sentAt: surveyInvitations.createdAt,
            answeredAt: surveyResponses.answeredAt,
            csat: surveyResponses.csat,
            nps: surveyResponses.nps,
            ces: surveyResponses.ces,
          })
          .from(surveyInvitations)
          .innerJoin(surveys, eq(surveys.key, surveyInvitations.surveyKey))
          .leftJoin(surveyResponses, eq(surveyResponses.invitationId, surveyInvitations.id))
          .where(inArray(surveyInvitations.taskId, surveyTaskIds));
  const [trigger] = await db.select().from(domainEvents).where(eq(domainEvents.id, run.triggerEventId));
  const payload = (trigger?.payload ?? {}) as Record<string, unknown>;
  const byHand = trigger?.type === 'account.journey_started';
  const starter =
    byHand && typeof payload['userId'] === 'string'
      ? ((await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, payload['userId'])))[0] ?? null)
      : null;
  const [order] = run.orderId ? await db.select({ number: orders.number }).from(orders).where(eq(orders.id, run.orderId)) : [];
  const current = stageRows.find((s) => !s.completedAt)?.stage ?? null;
  return {
    runId: run.id,
    playbookKey: run.playbookKey,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    startedBy: { how: byHand ? 'by_hand' : 'first_delivery', user: starter, orderNumber: order?.number ?? null },
    currentStage: current,
    stages: stageRows.map((s) => {
      const own = taskRows.filter((t) => t.stage === s.stage);
      const survey = sent.find((x) => own.some((t) => t.id === x.taskId));
      return {
        stage: s.stage,
        label: JOURNEY_STAGE_LABELS[s.stage],
        state: s.completedAt ? 'done' : s.enteredAt ? 'current' : 'ahead',
        enteredAt: s.enteredAt?.toISOString() ?? null,
        completedAt: s.completedAt?.toISOString() ?? null,
        // A survey step waiting for its turn is Rapport's to send, not a person's: left out until it is open.
        openTasks: own
          .filter((t) => t.status === 'open' || (t.status === 'waiting' && t.kind !== 'survey'))
          .map((t) => presentJourneyTask(t, now)),
        executiveCalls: own.filter(isExecutiveCallRow).map((t) => presentJourneyTask(t, now)),
        survey: survey
          ? {
              touchpoint: survey.touchpoint,
              sentAt: survey.sentAt.toISOString(),
              answeredAt: survey.answeredAt?.toISOString() ?? null,
              csat: survey.csat,
              nps: survey.nps,
              ces: survey.ces,
            }
          : null,
      };
    }),
  };
}

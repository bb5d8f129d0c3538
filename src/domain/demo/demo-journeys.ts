// The demo's onboarding journeys (docs/journeys.md): three recent customers, started by a CSR from
// the account page — one six weeks in and past its installation (executive call made, surveys
// answered), one twelve days in whose executive call after the installation is overdue, one started
// yesterday. Every step goes through the same use cases a person uses, at the time it happened.
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { accounts, journeyStages, messages, orders, playbookRuns, surveyInvitations, tasks, users } from '../../db/schema/index.js';
import { startJourney } from '../journeys/index.js';
import { mailContactOf } from '../messages/index.js';
import { accountHasJourney, completeTask } from '../playbooks/index.js';
import type { Actor, ReadContext } from '../shared/index.js';
import { answerSurvey } from '../surveys/index.js';

const DAY = 86_400_000;

export interface DemoJourneys {
  /** Started by hand here (the three plans). */
  started: number;
  /** Every journey under way: those started by hand, and those a first delivery of the last weeks started by itself. */
  underWay: number;
  /** Executive calls made, and those past due and still open. */
  executiveCalls: { done: number; overdue: number };
}

/** A journey's life: days after its start when each step was done (and a survey answered), none after today. */
interface Plan {
  startedDaysAgo: number;
  done: { step: string; day: number; survey?: { csat: number; ces: number; comment?: string } }[];
}

const PLANS: Plan[] = [
  {
    startedDaysAgo: 42,
    done: [
      { step: 'schedule', day: 1, survey: { csat: 5, ces: 1 } },
      { step: 'install', day: 9, survey: { csat: 4, ces: 3, comment: 'The install ran a day over, but the team kept us posted.' } },
      { step: 'executive-call-installation', day: 12 },
      { step: 'train', day: 16, survey: { csat: 5, ces: 2 } },
    ],
  },
  {
    startedDaysAgo: 12,
    done: [
      { step: 'schedule', day: 1, survey: { csat: 4, ces: 2 } },
      { step: 'install', day: 6 },
    ],
  },
  { startedDaysAgo: 1, done: [] },
];

export async function runDemoJourneys(ctx: ReadContext): Promise<DemoJourneys> {
  const { db, now } = ctx;
  // The newest first orders delivered, of customers with a contact to survey.
  const recent = await db
    .select({ accountId: orders.accountId })
    .from(orders)
    .innerJoin(accounts, eq(accounts.firstOrderId, orders.id))
    .where(and(isNotNull(orders.deliveredAt), inArray(orders.status, ['delivered', 'closed']), eq(accounts.kind, 'customer')))
    .orderBy(desc(orders.deliveredAt), orders.number)
    .limit(12);
  const staff = await db.select().from(users).where(eq(users.active, true)).orderBy(asc(users.externalRef));
  const asUser = (u: (typeof staff)[number]): Actor => ({
    kind: 'user',
    userId: u.id,
    name: u.name,
    roles: u.roles,
    ip: null,
    requestId: null,
  });
  const holderOf = (role: string) => staff.find((u) => (u.roles as string[]).includes(role));
  const csr = holderOf('csr');
  const result: DemoJourneys = { started: 0, underWay: 0, executiveCalls: { done: 0, overdue: 0 } };
  if (!csr) return result;
  let next = 0;
  for (const plan of PLANS) {
    let accountId: string | undefined;
    while (next < recent.length && !accountId) {
      const candidate = recent[next++]!.accountId;
      // One whose first delivery started its journey by itself this morning (within the playbook's
      // window, so it depends on the day the demo runs) already has one: the next, then.
      if ((await mailContactOf(db, candidate)) && !(await accountHasJourney(db, candidate))) accountId = candidate;
    }
    if (!accountId) break;
    const start = new Date(now.getTime() - plan.startedDaysAgo * DAY);
    const journey = await startJourney({ db, actor: asUser(csr), now: start }, accountId);
    result.started += 1;
    for (const step of plan.done) {
      const at = new Date(start.getTime() + step.day * DAY);
      const [task] = await db
        .select()
        .from(tasks)
        .where(and(eq(tasks.runId, journey.journey!.runId), eq(tasks.stepKey, step.step)));
      if (!task || task.status !== 'open') continue;
      // The person it is for: its assignee, else the first holder of its role.
      const doer = staff.find((u) => u.id === task.assigneeId) ?? (task.role ? holderOf(task.role) : undefined);
      if (!doer) continue;
      const checklist = (task.evidence as { checklist?: string[] } | null)?.checklist ?? [];
      await completeTask(
        { db, actor: asUser(doer), now: at },
        {
          id: task.id,
          completion: {
            ...(checklist.length > 0 && { checklist: Object.fromEntries(checklist.map((i) => [i, true])) }),
            ...(task.kind === 'call' && { callOutcome: 'reached', note: 'Glad they called; happy with the installation so far.' }),
          },
        },
      );
      if (task.kind === 'call' && task.role === 'executive') result.executiveCalls.done += 1;
      if (!step.survey) continue;
      // The stage's survey went out when the step was done; the customer answered the next day.
      const [sent] = await db
        .select({ text: messages.text })
        .from(surveyInvitations)
        .innerJoin(tasks, eq(tasks.id, surveyInvitations.taskId))
        .innerJoin(messages, eq(messages.id, surveyInvitations.messageId))
        .where(and(eq(tasks.runId, journey.journey!.runId), sql`${tasks.stage} = ${task.stage}`));
      const token = sent && /\/c\/([A-Za-z0-9_-]{43})/.exec(sent.text)?.[1];
      if (!token) continue;
      const { comment, ...scores } = step.survey;
      await answerSurvey(
        { db, now: new Date(at.getTime() + DAY) },
        { token, answer: { ...scores, ...(comment && { comment }) }, ip: null, requestId: null },
      );
    }
  }
  const [overdue] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(
      and(
        isNotNull(tasks.stage),
        eq(tasks.kind, 'call'),
        eq(tasks.role, 'executive'),
        eq(tasks.status, 'open'),
        sql`${tasks.dueAt} < ${now}`,
      ),
    );
  result.executiveCalls.overdue = overdue?.n ?? 0;
  const [underWay] = await db
    .select({ n: sql<number>`count(distinct ${playbookRuns.id})::int` })
    .from(playbookRuns)
    .innerJoin(journeyStages, eq(journeyStages.runId, playbookRuns.id))
    .where(eq(playbookRuns.status, 'active'));
  result.underWay = underWay?.n ?? 0;
  return result;
}

// The demo's playbooks as if Rapport had been running: the first orders of the last weeks get their
// order.created / order.status_changed (into production) / order.shipped / order.delivered events
// at the moment they happened, handled in that order, and between them the staff work the tasks
// that were due — most on time, some late, a few still open (escalated by this morning's run) —
// through the same use cases a person uses
// (completeTask, signOffTask), with notes, call outcomes and sign-offs by people holding the role.
// A gate is always signed before the move it guards happened; one paid audition waits at its
// double inspection with one signature of two. Deterministic: every choice is a hash of the
// order number and the step, never of a random id or the order work happens in.
import { DateTime } from 'luxon';
import { and, asc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Evidence } from '../../../contract/playbooks.js';
import type { CompleteTask } from '../../../contract/tasks.js';
import { accounts, domainEvents, hotButtons, orderEvents, orders, playbookRuns, tasks, users } from '../../db/schema/index.js';
import { recordEvent } from '../events/index.js';
import { assignTask, completeTask, escalateOverdueTasks, handleEvent, signOffTask } from '../playbooks/index.js';
import { isAudition } from '../orders/index.js';
import { getSettings } from '../settings/index.js';
import { dateIn, seededRandom, type Actor, type ReadContext } from '../shared/index.js';
import { markDemoMessageSent } from './demo-outbox.js';
import { CUTOFF } from './timeline.js';

/** The playbooks' horizon: an event older than this starts nothing (their `horizonDays`). */
const HORIZON_DAYS = 14;
const HOUR = 3_600_000;

export interface DemoRunsInput {
  seed: number;
  /** As the escalate-overdue job: an open task this far past due is escalated. */
  graceHours: number;
}

export interface DemoRuns {
  runs: number;
  tasksDone: number;
  tasksOpen: number;
  escalated: number;
  /** The audition order held at its double inspection, if the demo has one in production. */
  blockedOrder: string | null;
  /** The start of the weeks lived through the engine (orders placed before it are history). */
  since: Date;
}

/** What each step's person wrote, by step key (any other step: a line of its own). */
const NOTES: Record<string, string[]> = {
  kickoff: [
    'Ops, quality, engineering and sales met 15 min. Customer could be worth a full line next year; quality watches plating thickness.',
    'Kickoff done with all four departments. Rep explained their launch date; engineering flagged the tight tolerance on the bracket.',
  ],
  'data-review': [
    'Drawings rev C match the PO; tolerances and finish spec complete.',
    'Package complete after the customer sent the missing finish spec this morning.',
  ],
  'csr-intro': ['Introduced myself; they want one update a week, Monday mornings, by email.', 'Agreed updates at each milestone only.'],
  'shop-visibility': ['Walked the floor with the number; all three shift supervisors know the promised date.'],
  'on-time-plan': ['Started a day ahead of schedule and added a second lot as buffer.', 'Plan: ship two days early; extra lot on Tuesday.'],
  'quality-watch': ['Check points agreed at cutting, plating and final assembly; first two recorded, no findings.'],
  'qm-call': ['Spoke with their incoming inspection: parts passed, no remarks.', 'They asked for the inspection report as PDF; sent.'],
  'rep-call': ['They were pleased with the packaging; second order expected next month.', 'Thanked them; they mentioned a new project.'],
  'gm-thanks': ['Called their purchasing manager to thank them; very positive.'],
  'gm-intro': ['Thanked them for choosing us and gave my direct line.'],
  tracking: ['Sent tracking from my mailbox as well.'],
  'other-needs': ['They also buy cable assemblies elsewhere; will quote next week.'],
};
const SIGNOFF_NOTES = ['Inspected 100 %, all dimensions in tolerance.', 'Second inspection: visual and fit check passed.'];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable generator per (seed, order, step): the same choices whatever order the work happens in. */
export const randomFor = (seed: number, ...parts: string[]) => seededRandom(hash(`${seed}:${parts.join(':')}`));

interface OrderFacts {
  id: string;
  number: string;
  accountId: string;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  /** When the order first reached each status. */
  reached: Map<string, Date>;
}

interface Happening {
  at: Date;
  type: 'order.created' | 'order.status_changed' | 'order.shipped' | 'order.delivered';
  order: OrderFacts;
}

type TaskRow = typeof tasks.$inferSelect;
const isSignoff = (t: TaskRow) => Boolean((t.evidence as Evidence | null)?.signoffs);

export async function runDemoPlaybooks(ctx: ReadContext, input: DemoRunsInput): Promise<DemoRuns> {
  const { db } = ctx;
  const settings = await getSettings(db);
  // The history ends this morning at 07:00 (timeline.ts, CUTOFF): so does the work, whatever the
  // hour the demo is made — the same day gives the same runs.
  const now = DateTime.fromISO(dateIn(ctx.now, settings.timezone), { zone: settings.timezone }).plus({ minutes: CUTOFF }).toJSDate();
  const since = new Date(now.getTime() - HORIZON_DAYS * 24 * HOUR);
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      accountId: orders.accountId,
      placedAt: orders.placedAt,
      shippedAt: orders.shippedAt,
      deliveredAt: orders.deliveredAt,
      amount: orders.amount,
      currency: orders.currency,
      status: orders.status,
      firstOrderId: accounts.firstOrderId,
      potential: accounts.potentialAnnualSpend,
    })
    .from(orders)
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    // Every built-in order playbook is about a first order (its trigger's isFirstOrder).
    .where(
      and(
        eq(accounts.firstOrderId, orders.id),
        or(gte(orders.placedAt, since), gte(orders.shippedAt, since), gte(orders.deliveredAt, since)),
      ),
    )
    .orderBy(asc(orders.number));
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { runs: 0, tasksDone: 0, tasksOpen: 0, escalated: 0, blockedOrder: null, since };
  const moves = await db
    .select({ orderId: orderEvents.orderId, to: orderEvents.toStatus, at: orderEvents.at })
    .from(orderEvents)
    .where(and(inArray(orderEvents.orderId, ids), eq(orderEvents.kind, 'status_changed')));
  const facts = new Map<string, OrderFacts>(rows.map((r) => [r.id, { ...r, reached: new Map<string, Date>() }]));
  for (const m of moves) {
    const f = facts.get(m.orderId);
    if (f && m.to && !f.reached.has(m.to)) f.reached.set(m.to, m.at);
  }

  const happenings: Happening[] = [];
  for (const f of facts.values()) {
    if (f.placedAt >= since) happenings.push({ at: f.placedAt, type: 'order.created', order: f });
    // The move into production: the paid audition's "production started" update waits for it.
    const produced = f.reached.get('in_production');
    if (produced && produced >= since) happenings.push({ at: produced, type: 'order.status_changed', order: f });
    if (f.shippedAt && f.shippedAt >= since) happenings.push({ at: f.shippedAt, type: 'order.shipped', order: f });
    if (f.deliveredAt && f.deliveredAt >= since) happenings.push({ at: f.deliveredAt, type: 'order.delivered', order: f });
  }
  happenings.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || a.order.number.localeCompare(b.order.number) || a.type.localeCompare(b.type),
  );

  const staff = await db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(and(eq(users.active, true), isNull(users.passwordHash)))
    .orderBy(asc(users.externalRef));
  const actorOf = (u: (typeof staff)[number]): Actor => ({
    kind: 'user',
    userId: u.id,
    name: u.name,
    roles: u.roles,
    ip: null,
    requestId: null,
  });
  const holders = (role: string, except?: string) =>
    staff.filter((u) => (u.roles as string[]).includes(role) && !(u.roles as string[]).includes(except ?? '\0'));

  // The audition furthest along the floor, not shipped: it waits at its double inspection.
  const floor = ['in_production', 'inspection', 'ready_to_ship'];
  const blocked =
    rows
      .filter(
        (r) =>
          r.firstOrderId === r.id &&
          r.placedAt >= since &&
          floor.includes(r.status) &&
          isAudition(true, r.potential, settings.auditionMinSpend),
      )
      .sort((a, b) => floor.indexOf(b.status) - floor.indexOf(a.status) || a.number.localeCompare(b.number))[0]?.id ?? null;

  let done = 0;
  const decided = new Map<string, Date | null>();
  /** When a task gets done, or null when it is still open this morning. */
  /** People work 08:00–18:00 on workdays, the organisation's time: a later moment moves to the next morning. */
  const atWork = (at: number, rand: () => number): number => {
    let t = DateTime.fromMillis(at, { zone: settings.timezone });
    if (t.hour >= 18) t = t.plus({ days: 1 }).set({ hour: 8, minute: 0 });
    else if (t.hour < 8) t = t.set({ hour: 8, minute: 0 });
    while (!settings.workdays.includes(t.weekday)) t = t.plus({ days: 1 }).set({ hour: 8, minute: 0 });
    return t.hour === 8 && t.minute === 0 ? t.plus({ minutes: 5 + Math.floor(rand() * 90) }).toMillis() : t.toMillis();
  };
  const planFor = (t: TaskRow, f: OrderFacts): Date | null => {
    const rand = randomFor(input.seed, f.number, t.stepKey ?? t.title);
    const opened = t.updatedAt.getTime() + 20 * 60_000;
    const due = (t.dueAt ?? t.updatedAt).getTime();
    const gateAt = t.gateStatus ? f.reached.get(t.gateStatus) : undefined;
    // A gate was signed before the move it guards.
    if (gateAt) {
      const before = gateAt.getTime() - 20 * 60_000;
      return new Date(Math.max(opened, Math.min(atWork(due - rand() * 4 * HOUR, rand), before)));
    }
    // The blocked audition's first inspector has signed already.
    if (f.id === blocked && isSignoff(t)) return new Date(Math.max(opened, Math.min(due, now.getTime() - 2 * HOUR)));
    // Behind on the last two days' work more often than on older work.
    const isRecent = due > now.getTime() - 2 * 24 * HOUR;
    const roll = rand();
    if (roll < (isRecent ? 0.35 : 0.08)) return null;
    return new Date(atWork(Math.max(opened, roll < 0.3 ? due + (2 + rand() * 28) * HOUR : due - rand() * 5 * HOUR), rand));
  };

  const work = async (t: TaskRow, f: OrderFacts, at: Date) => {
    const rand = randomFor(input.seed, f.number, t.stepKey ?? t.title, 'work');
    const evidence = (t.evidence ?? {}) as Evidence;
    const assignee = t.assigneeId ? staff.find((u) => u.id === t.assigneeId) : undefined;
    const pool = t.role ? holders(t.role) : [];
    const person = assignee ?? pool[Math.floor(rand() * pool.length)] ?? staff.find((u) => (u.roles as string[]).includes('gm'))!;
    if (evidence.signoffs) {
      const { count, roles, mustInclude } = evidence.signoffs;
      const signers: (typeof staff)[number][] = [];
      const last = mustInclude ? holders(mustInclude)[0] : undefined;
      for (const role of roles) {
        const u = holders(role, mustInclude && role !== mustInclude ? mustInclude : undefined).find(
          (h) => h !== last && !signers.includes(h),
        );
        if (u && signers.length < count - (last ? 1 : 0)) signers.push(u);
      }
      if (last) signers.push(last);
      // The blocked audition: the first signature is there, the quality manager's is not.
      const toSign = f.id === blocked ? signers.slice(0, 1) : signers;
      for (const [i, u] of toSign.entries()) {
        const when = new Date(at.getTime() - (toSign.length - 1 - i) * HOUR);
        await signOffTask({ db, actor: actorOf(u), now: when }, { id: t.id, signOff: { note: SIGNOFF_NOTES[i % SIGNOFF_NOTES.length]! } });
      }
      if (f.id !== blocked) done += 1;
      // The held inspection waits on the quality manager: the account's own inspector, when
      // team-based assignment gave it to one, hands it to them — in their day whatever day it is.
      else if (last && assignee && assignee !== last)
        await assignTask({ db, actor: actorOf(assignee), now: at }, { id: t.id, assignment: { userId: last.id } });
      return;
    }
    // A progress update the playbook queued goes out (the outbox sends it), which does its step.
    const own = (t.outcome as { messageId?: unknown } | null)?.messageId;
    if (t.kind === 'message' && typeof own === 'string') {
      await markDemoMessageSent(db, own, at);
      done += 1;
      return;
    }
    const notes = NOTES[t.stepKey ?? ''] ?? ['Done as planned.'];
    const completion: CompleteTask = {};
    if (evidence.note || t.kind === 'message') completion.note = notes[Math.floor(rand() * notes.length)]!;
    if (evidence.checklist) completion.checklist = Object.fromEntries(evidence.checklist.map((item) => [item, true]));
    if (evidence.callOutcome) completion.callOutcome = rand() < 0.8 ? 'reached' : 'left_message';
    if (evidence.form === 'after_yes') {
      const hbs = t.accountId ? await db.select({ id: hotButtons.id }).from(hotButtons).where(eq(hotButtons.accountId, t.accountId)) : [];
      Object.assign(completion, {
        wentWell: rand() < 0.85,
        thanked: true,
        nextOrderAsked: rand() < 0.7,
        hotButtons: hbs.map((h) => ({ hotButtonId: h.id, result: rand() < 0.8 ? 'satisfied' : 'unknown' })),
      });
    }
    if (evidence.form === 'product_check') completion.needMet = rand() < 0.9;
    await completeTask({ db, actor: actorOf(person), now: at }, { id: t.id, completion });
    done += 1;
  };

  /** Works every open task of these orders' runs planned before `until`, in time order. */
  const workUntil = async (until: Date) => {
    for (;;) {
      const open = await db
        .select({ task: tasks })
        .from(tasks)
        .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
        .where(and(eq(tasks.status, 'open'), ne(tasks.kind, 'wait'), inArray(playbookRuns.orderId, ids)));
      const due = open
        .map(({ task }) => {
          const f = facts.get(task.orderId!)!;
          if (!decided.has(task.id)) decided.set(task.id, planFor(task, f));
          return { task, f, at: decided.get(task.id)! };
        })
        .filter((x): x is { task: TaskRow; f: OrderFacts; at: Date } => x.at !== null && x.at < until)
        .sort(
          (a, b) =>
            a.at.getTime() - b.at.getTime() ||
            a.f.number.localeCompare(b.f.number) ||
            (a.task.stepKey ?? '').localeCompare(b.task.stepKey ?? ''),
        );
      if (due.length === 0) return;
      // One at a time: a completion may open later steps that are due before `until` too.
      const next = due[0]!;
      await work(next.task, next.f, next.at);
      if (next.f.id === blocked && isSignoff(next.task)) decided.set(next.task.id, null);
    }
  };

  for (const h of happenings) {
    await workUntil(h.at);
    const f = h.order;
    const row = rows.find((r) => r.id === f.id)!;
    const isFirstOrder = row.firstOrderId === f.id;
    await db.transaction(async (tx) => {
      const payload =
        h.type === 'order.created'
          ? {
              orderId: f.id,
              number: f.number,
              accountId: f.accountId,
              isFirstOrder,
              isAudition: isAudition(isFirstOrder, row.potential, settings.auditionMinSpend),
              potentialAnnualSpend: row.potential,
              amount: row.amount,
              currency: row.currency,
            }
          : {
              orderId: f.id,
              number: f.number,
              accountId: f.accountId,
              isFirstOrder,
              to: h.type === 'order.status_changed' ? 'in_production' : h.type === 'order.shipped' ? 'shipped' : 'delivered',
            };
      const event = {
        type: h.type,
        subjectType: 'order' as const,
        subjectId: f.id,
        accountId: f.accountId,
        occurredAt: h.at,
        source: 'demo' as const,
        payload,
      };
      const id = await recordEvent(tx, event);
      await handleEvent(tx, { ...event, id, accountId: f.accountId }, h.at);
      await tx.update(domainEvents).set({ dispatchedAt: h.at }).where(eq(domainEvents.id, id));
    });
  }
  await workUntil(now);
  const escalated = await escalateOverdueTasks({ db, now }, { graceHours: input.graceHours });
  const [counts] = await db
    .select({
      runs: sql<number>`count(distinct ${playbookRuns.id})::int`,
      open: sql<number>`count(*) filter (where ${tasks.status} = 'open')::int`,
    })
    .from(playbookRuns)
    .innerJoin(tasks, eq(tasks.runId, playbookRuns.id))
    .where(eq(playbookRuns.subjectType, 'order'));
  return {
    runs: Number(counts?.runs ?? 0),
    tasksDone: done,
    tasksOpen: Number(counts?.open ?? 0),
    escalated,
    blockedOrder: blocked ? facts.get(blocked)!.number : null,
    since,
  };
}

// The demo's older first orders as Rapport would have left them (docs/analytics.md, "Does the
// practice work?"): the delivered first orders of the months before the last two weeks get the run
// their playbook (paid audition or first-order care) would have made, every step done — most on
// time, some late — by a person holding its role, with its note, call outcome, checklist or
// signatures. Written in bulk like the rest of the history (demo-runs.ts lives the last two weeks
// through the engine instead). The story the sample company tells: customers whose first order was
// looked after on time came back more often, so the dashboard's comparison has a shape to show.
// Deterministic: every choice is a hash of the order number and the step.
import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { PlaybookDocument, PlaybookStep } from '../../../contract/playbooks.js';
import type { Role } from '../../../contract/common.js';
import { accounts, orderEvents, orders, playbookRuns, playbooks, taskSignoffs, tasks, users } from '../../db/schema/index.js';
import { isAudition } from '../orders/index.js';
import { calendarOf } from '../playbooks/index.js';
import { getSettings } from '../settings/index.js';
import { addOffset, type ReadContext } from '../shared/index.js';
import { randomFor } from './demo-runs.js';

const HOUR = 3_600_000;

export interface DemoHistoryRunsInput {
  seed: number;
  /** First orders placed from here… */
  from: Date;
  /** …to here (the engine lives the weeks after it: demo-runs.ts). */
  until: Date;
}

/** What each kind of step's person wrote (a line of their own for any other). */
const NOTES: Record<string, string> = {
  kickoff: 'Kickoff with ops, quality, engineering and sales; quality watches the finish.',
  'data-review': 'Drawings and specifications complete; matches the PO.',
  'csr-intro': 'Introduced myself; they want an update at each milestone.',
  'shop-visibility': 'Supervisors know the number and the promised date.',
  'on-time-plan': 'Planned to ship a day early with a buffer lot.',
  'quality-watch': 'Check points agreed and recorded; no findings.',
  'qm-call': 'Their incoming inspection passed the parts.',
  'rep-call': 'Told them it shipped; they asked about the next lot.',
  'gm-thanks': 'Thanked their purchasing manager; they were pleased.',
};

export async function writeDemoHistoryRuns(ctx: ReadContext, input: DemoHistoryRunsInput): Promise<number> {
  const { db } = ctx;
  const settings = await getSettings(db);
  const cal = calendarOf(settings);
  const books = await db
    .select({ id: playbooks.id, key: playbooks.key, document: playbooks.document })
    .from(playbooks)
    .where(and(eq(playbooks.isCurrent, true), inArray(playbooks.key, ['paid-audition', 'first-order-care'])));
  const bookOf = (key: string) => {
    const b = books.find((x) => x.key === key);
    if (!b) throw new Error(`the built-in playbook ${key} is not installed`);
    return { id: b.id, key: b.key, doc: b.document as PlaybookDocument };
  };
  const audition = bookOf('paid-audition');
  const care = bookOf('first-order-care');

  const firsts = await db
    .select({
      id: orders.id,
      number: orders.number,
      accountId: orders.accountId,
      placedAt: orders.placedAt,
      shippedAt: orders.shippedAt,
      deliveredAt: orders.deliveredAt,
      potential: accounts.potentialAnnualSpend,
    })
    .from(orders)
    .innerJoin(accounts, eq(accounts.firstOrderId, orders.id))
    .where(and(gte(orders.placedAt, input.from), lt(orders.placedAt, input.until), sql`${orders.deliveredAt} is not null`))
    .orderBy(asc(orders.number));
  if (firsts.length === 0) return 0;
  const cameBack = new Set(
    (
      await db
        .select({ accountId: orders.accountId })
        .from(orders)
        .where(
          inArray(
            orders.accountId,
            firsts.map((f) => f.accountId),
          ),
        )
        .groupBy(orders.accountId)
        .having(sql`count(*) > 1`)
    ).map((r) => r.accountId),
  );
  // When each order first reached each status: a gate is signed before the move it guards.
  const reached = new Map<string, Date>();
  for (const m of await db
    .select({ orderId: orderEvents.orderId, to: orderEvents.toStatus, at: sql<Date>`min(${orderEvents.at})`.mapWith(orderEvents.at) })
    .from(orderEvents)
    .where(
      and(
        inArray(
          orderEvents.orderId,
          firsts.map((f) => f.id),
        ),
        eq(orderEvents.kind, 'status_changed'),
      ),
    )
    .groupBy(orderEvents.orderId, orderEvents.toStatus))
    reached.set(`${m.orderId}:${m.to}`, m.at);
  const staff = await db
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(and(eq(users.active, true), isNull(users.passwordHash)))
    .orderBy(asc(users.externalRef));
  const holders = (role: Role) => staff.filter((u) => (u.roles as string[]).includes(role));
  const gm = holders('gm')[0];
  if (!gm) throw new Error('the demo has no GM');

  let written = 0;
  for (const f of firsts) {
    const book = isAudition(true, f.potential, settings.auditionMinSpend) ? audition : care;
    const rand = randomFor(input.seed, f.number, 'history');
    // The story: looked after on time, they came back more often (1 step in 16 late against 1 in 7).
    const lateness = cameBack.has(f.accountId) ? 0.06 : 0.15;
    const events: Record<string, Date> = { trigger: f.placedAt, shipped: f.shippedAt ?? f.deliveredAt!, delivered: f.deliveredAt! };
    const doneAt = new Map<string, Date>();
    const at = (step: PlaybookStep): { due: Date | null; done: Date } => {
      if (step.kind === 'wait') {
        // A wait for a status (in production) is done when the order first reached it; else by its event.
        const moved = step.toStatus ? reached.get(`${f.id}:${step.toStatus}`) : undefined;
        return { due: null, done: moved ?? (step.until === 'order.delivered' ? events['delivered']! : events['shipped']!) };
      }
      const from = doneAt.get(step.due.after) ?? events[step.due.after] ?? f.placedAt;
      const due = addOffset(from, step.due.offset, step.due.businessDays, cal);
      // Messages go out by themselves; a gate was signed before the move it guards.
      if (step.kind === 'message') return { due, done: new Date(from.getTime() + HOUR) };
      if (step.gate) {
        const gateAt = (reached.get(`${f.id}:${step.gate}`) ?? events['shipped']!).getTime();
        return {
          due,
          done: new Date(Math.min(Math.max(from.getTime() + 5 * 60_000, due.getTime() - rand() * 4 * HOUR), gateAt - 20 * 60_000)),
        };
      }
      const late = rand() < lateness;
      const shift = late ? (4 + rand() * 40) * HOUR : -rand() * 5 * HOUR;
      return { due, done: new Date(Math.max(from.getTime() + 20 * 60_000, due.getTime() + shift)) };
    };
    const [run] = await db
      .insert(playbookRuns)
      .values({
        playbookId: book.id,
        playbookKey: book.key,
        subjectType: 'order',
        subjectId: f.id,
        accountId: f.accountId,
        orderId: f.id,
        triggerEventId: 0,
        status: 'completed',
        startedAt: f.placedAt,
      })
      .returning({ id: playbookRuns.id });
    const rows: (typeof tasks.$inferInsert)[] = [];
    const signoffs: { stepKey: string; by: string[]; at: Date }[] = [];
    for (const step of book.doc.steps) {
      const { due, done } = at(step);
      doneAt.set(step.key, done);
      const role = (step.role.startsWith('account_team:') ? step.role.slice('account_team:'.length) : step.role) as Role;
      const pool = holders(role);
      const person = pool[Math.floor(rand() * pool.length)] ?? gm;
      const outcome: Record<string, unknown> = {};
      if (step.evidence.note) outcome['note'] = NOTES[step.key] ?? 'Done as planned.';
      if (step.evidence.callOutcome) outcome['callOutcome'] = 'reached';
      if (step.evidence.checklist) outcome['checklist'] = Object.fromEntries(step.evidence.checklist.map((item) => [item, true]));
      if (step.evidence.signoffs) {
        const { roles, mustInclude } = step.evidence.signoffs;
        const last = mustInclude ? holders(mustInclude)[0] : undefined;
        const first = roles.flatMap((r) => holders(r)).find((u) => u !== last);
        signoffs.push({ stepKey: step.key, by: [first, last].filter((u) => u !== undefined).map((u) => u.id), at: done });
      }
      rows.push({
        runId: run!.id,
        stepKey: step.key,
        title: step.title.replace('{{number}}', f.number),
        guidance: step.guidance || null,
        kind: step.kind,
        accountId: f.accountId,
        orderId: f.id,
        role,
        assigneeId: step.kind === 'wait' ? null : person.id,
        dueAt: due,
        status: 'done',
        requires: step.requires,
        evidence: step.evidence,
        gateStatus: step.gate ?? null,
        outcome: step.kind === 'wait' ? { event: step.until } : outcome,
        completedBy: step.kind === 'wait' || step.kind === 'message' ? null : person.id,
        completedAt: done,
        createdAt: f.placedAt,
        updatedAt: done,
      });
    }
    const inserted = await db.insert(tasks).values(rows).returning({ id: tasks.id, stepKey: tasks.stepKey });
    for (const s of signoffs) {
      const taskId = inserted.find((t) => t.stepKey === s.stepKey)!.id;
      const signers = staff.filter((u) => s.by.includes(u.id));
      await db.insert(taskSignoffs).values(
        signers.map((u, i) => ({
          taskId,
          userId: u.id,
          roles: u.roles,
          note: 'Inspected and passed.',
          signedAt: new Date(s.at.getTime() - (signers.length - 1 - i) * HOUR),
        })),
      );
    }
    const finished = Math.max(...rows.map((r) => (r.completedAt as Date).getTime()));
    await db
      .update(playbookRuns)
      .set({ finishedAt: new Date(finished) })
      .where(eq(playbookRuns.id, run!.id));
    written += 1;
  }
  return written;
}

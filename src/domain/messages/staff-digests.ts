// The morning digest (docs/escalation.md): at the daily sweep, every active colleague with an email
// address and steps due today or overdue gets one mail listing them — their own steps, then those
// waiting unassigned in the pool of their roles — through the outbox like every message
// (essential; to a colleague, about no one account: messages.account_id is null, docs/decisions/0019).
// Once per person and day (the idempotency key), so a retried sweep adds nothing.
import { and, eq, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Role } from '../../../contract/common.js';
import { accounts, orders, tasks, users } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { dayAndWeekBounds, recordAudit, systemActor, type ReadContext } from '../shared/index.js';
import { linkBaseOf } from './links.js';
import { insertMessageOnce } from './queue-message.js';
import { templateText } from './templates.js';
import { renderMessage, SHIPPED_TEMPLATES, type DigestStepVars, type MessageVariables } from './templates.rules.js';

/** Steps listed per section; the counts say how many more wait in My day. */
export const DIGEST_SECTION_LIMIT = 20;

interface DueStep {
  id: string;
  title: string;
  role: Role | null;
  assigneeId: string | null;
  dueAt: Date;
  accountName: string | null;
  orderNumber: string | null;
}

export interface DigestSections {
  overdue: DueStep[];
  today: DueStep[];
  pool: DueStep[];
}

/** A person's three sections from the open steps due before the day's end (sorted by due time). Pure. */
export function digestSectionsOf(person: { id: string; roles: readonly Role[] }, steps: readonly DueStep[], now: Date): DigestSections {
  const mine = steps.filter((s) => s.assigneeId === person.id);
  return {
    overdue: mine.filter((s) => s.dueAt < now),
    today: mine.filter((s) => s.dueAt >= now),
    pool: steps.filter((s) => s.assigneeId === null && s.role !== null && person.roles.includes(s.role)),
  };
}

function stepVars(step: DueStep, zone: string, dayStart: Date): DigestStepVars {
  const due = DateTime.fromJSDate(step.dueAt, { zone }).setLocale('en-GB');
  const about = [step.orderNumber && `order ${step.orderNumber}`, step.accountName].filter(Boolean).join(' · ');
  return {
    title: step.title,
    about: about || null,
    due: step.dueAt >= dayStart ? `today, ${due.toFormat('HH:mm')}` : due.toFormat('cccc d LLLL, HH:mm'),
  };
}

/** Queues today's digest of every colleague who has something due; returns how many were queued. */
export async function queueStaffDigests({ db, now }: ReadContext): Promise<number> {
  const settings = await getSettings(db);
  if (!settings.staffDigest) return 0;
  const zone = settings.timezone;
  const { dayStart, dayEnd } = dayAndWeekBounds(now, zone);
  const day = DateTime.fromJSDate(now, { zone });
  const steps = (await db
    .select({
      id: tasks.id,
      title: tasks.title,
      role: tasks.role,
      assigneeId: tasks.assigneeId,
      dueAt: tasks.dueAt,
      accountName: accounts.name,
      orderNumber: orders.number,
    })
    .from(tasks)
    .leftJoin(accounts, eq(accounts.id, tasks.accountId))
    .leftJoin(orders, eq(orders.id, tasks.orderId))
    .where(
      and(
        eq(tasks.status, 'open'),
        ne(tasks.kind, 'wait'),
        lt(tasks.dueAt, dayEnd),
        or(isNotNull(tasks.assigneeId), isNotNull(tasks.role)),
      ),
    )
    .orderBy(tasks.dueAt, tasks.id)) as DueStep[];
  if (steps.length === 0) return 0;
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email, roles: users.roles })
    .from(users)
    .where(and(eq(users.active, true), isNotNull(users.email), sql`${users.email} <> ''`))
    .orderBy(users.name, users.id);
  const template = await templateText(db, 'staff_digest');
  const actor = systemActor('daily digest');
  const date = day.setLocale('en-GB').toFormat('cccc d LLLL yyyy');
  let queued = 0;
  for (const person of people) {
    const sections = digestSectionsOf(person, steps, now);
    if (sections.overdue.length + sections.today.length + sections.pool.length === 0) continue;
    const list = (s: DueStep[]) => s.slice(0, DIGEST_SECTION_LIMIT).map((step) => stepVars(step, zone, dayStart));
    const vars: MessageVariables = {
      contact: { name: person.name, email: person.email, title: null },
      account: { name: '' },
      order: null,
      csr: null,
      gm: null,
      rep: null,
      tracking_link: null,
      portal_link: null,
      organisation: { name: settings.orgName },
      note: null,
      correction: null,
      news: null,
      invitation: null,
      escalation: null,
      digest: {
        date,
        link: `${linkBaseOf(settings)}/`,
        overdue_count: sections.overdue.length,
        today_count: sections.today.length,
        pool_count: sections.pool.length,
        overdue: list(sections.overdue),
        today: list(sections.today),
        pool: list(sections.pool),
      },
      survey: null,
      testimonial: null,
    };
    const rendered = await renderMessage(template, vars);
    // The mail and its audit entry: one transaction per person.
    const isNew = await db.transaction(async (tx) => {
      const row = await insertMessageOnce(tx, {
        accountId: null,
        userId: person.id,
        to: person.email!,
        class: SHIPPED_TEMPLATES.staff_digest.class,
        template: 'staff_digest',
        ...rendered,
        status: 'queued',
        idempotencyKey: `digest:${person.id}:${day.toISODate()}`,
        createdAt: now,
        updatedAt: now,
      });
      if (row.isNew) {
        const changes = { template: 'staff_digest', to: person.email };
        await recordAudit(tx, actor, { action: 'messages.queue', entity: 'message', entityId: row.id, changes }, now);
      }
      return row.isNew;
    });
    if (isNew) queued += 1;
  }
  return queued;
}

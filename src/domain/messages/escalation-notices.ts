// The escalation notice (docs/escalation.md): when an overdue step is escalated to a role, each
// active holder of that role with an email address is told at once, through the outbox like any
// message (essential: never held back). To colleagues, so it stays off the order's history. Once
// per (escalated step, person): the escalation job running again adds nothing.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Role } from '../../../contract/common.js';
import { accounts, orders, users } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { recordAudit, type UseCaseContext } from '../shared/index.js';
import { startsInWords } from './invitation.rules.js';
import { insertMessageOnce } from './queue-message.js';
import { templateText } from './templates.js';
import { renderMessage, SHIPPED_TEMPLATES } from './templates.rules.js';
import { loadMessageVariables } from './variables.js';

export interface EscalatedStep {
  id: string;
  title: string;
  accountId: string | null;
  orderId: string | null;
  dueAt: Date;
  role: Role | null;
  assigneeId: string | null;
}

/** Queues the notice to every active holder of `toRole` with an address; returns how many were queued. */
export async function queueEscalationNotices(
  ctx: UseCaseContext,
  { step, toRole }: { step: EscalatedStep; toRole: Role },
): Promise<number> {
  const { db: tx, actor, now } = ctx;
  // Messages belong to an account (the outbox, the timeline): a step of no account is escalated without mail.
  if (!step.accountId) return 0;
  const people = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.active, true), isNotNull(users.email), sql`${toRole} = any(${users.roles})`))
    .orderBy(users.name);
  if (people.length === 0) return 0;
  const [account] = await tx.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, step.accountId));
  const zone = account?.timezone ?? (await getSettings(tx)).timezone;
  const [order] = step.orderId ? await tx.select().from(orders).where(eq(orders.id, step.orderId)) : [];
  const [assignee] = step.assigneeId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, step.assigneeId)) : [];
  const template = await templateText(tx, 'escalation_notice');
  let queued = 0;
  for (const person of people) {
    const { vars } = await loadMessageVariables(tx, {
      accountId: step.accountId,
      order: order ?? null,
      contact: { name: person.name, email: person.email, title: null },
      escalation: { title: step.title, due: startsInWords(step.dueAt, zone), role: step.role ?? 'any', assignee: assignee?.name ?? null },
    });
    const row = await insertMessageOnce(tx, {
      accountId: step.accountId,
      orderId: null,
      userId: person.id,
      taskId: step.id,
      to: person.email!,
      class: SHIPPED_TEMPLATES.escalation_notice.class,
      template: 'escalation_notice',
      ...(await renderMessage(template, vars)),
      status: 'queued',
      idempotencyKey: `escalation:${step.id}:${person.id}`,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    if (!row.isNew) continue;
    queued += 1;
    await recordAudit(
      tx,
      actor,
      {
        action: 'messages.queue',
        entity: 'message',
        entityId: row.id,
        changes: { template: 'escalation_notice', to: person.email, taskId: step.id },
      },
      now,
    );
  }
  return queued;
}

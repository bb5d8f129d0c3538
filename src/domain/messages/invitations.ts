// Calendar invitations for call and meeting steps (docs/invitations.md): a message with the .ics
// attached, through the outbox like any message, essential (the cadence guard never holds one
// back). To a colleague (the step's assignee: `userId`) or to a customer contact. One message per
// recipient and version of the step (its time and its assignee); each new version has the same
// UID and the next SEQUENCE, so a calendar updates the event instead of adding a second one. A
// cancellation (METHOD:CANCEL, same UID, next SEQUENCE) takes it out of a calendar again.
import { and, desc, eq } from 'drizzle-orm';
import { accounts, contacts, messages, orders, users } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { recordAudit, type UseCaseContext } from '../shared/index.js';
import { invitationIcs, startsInWords } from './invitation.rules.js';
import { insertMessageOnce, type QueuedMessage } from './queue-message.js';
import { templateText } from './templates.js';
import { renderMessage, SHIPPED_TEMPLATES } from './templates.rules.js';
import { loadMessageVariables } from './variables.js';

export interface QueueInvitationInput {
  accountId: string;
  /** The order the step is about: named in the mail. */
  orderId: string | null;
  taskId: string;
  title: string;
  guidance: string | null;
  start: Date;
  minutes: number;
  /** The step's assignee: the organizer, who signs the mail. */
  organizerId: string;
  /** A colleague (the assignee) or a customer contact. */
  to: { userId: string } | { contactId: string };
  /** Also on the invitation (the assignee, on the customer's). */
  attendeeIds?: { userIds: string[]; contactIds: string[] };
  /**
   * A cancellation (METHOD:CANCEL) instead of an invitation, and why. The previous assignee's, when
   * the step changes hands, belongs to the new version (organizer: the new assignee); the
   * cancellations of a skipped step are a version of their own.
   */
  cancel?: { reason: string; because: 'handed_over' | 'skipped' };
}

/** What makes a version of a step's invitation: its time and its organizer, or its skipping. */
const versionOf = (i: QueueInvitationInput) => (i.cancel?.because === 'skipped' ? 'skipped' : `${i.start.getTime()}.${i.organizerId}`);

const person = (p: { name: string; email: string | null } | undefined) => (p?.email ? { name: p.name, email: p.email } : null);

/**
 * Queues one invitation in the caller's transaction; once per (step, version, recipient). Returns
 * null when the recipient or the organizer has no email address.
 */
export async function queueInvitation(ctx: UseCaseContext, input: QueueInvitationInput): Promise<QueuedMessage | null> {
  const { db: tx, actor, now } = ctx;
  const recipientId = 'userId' in input.to ? input.to.userId : input.to.contactId;
  // Every recipient of one version shares its SEQUENCE; a new version (even back to an earlier
  // time or assignee) takes the next one. Key: invite:<task>:<sequence>:<version>:<recipient>.
  const version = versionOf(input);
  const [last] = await tx
    .select({ key: messages.idempotencyKey, sequence: messages.calendarSequence })
    .from(messages)
    .where(eq(messages.taskId, input.taskId))
    .orderBy(desc(messages.calendarSequence))
    .limit(1);
  const lastSequence = last?.sequence ?? -1;
  const sequence = last?.key?.split(':')[3] === version ? lastSequence : lastSequence + 1;
  const key = `invite:${input.taskId}:${sequence}:${version}:${recipientId}`;
  const [existing] = await tx.select({ id: messages.id, status: messages.status }).from(messages).where(eq(messages.idempotencyKey, key));
  if (existing) return { ...existing, isNew: false };

  const [organizer] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, input.organizerId));
  const recipient =
    'userId' in input.to
      ? (await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, input.to.userId)))[0]
      : (
          await tx
            .select({ name: contacts.name, email: contacts.email })
            .from(contacts)
            .where(and(eq(contacts.id, input.to.contactId), eq(contacts.accountId, input.accountId)))
        )[0];
  const org = person(organizer);
  const to = person(recipient);
  if (!org || !to) return null;
  const attendees = [org];
  for (const id of input.attendeeIds?.userIds ?? []) {
    const [u] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, id));
    if (person(u) && !attendees.some((a) => a.email === u!.email)) attendees.push(person(u)!);
  }
  for (const id of input.attendeeIds?.contactIds ?? []) {
    const [c] = await tx.select({ name: contacts.name, email: contacts.email }).from(contacts).where(eq(contacts.id, id));
    if (person(c) && !attendees.some((a) => a.email === c!.email)) attendees.push(person(c)!);
  }
  if (!attendees.some((a) => a.email === to.email)) attendees.push(to);

  const [account] = await tx.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, input.accountId));
  const zone = account?.timezone ?? (await getSettings(tx)).timezone;
  const [order] = input.orderId ? await tx.select().from(orders).where(eq(orders.id, input.orderId)) : [];
  const { vars, replyTo } = await loadMessageVariables(tx, {
    accountId: input.accountId,
    order: order ?? null,
    contact: { name: to.name, email: to.email, title: null },
    signerId: input.organizerId,
    invitation: {
      title: input.title,
      starts: startsInWords(input.start, zone),
      minutes: String(input.minutes),
      reason: input.cancel?.reason ?? null,
    },
  });
  const template = input.cancel ? 'invitation_cancelled' : 'invitation';
  const rendered = await renderMessage(await templateText(tx, template), vars);
  const calendar = invitationIcs({
    taskId: input.taskId,
    sequence,
    start: input.start,
    minutes: input.minutes,
    title: input.title,
    description: input.guidance ?? '',
    organizer: org,
    attendees,
    now,
    method: input.cancel ? 'CANCEL' : 'REQUEST',
  });
  const isColleague = 'userId' in input.to;
  const row = await insertMessageOnce(tx, {
    accountId: input.accountId,
    // A colleague's invitation is no news about the order: no "message sent" on its history.
    orderId: isColleague ? null : (order?.id ?? null),
    contactId: isColleague ? null : recipientId,
    userId: isColleague ? recipientId : null,
    taskId: input.taskId,
    to: to.email,
    class: SHIPPED_TEMPLATES[template].class,
    template,
    ...rendered,
    calendar,
    calendarSequence: sequence,
    status: 'queued',
    idempotencyKey: key,
    replyTo,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  if (!row.isNew) return row;
  const changes = { template, to: to.email, taskId: input.taskId, sequence };
  await recordAudit(tx, actor, { action: 'messages.queue', entity: 'message', entityId: row.id, changes }, now);
  return row;
}

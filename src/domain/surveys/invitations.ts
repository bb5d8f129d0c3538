// Sending a survey (docs/surveys.md): an invitation with its own single-answer link, written with
// its message in the caller's transaction (a survey step, or a person on the account page); one
// reminder after settings.survey_reminder_days if unanswered, with a second link to the same
// invitation; it expires after settings.survey_expiry_days.
import { and, desc, eq, gt, isNull, lte, type SQL } from 'drizzle-orm';
import type { CreateSurveyInvitation, SurveyInvitation } from '../../../contract/surveys.js';
import type { Db } from '../../db/client.js';
import { accounts, contacts, orders, surveyInvitations, surveys } from '../../db/schema/index.js';
import { hashPortalToken, linkBaseOf, portalUrl, queueMessage } from '../messages/index.js';
import { getSettings } from '../settings/index.js';
import {
  assertRole,
  dateIn,
  olderThanCursor,
  FieldErrors,
  pageResult,
  randomSecret,
  recordAudit,
  systemActor,
  type ReadContext,
  type UseCaseContext,
} from '../shared/index.js';
import { ensureShippedSurveys, getSurveyRow } from './surveys.js';

/** Who may send a survey by hand: the people who talk to the customer, and their managers. */
export const SURVEY_SENDERS = ['admin', 'gm', 'sales', 'csr'] as const;

const DAY = 86_400_000;

export interface SendSurveyInput {
  surveyKey: string;
  accountId: string;
  contactId: string;
  orderId?: string | null;
  /** The survey step that sends it: once per step. */
  taskId?: string | null;
}

export interface SentSurvey {
  invitationId: string;
  messageId: string;
  to: string;
  isNew: boolean;
}

/** A fresh token, its link and its hash. */
function newLink(base: string) {
  const token = randomSecret(32);
  return { url: portalUrl(base, token), hash: hashPortalToken(token) };
}

/** Writes the invitation and queues its message in the caller's transaction (ctx.db). Once per step. */
export async function sendSurvey(ctx: UseCaseContext, input: SendSurveyInput): Promise<SentSurvey> {
  const { db: tx, actor, now } = ctx;
  if (input.taskId) {
    const [existing] = await tx
      .select({ id: surveyInvitations.id, messageId: surveyInvitations.messageId, to: contacts.email })
      .from(surveyInvitations)
      .leftJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
      .where(eq(surveyInvitations.taskId, input.taskId));
    if (existing) return { invitationId: existing.id, messageId: existing.messageId!, to: existing.to ?? '', isNew: false };
  }
  const survey = await getSurveyRow(tx, input.surveyKey);
  const settings = await getSettings(tx);
  const link = newLink(linkBaseOf(settings));
  const expiresAt = new Date(now.getTime() + settings.surveyExpiryDays * DAY);
  const [account] = await tx.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, input.accountId));
  const [invitation] = await tx
    .insert(surveyInvitations)
    .values({
      surveyKey: survey.key,
      accountId: input.accountId,
      contactId: input.contactId,
      orderId: input.orderId ?? null,
      taskId: input.taskId ?? null,
      tokenHash: link.hash,
      expiresAt,
      createdBy: actor.userId,
      createdAt: now,
    })
    .returning({ id: surveyInvitations.id });
  const queued = await queueMessage(ctx, {
    accountId: input.accountId,
    orderId: input.orderId ?? null,
    contactId: input.contactId,
    template: 'survey_invitation',
    idempotencyKey: `survey:${invitation!.id}`,
    survey: {
      name: survey.name,
      intro: survey.intro,
      link: link.url,
      expires_on: dateIn(expiresAt, account?.timezone ?? settings.timezone),
    },
  });
  await tx.update(surveyInvitations).set({ messageId: queued.id }).where(eq(surveyInvitations.id, invitation!.id));
  const [contact] = await tx.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, input.contactId));
  await recordAudit(
    tx,
    actor,
    {
      action: 'surveys.send',
      entity: 'survey_invitation',
      entityId: invitation!.id,
      changes: { survey: survey.key, contactId: input.contactId, orderId: input.orderId ?? null, taskId: input.taskId ?? null },
    },
    now,
  );
  return { invitationId: invitation!.id, messageId: queued.id, to: contact?.email ?? '', isNew: true };
}

/** A person sends a survey from the account page or the API. */
export async function createSurveyInvitation(ctx: UseCaseContext, input: CreateSurveyInvitation): Promise<SurveyInvitation> {
  assertRole(ctx.actor, ...SURVEY_SENDERS);
  const id = await ctx.db.transaction(async (tx) => {
    const errors = new FieldErrors();
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, input.contactId));
    if (!contact) errors.add('contactId', `is not a contact: ${input.contactId}`);
    else if (contact.accountId !== input.accountId) errors.add('contactId', 'is a contact of another account');
    else if (!contact.email) errors.add('contactId', `${contact.name} has no email address`);
    if (input.orderId) {
      const [order] = await tx.select({ accountId: orders.accountId }).from(orders).where(eq(orders.id, input.orderId));
      if (!order) errors.add('orderId', `is not an order: ${input.orderId}`);
      else if (order.accountId !== input.accountId) errors.add('orderId', 'is an order of another account');
    }
    await ensureShippedSurveys(tx);
    const [survey] = await tx.select({ key: surveys.key }).from(surveys).where(eq(surveys.key, input.surveyKey));
    if (!survey) errors.add('surveyKey', `is not a survey: ${input.surveyKey}`);
    // surveys.invalid: the contact, order or survey named is not one this account can be sent.
    errors.throwIfAny('surveys.invalid');
    return (await sendSurvey({ ...ctx, db: tx }, input)).invitationId;
  });
  return getSurveyInvitation(ctx, id);
}

// --- reading -----------------------------------------------------------------------------------

const selectInvitations = (db: Db) =>
  db
    .select({
      invitation: surveyInvitations,
      surveyName: surveys.name,
      touchpoint: surveys.touchpoint,
      contactName: contacts.name,
      orderNumber: orders.number,
    })
    .from(surveyInvitations)
    .innerJoin(surveys, eq(surveys.key, surveyInvitations.surveyKey))
    .leftJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
    .leftJoin(orders, eq(orders.id, surveyInvitations.orderId));

type InvitationRow = Awaited<ReturnType<ReturnType<typeof selectInvitations>['where']>>[number];

function presentInvitation(r: InvitationRow, now: Date): SurveyInvitation {
  const i = r.invitation;
  return {
    id: i.id,
    surveyKey: i.surveyKey,
    surveyName: r.surveyName,
    touchpoint: r.touchpoint,
    accountId: i.accountId,
    contactId: i.contactId,
    contactName: r.contactName,
    orderId: i.orderId,
    orderNumber: r.orderNumber,
    taskId: i.taskId,
    messageId: i.messageId,
    status: i.respondedAt ? 'answered' : i.expiresAt <= now ? 'expired' : 'open',
    expiresAt: i.expiresAt.toISOString(),
    remindedAt: i.remindedAt?.toISOString() ?? null,
    respondedAt: i.respondedAt?.toISOString() ?? null,
    createdAt: i.createdAt.toISOString(),
  };
}

export async function getSurveyInvitation({ db, now }: ReadContext, id: string): Promise<SurveyInvitation> {
  const [row] = await selectInvitations(db).where(eq(surveyInvitations.id, id));
  return presentInvitation(row!, now);
}

export async function listSurveyInvitations(
  { db, now }: ReadContext,
  input: { accountId?: string; limit: number; cursor?: string },
): Promise<{ items: SurveyInvitation[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (input.accountId) where.push(eq(surveyInvitations.accountId, input.accountId));
  where.push(olderThanCursor(input.cursor, surveyInvitations.createdAt, surveyInvitations.id));
  const rows = await selectInvitations(db)
    .where(and(...where))
    .orderBy(desc(surveyInvitations.createdAt), desc(surveyInvitations.id))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, (r) => [r.invitation.createdAt.toISOString(), r.invitation.id]);
  return { items: page.items.map((r) => presentInvitation(r, now)), nextCursor: page.nextCursor };
}

// --- the one reminder ---------------------------------------------------------------------------

/**
 * Queues the reminder of every open invitation sent survey_reminder_days ago or more, unanswered,
 * not reminded and not expired — once each (reminded_at). Run by the daily sweep.
 */
export async function sendSurveyReminders({ db, now }: ReadContext): Promise<number> {
  const settings = await getSettings(db);
  const due = await db
    .select({ id: surveyInvitations.id })
    .from(surveyInvitations)
    .where(
      and(
        isNull(surveyInvitations.respondedAt),
        isNull(surveyInvitations.remindedAt),
        gt(surveyInvitations.expiresAt, now),
        lte(surveyInvitations.createdAt, new Date(now.getTime() - settings.surveyReminderDays * DAY)),
      ),
    );
  let sent = 0;
  for (const { id } of due) {
    const didSend = await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ invitation: surveyInvitations, survey: surveys, timezone: accounts.timezone, contactEmail: contacts.email })
        .from(surveyInvitations)
        .innerJoin(surveys, eq(surveys.key, surveyInvitations.surveyKey))
        .innerJoin(accounts, eq(accounts.id, surveyInvitations.accountId))
        .leftJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
        .where(and(eq(surveyInvitations.id, id), isNull(surveyInvitations.remindedAt), isNull(surveyInvitations.respondedAt)))
        .for('update', { of: surveyInvitations });
      if (!row) return false;
      const { invitation, survey } = row;
      // A contact gone or without an address: nobody to remind; mark it so it is not tried daily.
      if (!invitation.contactId || !row.contactEmail) {
        await tx.update(surveyInvitations).set({ remindedAt: now }).where(eq(surveyInvitations.id, id));
        return false;
      }
      const link = newLink(linkBaseOf(settings));
      const queued = await queueMessage(
        { db: tx, actor: systemActor('survey reminders'), now },
        {
          accountId: invitation.accountId,
          orderId: invitation.orderId,
          contactId: invitation.contactId,
          template: 'survey_reminder',
          idempotencyKey: `survey-reminder:${id}`,
          survey: {
            name: survey.name,
            intro: survey.intro,
            link: link.url,
            expires_on: dateIn(invitation.expiresAt, row.timezone ?? settings.timezone),
          },
        },
      );
      await tx
        .update(surveyInvitations)
        .set({ remindedAt: now, reminderTokenHash: link.hash, reminderMessageId: queued.id })
        .where(eq(surveyInvitations.id, id));
      return true;
    });
    if (didSend) sent += 1;
  }
  return sent;
}

// Writing a message to the outbox, in the transaction of what caused it (docs/decisions/0014): it
// exists exactly when its cause committed, rendered once, and the send-messages job takes it from there.
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { MessageClass, MessageStatus, MessageTemplateKey } from '../../../contract/messages.js';
import { contacts, messages, orders } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { getSettings } from '../settings/index.js';
import { FieldErrors, recordAudit, type UseCaseContext } from '../shared/index.js';
import { CADENCE_WINDOW_MS, cadenceDecision, foldedNews } from './cadence.rules.js';
import { templateText } from './templates.js';
import { linkBaseOf, mintPortalLink, newLinkToken, preferencesUrl } from './links.js';
import { preferencesFooter } from './preferences.rules.js';
import { renderMessage, SHIPPED_TEMPLATES, usesVariable, type MessageVariables } from './templates.rules.js';
import { loadMessageVariables } from './variables.js';

export interface QueueMessageInput {
  accountId: string;
  orderId?: string | null;
  contactId: string;
  template: MessageTemplateKey;
  /** Default: the template's class. */
  class?: MessageClass;
  /** queued (default): goes out with the next send; draft: waits for a person to release it. */
  status?: Extract<MessageStatus, 'queued' | 'draft'>;
  /** What makes it once-only ("tracking:<order id>"): queueing the same key again returns the first. */
  idempotencyKey?: string;
  /** A thank-you note's own words, and its writer who signs it (the thank_you_note template). */
  note?: { text: string; signerId: string };
  /** A correction: what we said and what is true; signed by its writer (the correction template). */
  correction?: { said: string; text: string; signerId: string };
  /** What happened, from the playbook step that sends it (the progress_update template). */
  news?: { headline: string; text: string };
  /** The survey and its link (the survey_invitation and survey_reminder templates). */
  survey?: MessageVariables['survey'];
  /** The words proposed and the link (the testimonial_request template). */
  testimonial?: MessageVariables['testimonial'];
}

export interface QueuedMessage {
  id: string;
  status: MessageStatus;
  /** False when the idempotency key had already queued it: nothing new was written. */
  isNew: boolean;
}

/**
 * Writes a message once: the row, or — when another transaction wrote the same idempotency key
 * between the caller's look and this insert — theirs, which stands (`isNew` false).
 */
export async function insertMessageOnce(tx: Db, values: typeof messages.$inferInsert): Promise<QueuedMessage> {
  const [row] = await tx.insert(messages).values(values).onConflictDoNothing().returning({ id: messages.id, status: messages.status });
  if (row) return { ...row, isNew: true };
  const [theirs] = await tx
    .select({ id: messages.id, status: messages.status })
    .from(messages)
    .where(eq(messages.idempotencyKey, values.idempotencyKey!));
  return { ...theirs!, isNew: false };
}

/**
 * Renders the template for the contact (and order) and writes the message. Call it with the
 * cause's transaction as ctx.db: the message commits or rolls back with its cause.
 */
export async function queueMessage(ctx: UseCaseContext, input: QueueMessageInput): Promise<QueuedMessage> {
  const { db: tx, actor, now } = ctx;
  if (input.idempotencyKey) {
    const [existing] = await tx
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(eq(messages.idempotencyKey, input.idempotencyKey));
    if (existing) return { ...existing, isNew: false };
  }
  const errors = new FieldErrors();
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, input.contactId)));
  if (!contact) errors.add('contactId', `is not a contact: ${input.contactId}`);
  else if (contact.accountId !== input.accountId) errors.add('contactId', 'is a contact of another account');
  else if (!contact.email) errors.add('contactId', `${contact.name} has no email address`);
  let order: typeof orders.$inferSelect | null = null;
  if (input.orderId) {
    const [o] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if (!o) errors.add('orderId', `is not an order: ${input.orderId}`);
    else if (o.accountId !== input.accountId) errors.add('orderId', 'is an order of another account');
    else order = o;
  }
  // messages.invalid: the contact is not the account's or has no address, or the order is another account's.
  errors.throwIfAny('messages.invalid');

  const { vars, replyTo } = await loadMessageVariables(tx, {
    accountId: input.accountId,
    order,
    contact: contact!,
    note: input.note ? { text: input.note.text } : null,
    correction: input.correction ? { said: input.correction.said, text: input.correction.text } : null,
    signerId: input.note?.signerId ?? input.correction?.signerId ?? null,
    news: input.news ?? null,
    survey: input.survey ?? null,
    testimonial: input.testimonial ?? null,
  });
  const template = await templateText(tx, input.template);
  const settings = await getSettings(tx);
  const baseUrl = linkBaseOf(settings);
  // {{ portal_link }}: a portal link of its own for this message, made only when the template reads it.
  if (usesVariable(template, 'portal_link')) {
    const link = await mintPortalLink(tx, { accountId: input.accountId, baseUrl, days: settings.portalLinkDays, createdBy: null, now });
    vars.portal_link = link.url;
  }
  const rendered = await renderMessage(template, vars);
  const messageClass = input.class ?? SHIPPED_TEMPLATES[input.template].class;
  let status: MessageStatus = input.status ?? 'queued';
  let reason: string | null = null;
  let folded: { id: string; subject: string; text: string }[] = [];
  if (messageClass === 'progress' && status === 'queued') {
    // P1.3: the cadence guard. Held back, it keeps its reason; let through, it carries what was held back.
    const recent = await tx
      .select({ at: sql<Date>`coalesce(${messages.sentAt}, ${messages.createdAt})`.mapWith(messages.createdAt) })
      .from(messages)
      .where(
        and(
          eq(messages.contactId, contact!.id),
          eq(messages.class, 'progress'),
          inArray(messages.status, ['queued', 'sent']),
          gt(messages.createdAt, new Date(now.getTime() - 2 * CADENCE_WINDOW_MS)),
        ),
      );
    const decision = cadenceDecision({
      class: 'progress',
      contactLimit: contact!.updateLimit,
      defaultLimit: settings.defaultUpdateLimit,
      recentProgress: recent.map((r) => r.at),
      now,
    });
    if (!decision.allowed) {
      status = 'suppressed';
      reason = `held back: ${decision.reason}; its news goes with the next update`;
    } else {
      folded = await tx
        .select({ id: messages.id, subject: messages.subject, text: messages.text })
        .from(messages)
        .where(
          and(
            eq(messages.contactId, contact!.id),
            eq(messages.class, 'progress'),
            eq(messages.status, 'suppressed'),
            isNull(messages.foldedInto),
          ),
        )
        .orderBy(asc(messages.createdAt), asc(messages.id));
      const news = foldedNews(folded);
      if (news) {
        rendered.text = `${rendered.text}${news.text}`;
        rendered.html = `${rendered.html}\n${news.html}`;
      }
    }
  }
  // Every progress message that may go out carries the link to choose fewer or none (docs/preferences.md).
  let preferences: { preferencesTokenHash: string; listUnsubscribe: string } | null = null;
  if (messageClass === 'progress' && status !== 'suppressed') {
    const { token, hash } = newLinkToken();
    const url = preferencesUrl(baseUrl, token);
    const footer = preferencesFooter({ orgName: settings.orgName, limit: contact!.updateLimit ?? settings.defaultUpdateLimit, url });
    rendered.text = `${rendered.text.trimEnd()}${footer.text}`;
    rendered.html = `${rendered.html}${footer.html}`;
    preferences = { preferencesTokenHash: hash, listUnsubscribe: url };
  }
  const row = await insertMessageOnce(tx, {
    accountId: input.accountId,
    orderId: order?.id ?? null,
    contactId: contact!.id,
    to: contact!.email!,
    class: messageClass,
    template: input.template,
    ...rendered,
    ...preferences,
    status,
    reason,
    idempotencyKey: input.idempotencyKey ?? null,
    replyTo,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  if (!row.isNew) return row;
  if (folded.length > 0) {
    await tx
      .update(messages)
      .set({ foldedInto: row.id, updatedAt: now })
      .where(
        inArray(
          messages.id,
          folded.map((f) => f.id),
        ),
      );
  }
  await recordAudit(
    tx,
    actor,
    {
      action: 'messages.queue',
      entity: 'message',
      entityId: row.id,
      changes: {
        template: input.template,
        to: contact!.email,
        orderId: order?.id ?? null,
        status: row.status,
        reason,
        folded: folded.map((f) => f.id),
      },
    },
    now,
  );
  return row;
}

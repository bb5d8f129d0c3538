import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { MESSAGE_CLASSES, MESSAGE_STATUSES, MESSAGE_TEMPLATE_KEYS } from '../../../contract/messages.js';
import { accounts, contacts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { orders } from './orders.js';
import { tasks } from './playbooks.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The outbox of messages to customer contacts (docs/decisions/0014): written in the same
 * transaction as what caused it, rendered once from its template, sent by the send-messages job.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The account it is about; null only for a colleague's mail about no one account (a daily digest, docs/decisions/0019). */
    accountId: uuid('account_id').references(() => accounts.id),
    orderId: uuid('order_id').references(() => orders.id),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** A calendar invitation to a colleague (a step's assignee) instead of a contact. */
    userId: uuid('user_id').references(() => users.id),
    /** The playbook step a calendar invitation is for (its UID derives from it). */
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    /** The .ics attached (METHOD:REQUEST), rendered when queued. */
    calendar: text('calendar'),
    /** The invitation's SEQUENCE: 0 at first, one more at each change of the step's time or hands. */
    calendarSequence: integer('calendar_sequence'),
    /** The address at the time it was written. */
    to: text('to').notNull(),
    class: text('class', { enum: MESSAGE_CLASSES }).notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('queued'),
    reason: text('reason'),
    /** What makes it once-only ("tracking:<order id>"): a second queueing of the same key adds nothing. */
    idempotencyKey: text('idempotency_key'),
    /** The Message-ID header, fixed at the first attempt so every resend is recognisably the same mail. */
    messageId: text('message_id'),
    /** The account's CSR when written: the Reply-To. */
    replyTo: text('reply_to'),
    /** A held-back (suppressed) progress update: the later update its news went out with. */
    foldedInto: uuid('folded_into'),
    /** A progress message's preferences link: the SHA-256 of its token (docs/preferences.md). */
    preferencesTokenHash: text('preferences_token_hash'),
    /** The preferences link itself, for the List-Unsubscribe header (RFC 2369, one-click per RFC 8058). */
    listUnsubscribe: text('list_unsubscribe'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: ts('next_attempt_at'),
    /** A worker is sending it until then; after, another may (a crashed worker's lease runs out). */
    lockedUntil: ts('locked_until'),
    sentAt: ts('sent_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('messages_preferences_token_key').on(t.preferencesTokenHash),
    index('messages_created_idx').on(t.createdAt, t.id),
    index('messages_account_idx').on(t.accountId, t.createdAt),
    index('messages_order_idx').on(t.orderId),
    index('messages_contact_class_idx').on(t.contactId, t.class, t.createdAt),
    index('messages_task_idx').on(t.taskId),
    index('messages_due_idx')
      .on(t.nextAttemptAt, t.createdAt)
      .where(sql`${t.status} = 'queued'`),
    check('messages_recipient_check', sql`${t.accountId} is not null or ${t.userId} is not null`),
    checkOneOf('messages_class_check', t.class, MESSAGE_CLASSES),
    checkOneOf('messages_status_check', t.status, MESSAGE_STATUSES),
  ],
);

/** An organisation's own text for a shipped template (the shipped text is in the code until then). */
export const messageTemplates = pgTable(
  'message_templates',
  {
    key: text('key', { enum: MESSAGE_TEMPLATE_KEYS }).primaryKey(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [checkOneOf('message_templates_key_check', t.key, MESSAGE_TEMPLATE_KEYS)],
);

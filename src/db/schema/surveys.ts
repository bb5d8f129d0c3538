import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SURVEY_TOUCHPOINTS } from '../../../contract/surveys.js';
import { accounts, contacts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { messages } from './messages.js';
import { orders } from './orders.js';
import { tasks } from './playbooks.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Transaction surveys (docs/surveys.md): one per touchpoint ships; each question null when not asked. */
export const surveys = pgTable(
  'surveys',
  {
    key: text('key').primaryKey(),
    touchpoint: text('touchpoint', { enum: SURVEY_TOUCHPOINTS }).notNull(),
    name: text('name').notNull(),
    intro: text('intro').notNull().default(''),
    csatQuestion: text('csat_question'),
    npsQuestion: text('nps_question'),
    cesQuestion: text('ces_question'),
    commentQuestion: text('comment_question'),
    isBuiltin: boolean('is_builtin').notNull().default(false),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [checkOneOf('surveys_touchpoint_check', t.touchpoint, SURVEY_TOUCHPOINTS)],
);

/**
 * A survey sent to a contact: the link in the invitation and the one in its reminder are its
 * credentials (only their SHA-256 kept); one answer; it expires.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyKey: text('survey_key')
      .notNull()
      .references(() => surveys.key, { onUpdate: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    orderId: uuid('order_id').references(() => orders.id),
    /** The playbook step that sent it. */
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    tokenHash: text('token_hash').notNull(),
    reminderTokenHash: text('reminder_token_hash'),
    messageId: uuid('message_id').references(() => messages.id),
    reminderMessageId: uuid('reminder_message_id').references(() => messages.id),
    expiresAt: ts('expires_at').notNull(),
    remindedAt: ts('reminded_at'),
    respondedAt: ts('responded_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('survey_invitations_token_key').on(t.tokenHash),
    uniqueIndex('survey_invitations_reminder_token_key').on(t.reminderTokenHash),
    uniqueIndex('survey_invitations_task_key').on(t.taskId),
    index('survey_invitations_account_idx').on(t.accountId, t.createdAt),
  ],
);

/** One answer per invitation (the unique invitation id): a second submit changes nothing. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => surveyInvitations.id),
    surveyKey: text('survey_key').notNull(),
    touchpoint: text('touchpoint', { enum: SURVEY_TOUCHPOINTS }).notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    orderId: uuid('order_id').references(() => orders.id),
    csat: integer('csat'),
    nps: integer('nps'),
    ces: integer('ces'),
    comment: text('comment'),
    isDetractor: boolean('is_detractor').notNull(),
    answeredAt: ts('answered_at').notNull(),
  },
  (t) => [
    uniqueIndex('survey_responses_invitation_key').on(t.invitationId),
    index('survey_responses_account_idx').on(t.accountId, t.answeredAt),
    checkOneOf('survey_responses_touchpoint_check', t.touchpoint, SURVEY_TOUCHPOINTS),
  ],
);

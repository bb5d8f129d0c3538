// Thank-you notes (docs/thank-you-notes.md): who wrote to whom, how, and what came back by hand.
// What came back on its own (a quote or order within the window) is computed when read, never copied here.
import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTE_CHANNELS, NOTE_OUTCOMES, NOTE_RECIPIENT_KINDS } from '../../../contract/thank-you-notes.js';
import { accounts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { activities } from './orders.js';
import { tasks } from './playbooks.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const thankYouNotes = pgTable(
  'thank_you_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    recipientKind: text('recipient_kind', { enum: NOTE_RECIPIENT_KINDS }).notNull(),
    /** The customer or supplier thanked; null for a colleague. */
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id'),
    /** The colleague thanked; null for a customer or supplier. */
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    channel: text('channel', { enum: NOTE_CHANNELS }).notNull(),
    body: text('body').notNull(),
    writtenAt: ts('written_at').notNull(),
    /** The calendar day it was written, in the organisation's timezone (a day's quota and the streaks count these). */
    writtenOn: date('written_on', { mode: 'string' }).notNull(),
    activityId: uuid('activity_id').references(() => activities.id, { onDelete: 'set null' }),
    messageId: uuid('message_id'),
    outcome: text('outcome', { enum: NOTE_OUTCOMES }).notNull().default('none'),
    outcomeAt: ts('outcome_at'),
    outcomeBy: uuid('outcome_by').references(() => users.id),
    followUpTaskId: uuid('follow_up_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('thank_you_notes_written_idx').on(t.writtenAt, t.id),
    index('thank_you_notes_author_idx').on(t.authorId, t.writtenOn),
    index('thank_you_notes_account_idx').on(t.accountId, t.writtenAt),
    checkOneOf('thank_you_notes_recipient_kind_check', t.recipientKind, NOTE_RECIPIENT_KINDS),
    checkOneOf('thank_you_notes_channel_check', t.channel, NOTE_CHANNELS),
    checkOneOf('thank_you_notes_outcome_check', t.outcome, NOTE_OUTCOMES),
    // A colleague has no account; a customer or supplier is an account.
    check(
      'thank_you_notes_recipient_check',
      sql`(${t.recipientKind} = 'colleague' and ${t.recipientUserId} is not null and ${t.accountId} is null)
        or (${t.recipientKind} <> 'colleague' and ${t.accountId} is not null and ${t.recipientUserId} is null)`,
    ),
  ],
);

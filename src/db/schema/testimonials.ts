import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { TESTIMONIAL_CREDITS, TESTIMONIAL_STATUSES } from '../../../contract/testimonials.js';
import { accounts, contacts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { messages } from './messages.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Testimonials (docs/testimonials.md): the link in the request is the customer's credential (its SHA-256 kept). */
export const testimonials = pgTable(
  'testimonials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    proposedText: text('proposed_text').notNull(),
    text: text('text'),
    credit: text('credit', { enum: TESTIMONIAL_CREDITS }),
    pseudonym: text('pseudonym'),
    status: text('status', { enum: TESTIMONIAL_STATUSES }).notNull().default('requested'),
    tokenHash: text('token_hash').notNull(),
    messageId: uuid('message_id').references(() => messages.id),
    requestedBy: uuid('requested_by').references(() => users.id),
    requestedAt: ts('requested_at').notNull(),
    approvedAt: ts('approved_at'),
    declinedAt: ts('declined_at'),
    withdrawnAt: ts('withdrawn_at'),
  },
  (t) => [
    uniqueIndex('testimonials_token_key').on(t.tokenHash),
    index('testimonials_account_idx').on(t.accountId, t.requestedAt),
    checkOneOf('testimonials_credit_check', t.credit, TESTIMONIAL_CREDITS),
    checkOneOf('testimonials_status_check', t.status, TESTIMONIAL_STATUSES),
  ],
);

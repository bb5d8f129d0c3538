import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ReferralEvidence } from '../../../contract/referrals.js';
import { accounts, contacts } from './accounts.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Referrals asked for (docs/referrals.md), each with the proof that allowed it at the time. */
export const referralRequests = pgTable(
  'referral_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    note: text('note'),
    evidence: jsonb('evidence').$type<ReferralEvidence>().notNull(),
    requestedBy: uuid('requested_by').references(() => users.id),
    requestedAt: ts('requested_at').notNull(),
    /** When the customer gave the referral (recorded by staff), and whom they referred. */
    givenAt: ts('given_at'),
    givenNote: text('given_note'),
    givenRecordedBy: uuid('given_recorded_by').references(() => users.id),
  },
  (t) => [index('referral_requests_account_idx').on(t.accountId, t.requestedAt)],
);

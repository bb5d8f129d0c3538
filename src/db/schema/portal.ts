import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { PortalFormValues } from '../../../contract/portal.js';
import { accounts } from './accounts.js';
import { tasks } from './playbooks.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A customer portal link (docs/portal.md): the token itself is shown once, in the create's answer;
 * only its SHA-256 is kept, so a copy of the database opens no portal.
 */
export const portalLinks = pgTable(
  'portal_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [uniqueIndex('portal_links_token_hash_key').on(t.tokenHash), index('portal_links_account_idx').on(t.accountId, t.createdAt)],
);

/** What a customer typed in the new-customer form, one row per account, saved as they type. */
export const portalForms = pgTable('portal_forms', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  values: jsonb('values').$type<PortalFormValues>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  /** The last "Send to us". */
  submittedAt: ts('submitted_at'),
  /** The CSR's review task of the last "Send to us". */
  reviewTaskId: uuid('review_task_id').references(() => tasks.id, { onDelete: 'set null' }),
});

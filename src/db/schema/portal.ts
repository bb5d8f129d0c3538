import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PORTAL_DOCUMENT_KINDS, PORTAL_DOCUMENT_TYPES } from '../../../contract/portal.js';
import { checkOneOf } from './enum-check.js';
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

/** Bytes as they are: node-postgres reads a Buffer, PGlite a Uint8Array (both are Uint8Arrays). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A file a customer uploaded through the portal (a tax-exemption certificate): kept in the
 * database, so every process of a PostgreSQL installation serves it and a backup holds it. Only
 * PDF, PNG and JPEG, checked by their first bytes; served to staff as an attachment only.
 */
export const portalDocuments = pgTable(
  'portal_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    linkId: uuid('link_id').references(() => portalLinks.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: PORTAL_DOCUMENT_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type', { enum: PORTAL_DOCUMENT_TYPES }).notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [
    index('portal_documents_account_idx').on(t.accountId, t.uploadedAt),
    checkOneOf('portal_documents_kind_check', t.kind, PORTAL_DOCUMENT_KINDS),
    checkOneOf('portal_documents_content_type_check', t.contentType, PORTAL_DOCUMENT_TYPES),
  ],
);

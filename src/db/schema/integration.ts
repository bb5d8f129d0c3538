import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { IMPORT_KIND_VALUES, IMPORT_SOURCES, IMPORT_STATUSES } from '../../../contract/imports.js';
import { checkOneOf } from './enum-check.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A mapping saved under a name, to import the next export of the same shape without mapping it again (docs/imports.md, "Saved mappings"). */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: IMPORT_KIND_VALUES }).notNull(),
    name: text('name').notNull(),
    /** The mapping document as saved (checked when saved): fields, defaults and the options. */
    mapping: jsonb('mapping').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('import_mappings_kind_name_key').on(t.kind, t.name),
    checkOneOf('import_mappings_kind_check', t.kind, IMPORT_KIND_VALUES),
  ],
);

/** A CSV import: who, when, which file, what it did (issue: data in and out). */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: IMPORT_KIND_VALUES }).notNull(),
    fileName: text('file_name').notNull(),
    fileHash: text('file_hash').notNull(),
    /** rejected: bad rows, nothing written */
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    isDryRun: boolean('is_dry_run').notNull().default(false),
    mapping: jsonb('mapping'),
    totalRows: integer('total_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    rejectedCount: integer('rejected_count').notNull().default(0),
    /** Amounts rounded by the `round` option: [{currency, count, difference}] (docs/imports.md, "Rounding"). */
    rounded: jsonb('rounded').notNull().default([]),
    /** A sales import: {accounts, orders, lines}, each {created, updated, unchanged} (docs/imports.md, "One file with everything"). */
    breakdown: jsonb('breakdown'),
    /** The first bad rows: [{line, column, value, reason}]. */
    problems: jsonb('problems'),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id),
    source: text('source', { enum: IMPORT_SOURCES }).notNull().default('api'),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    /** An import written in short transactions (decision 0023): true from the moment its rows are visible. */
    isPublished: boolean('is_published').notNull().default(false),
  },
  (t) => [
    index('imports_started_idx').on(t.startedAt),
    index('imports_published_idx')
      .on(t.id)
      .where(sql`${t.isPublished}`),
    checkOneOf('imports_kind_check', t.kind, IMPORT_KIND_VALUES),
    checkOneOf('imports_status_check', t.status, IMPORT_STATUSES),
    checkOneOf('imports_source_check', t.source, IMPORT_SOURCES),
  ],
);

/** Signing secrets for inbound ERP webhooks (Standard Webhooks). Several may be live while rotating. */
export const webhookSecrets = pgTable('webhook_secrets', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  // NOTE: HMAC needs the secret itself, so it cannot be stored as a one-way hash like API tokens.
  secret: text('secret').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
});

/** Each webhook-id is processed once (kept 7 days). */
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    webhookId: text('webhook_id').primaryKey(),
    eventType: text('event_type').notNull(),
    receivedAt: ts('received_at').notNull(),
    result: jsonb('result'),
  },
  (t) => [index('webhook_receipts_received_idx').on(t.receivedAt)],
);

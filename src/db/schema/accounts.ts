import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ACCOUNT_KINDS, CONTACT_ROLES } from '../../../contract/accounts.js';
import { ROLES } from '../../../contract/common.js';
import { checkOneOf } from './enum-check.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The columns of accounts (test/integration/new-field.test.ts adds one to prove a new field round-trips). */
export const accountColumns = {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
  externalRef: text('external_ref'),
  isLost: boolean('is_lost').notNull().default(false),
  tier: text('tier'),
  /** Minor units of `currency`. */
  potentialAnnualSpend: bigint('potential_annual_spend', { mode: 'number' }),
  acquisitionCost: bigint('acquisition_cost', { mode: 'number' }),
  currency: text('currency').notNull(),
  timezone: text('timezone'),
  phone: text('phone'),
  city: text('city'),
  country: text('country'),
  // Order statistics kept in step with orders in the same transaction (for lists and status).
  orderCount: integer('order_count').notNull().default(0),
  firstOrderId: uuid('first_order_id'),
  firstOrderAt: ts('first_order_at'),
  /** Its second order (the same ordering as the first); the figures read both (decision 0022). */
  secondOrderId: uuid('second_order_id'),
  secondOrderAt: ts('second_order_at'),
  lastOrderAt: ts('last_order_at'),
  /** The first, second and last orders' placed days in the account's (else the organisation's) timezone (decision 0022). */
  firstOrderOn: date('first_order_on', { mode: 'string' }),
  secondOrderOn: date('second_order_on', { mode: 'string' }),
  lastOrderOn: date('last_order_on', { mode: 'string' }),
  /** Median of the days between consecutive order dates (account timezone, else the org's); null below 2 orders. */
  medianGapDays: real('median_gap_days'),
  /** The earliest due time of its problems not yet fixed (open or fixing), kept in step by src/domain/problems; null when none. */
  problemDueAt: ts('problem_due_at'),
  /** When its latest detractor's survey answer came (docs/surveys.md), kept by src/domain/surveys; null when none. */
  lastDetractorAt: ts('last_detractor_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
};

export const accounts = pgTable('accounts', accountColumns, (t) => [
  uniqueIndex('accounts_kind_external_ref_key').on(t.kind, t.externalRef),
  index('accounts_name_idx').on(sql`lower(${t.name})`, t.id),
  index('accounts_last_order_idx').on(t.lastOrderAt, t.id),
  index('accounts_created_idx').on(t.createdAt, t.id),
  index('accounts_potential_spend_idx').on(t.potentialAnnualSpend, t.id),
  checkOneOf('accounts_kind_check', t.kind, ACCOUNT_KINDS),
]);

/** Accounts belong to the team, not one owner (P4.4). */
export const accountTeam = pgTable(
  'account_team',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId, t.role] }),
    index('account_team_user_idx').on(t.userId),
    checkOneOf('account_team_role_check', t.role, ROLES),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    externalRef: text('external_ref'),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    title: text('title'),
    roleAtCustomer: text('role_at_customer', { enum: CONTACT_ROLES }).notNull().default('other'),
    isPrimary: boolean('is_primary').notNull().default(false),
    updateLimit: integer('update_limit'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('contacts_account_idx').on(t.accountId),
    uniqueIndex('contacts_external_ref_key').on(t.accountId, t.externalRef),
    // The database itself guarantees one primary contact per account.
    uniqueIndex('contacts_one_primary_key')
      .on(t.accountId)
      .where(sql`${t.isPrimary}`),
    checkOneOf('contacts_role_at_customer_check', t.roleAtCustomer, CONTACT_ROLES),
  ],
);

/** The concerns the customer bought on, captured at the sale (P5.4). */
export const hotButtons = pgTable(
  'hot_buttons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    capturedBy: uuid('captured_by').references(() => users.id),
    capturedAt: ts('captured_at').notNull().defaultNow(),
  },
  (t) => [index('hot_buttons_account_idx').on(t.accountId)],
);

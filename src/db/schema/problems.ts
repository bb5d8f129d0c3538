// Problems (docs/problems.md): what went wrong for a customer, where the expectation was set, who is
// responsible (proposed, then confirmed), what was done for this customer and what keeps it from
// happening again. The fix-the-customer call, the GM's notice and the preventive action are tasks.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PREVENTIVE_KINDS, PROBLEM_ORIGINS, PROBLEM_SOURCES, PROBLEM_STATUSES, RESPONSIBLE_SOURCES } from '../../../contract/problems.js';
import { accounts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { tasks } from './playbooks.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const problems = pgTable(
  'problems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** No foreign key, as every reference to orders (decision 0007): openProblem checks it is the account's. */
    orderId: uuid('order_id'),
    source: text('source', { enum: PROBLEM_SOURCES }).notNull(),
    /** Once key: the event that opened it (a survey answer, a hot button's follow-up); a replay opens nothing more. */
    sourceKey: text('source_key'),
    category: text('category').notNull(),
    description: text('description').notNull(),
    rootCause: text('root_cause'),
    origin: text('origin', { enum: PROBLEM_ORIGINS }),
    responsibleUserId: uuid('responsible_user_id').references(() => users.id),
    responsibleSource: text('responsible_source', { enum: RESPONSIBLE_SOURCES }),
    responsibleConfirmedAt: ts('responsible_confirmed_at'),
    responsibleConfirmedBy: uuid('responsible_confirmed_by').references(() => users.id),
    productClaim: text('product_claim'),
    correctiveAction: text('corrective_action'),
    preventiveAction: text('preventive_action'),
    preventiveKind: text('preventive_kind', { enum: PREVENTIVE_KINDS }),
    preventiveOwnerId: uuid('preventive_owner_id').references(() => users.id),
    preventiveDueOn: date('preventive_due_on', { mode: 'string' }),
    preventiveTaskId: uuid('preventive_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    preventiveNoneNeeded: boolean('preventive_none_needed').notNull().default(false),
    preventiveNoneReason: text('preventive_none_reason'),
    status: text('status', { enum: PROBLEM_STATUSES }).notNull().default('open'),
    /** When the customer must have been called back (one business day after opening). */
    dueAt: ts('due_at').notNull(),
    fixTaskId: uuid('fix_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    openedBy: uuid('opened_by').references(() => users.id),
    openedAt: ts('opened_at').notNull(),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('problems_source_key').on(t.sourceKey),
    index('problems_account_idx').on(t.accountId, t.openedAt),
    index('problems_opened_idx').on(t.openedAt, t.id),
    index('problems_origin_idx').on(t.origin, t.openedAt),
    index('problems_responsible_idx').on(t.responsibleUserId, t.openedAt),
    // A done task asks whether it prevents a problem (completeTask → notePreventiveDone).
    index('problems_preventive_task_idx').on(t.preventiveTaskId),
    checkOneOf('problems_source_check', t.source, PROBLEM_SOURCES),
    checkOneOf('problems_origin_check', t.origin, PROBLEM_ORIGINS),
    checkOneOf('problems_status_check', t.status, PROBLEM_STATUSES),
    checkOneOf('problems_preventive_kind_check', t.preventiveKind, PREVENTIVE_KINDS),
    checkOneOf('problems_responsible_source_check', t.responsibleSource, RESPONSIBLE_SOURCES),
    // Closed means prevented, or no prevention needed for a stated reason.
    check(
      'problems_closed_check',
      sql`${t.status} <> 'closed' or ${t.preventiveNoneNeeded} = false or ${t.preventiveNoneReason} is not null`,
    ),
  ],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ROLES } from '../../../contract/common.js';
import { JOURNEY_STAGES } from '../../../contract/journeys.js';
import { ORDER_STATUSES } from '../../../contract/orders.js';
import { EVENT_SOURCES, RUN_STATUSES, STEP_KINDS } from '../../../contract/playbooks.js';
import { TASK_STATUSES } from '../../../contract/tasks.js';
import { accounts } from './accounts.js';
import { checkAllOf, checkOneOf } from './enum-check.js';
import { orders, quotes } from './orders.js';
import { users } from './users.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The outbox: every business change writes its domain event in the same transaction. The job
 * runner dispatches undelivered rows (dispatched_at is null) to playbook triggers.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    accountId: uuid('account_id'),
    payload: jsonb('payload')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** When it happened in the business (an imported order's placed date), not when it was written. */
    occurredAt: ts('occurred_at').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    source: text('source', { enum: EVENT_SOURCES }).notNull().default('api'),
    dispatchedAt: ts('dispatched_at'),
  },
  (t) => [
    index('domain_events_undispatched_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
    index('domain_events_subject_idx').on(t.subjectType, t.subjectId),
    checkOneOf('domain_events_source_check', t.source, EVENT_SOURCES),
  ],
);

/** Versioned playbook documents (docs/domain.md §3). Editing makes a new version; runs keep theirs. */
export const playbooks = pgTable(
  'playbooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    /** The validated document (trigger, steps). */
    document: jsonb('document').notNull(),
    /** The text as written (YAML or JSON), for editing. */
    source: text('source').notNull(),
    isBuiltin: boolean('is_builtin').notNull().default(false),
    /** The version new runs use; one per key. */
    isCurrent: boolean('is_current').notNull().default(true),
    isEnabled: boolean('is_enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('playbooks_key_version_key').on(t.key, t.version),
    uniqueIndex('playbooks_current_key')
      .on(t.key)
      .where(sql`${t.isCurrent}`),
  ],
);

export const playbookRuns = pgTable(
  'playbook_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    playbookId: uuid('playbook_id')
      .notNull()
      .references(() => playbooks.id),
    playbookKey: text('playbook_key').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    orderId: uuid('order_id').references(() => orders.id),
    quoteId: uuid('quote_id').references(() => quotes.id),
    triggerEventId: bigint('trigger_event_id', { mode: 'number' }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('active'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    // A run starts once per (playbook version, subject, triggering event): replays never duplicate.
    uniqueIndex('playbook_runs_once_key').on(t.playbookId, t.subjectId, t.triggerEventId),
    // The dispatcher looks up a subject's active runs for every event (stopOn, wait steps).
    index('playbook_runs_subject_active_idx')
      .on(t.subjectId)
      .where(sql`${t.status} = 'active'`),
    index('playbook_runs_order_idx').on(t.orderId),
    index('playbook_runs_account_idx').on(t.accountId),
    checkOneOf('playbook_runs_status_check', t.status, RUN_STATUSES),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').references(() => playbookRuns.id),
    stepKey: text('step_key'),
    title: text('title').notNull(),
    guidance: text('guidance'),
    kind: text('kind', { enum: STEP_KINDS }).notNull().default('task'),
    accountId: uuid('account_id').references(() => accounts.id),
    orderId: uuid('order_id').references(() => orders.id),
    quoteId: uuid('quote_id').references(() => quotes.id),
    /** A staff role (or null when assigned to a person only). */
    role: text('role', { enum: ROLES }),
    assigneeId: uuid('assignee_id').references(() => users.id),
    dueAt: ts('due_at'),
    /** waiting (its requires are not done) | open | done | skipped */
    status: text('status', { enum: TASK_STATUSES }).notNull().default('open'),
    requires: text('requires')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** What completing it needs (note, checklist items, call outcome, sign-offs). */
    evidence: jsonb('evidence'),
    /** The order status this task must be done before (a gate), if any. */
    gateStatus: text('gate_status', { enum: ORDER_STATUSES }),
    /** The onboarding journey's stage the step belongs to, if any (docs/journeys.md). */
    stage: text('stage', { enum: JOURNEY_STAGES }),
    outcome: jsonb('outcome'),
    completedBy: uuid('completed_by').references(() => users.id),
    completedAt: ts('completed_at'),
    escalatedAt: ts('escalated_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('tasks_open_role_idx').on(t.status, t.role, t.dueAt),
    index('tasks_assignee_idx').on(t.assigneeId, t.status, t.dueAt),
    index('tasks_order_idx').on(t.orderId),
    index('tasks_run_idx').on(t.runId),
    index('tasks_account_idx').on(t.accountId),
    index('tasks_quote_idx').on(t.quoteId),
    checkOneOf('tasks_kind_check', t.kind, STEP_KINDS),
    checkOneOf('tasks_role_check', t.role, ROLES),
    checkOneOf('tasks_status_check', t.status, TASK_STATUSES),
    checkOneOf('tasks_gate_status_check', t.gateStatus, ORDER_STATUSES),
    checkOneOf('tasks_stage_check', t.stage, JOURNEY_STAGES),
    // The executive-calls report reads calls by stage and due time.
    index('tasks_stage_due_idx')
      .on(t.dueAt)
      .where(sql`${t.stage} is not null`),
  ],
);

/** Distinct sign-offs on a task (P1.8 double inspection): one per user. */
export const taskSignoffs = pgTable(
  'task_signoffs',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roles: text('roles', { enum: ROLES }).array().notNull(),
    note: text('note'),
    signedAt: ts('signed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.userId] }), checkAllOf('task_signoffs_roles_check', t.roles, ROLES)],
);

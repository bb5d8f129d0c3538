// The onboarding journey (docs/journeys.md): one row per stage of a journey run, with when the
// account entered it and when it completed it. The tasks themselves carry their stage (tasks.stage).
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { JOURNEY_STAGES } from '../../../contract/journeys.js';
import { accounts } from './accounts.js';
import { checkOneOf } from './enum-check.js';
import { playbookRuns } from './playbooks.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const journeyStages = pgTable(
  'journey_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => playbookRuns.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: JOURNEY_STAGES }).notNull(),
    /** The stage's place in the journey (0 first). */
    position: integer('position').notNull(),
    enteredAt: ts('entered_at'),
    completedAt: ts('completed_at'),
  },
  (t) => [
    uniqueIndex('journey_stages_run_stage_key').on(t.runId, t.stage),
    index('journey_stages_account_idx').on(t.accountId),
    checkOneOf('journey_stages_stage_check', t.stage, JOURNEY_STAGES),
  ],
);

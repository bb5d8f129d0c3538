import { bigint, date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { SWEEP_EVENT_TYPES } from '../../../contract/playbooks.js';
import { checkOneOf } from './enum-check.js';

/**
 * What the daily sweep emitted, one row per episode (docs/domain.md §4 figures turned into events): an
 * account neglected once per last order, rhythm overdue once per last order, an order at late risk
 * once per (promised date, expected ship date), schedule.daily once per day. The primary key makes
 * a re-run of the same day — or an `--as-of` replay — emit nothing new.
 */
export const sweepEpisodes = pgTable(
  'sweep_episodes',
  {
    /** The event type it emitted. */
    kind: text('kind', { enum: SWEEP_EVENT_TYPES }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** What identifies the episode for this subject (a last order instant, promised|expected dates, a day). */
    episode: text('episode').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    /** The sweep day (org timezone) that emitted it. */
    sweptOn: date('swept_on', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subjectId, t.episode] }), checkOneOf('sweep_episodes_kind_check', t.kind, SWEEP_EVENT_TYPES)],
);

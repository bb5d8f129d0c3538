// Job: the daily sweep at the configured local time (config.dailySweepAt, organisation timezone).
// It runs the same use case as `rapport sweep` — one transaction emitting account.neglected,
// account.rhythm_overdue, order.late_risk (once per episode) and schedule.daily (once per day), and
// expiring the open quotes past their valid-until date (quote.expired) — then dispatches what it
// emitted; then queues the one reminder of each survey left unanswered for survey_reminder_days
// (docs/surveys.md); then queues each colleague's morning digest of due and overdue steps
// (docs/escalation.md). A retry of the job emits nothing twice (sweep_episodes; an expired quote is
// not open; a reminded invitation has reminded_at; a digest is once per person and day).
import type { Database } from '../db/client.js';
import type { Clock } from '../domain/shared/index.js';
import { queueStaffDigests } from '../domain/messages/index.js';
import { sendSurveyReminders } from '../domain/surveys/index.js';
import { runSweep, type SweepResult } from '../domain/sweep/index.js';
import { runDispatchEvents } from './dispatch-events.js';

export const DAILY_SWEEP = 'daily-sweep';
export const dailySweepQueue = { retryLimit: 3, retryDelay: 60, retryBackoff: true };

/** "07:30" → "30 7 * * *" */
export function sweepCron(at: string): string {
  const [h, m] = at.split(':').map(Number);
  return `${m} ${h} * * *`;
}

export async function runDailySweep(database: Database, clock: Clock): Promise<SweepResult> {
  const result = await runSweep({ db: database.db, now: clock.now() });
  await runDispatchEvents(database, clock);
  await sendSurveyReminders({ db: database.db, now: clock.now() });
  await queueStaffDigests({ db: database.db, now: clock.now() });
  return result;
}

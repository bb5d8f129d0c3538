// Job: the daily sweep at the configured local time. For now it records that it ran (audit log)
// and dispatches anything left in the outbox; neglect / rhythm / late-risk events arrive with
// their issues. TODO: emit account.neglected, account.rhythm_overdue, order.late_risk when those land.
import type { Database } from '../db/client.js';
import { recordAudit, systemActor, type Clock } from '../domain/shared/index.js';
import { runDispatchEvents } from './dispatch-events.js';

export const DAILY_SWEEP = 'daily-sweep';
export const dailySweepQueue = { retryLimit: 3, retryDelay: 60, retryBackoff: true };

/** "07:30" → "30 7 * * *" */
export function sweepCron(at: string): string {
  const [h, m] = at.split(':').map(Number);
  return `${m} ${h} * * *`;
}

export async function runDailySweep(database: Database, clock: Clock): Promise<void> {
  await database.db.transaction(async (tx) => {
    await recordAudit(tx, systemActor('daily-sweep'), { action: 'jobs.daily_sweep', entity: 'job', entityId: null }, clock.now());
  });
  await runDispatchEvents(database, clock);
}

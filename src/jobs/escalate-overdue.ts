// Job: escalate tasks overdue by more than the grace to the GM, once each.
import type { Database } from '../db/client.js';
import { escalateOverdueTasks } from '../domain/playbooks/index.js';
import type { Clock } from '../domain/shared/index.js';

export const ESCALATE_OVERDUE = 'escalate-overdue';
export const escalateOverdueQueue = { retryLimit: 3, retryDelay: 30, retryBackoff: true };
export const ESCALATE_CRON = '*/15 * * * *';

export async function runEscalateOverdue(database: Database, clock: Clock, graceHours: number): Promise<{ escalated: number }> {
  return { escalated: await escalateOverdueTasks({ db: database.db, now: clock.now() }, { graceHours }) };
}

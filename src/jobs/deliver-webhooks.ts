// Job: POST the outbound webhook deliveries that are due (docs/decisions/0016). Retries and backoff
// are per delivery (attempts, next_attempt_at), so one dead receiver never holds back the others;
// the job itself only fails when the database does.
import type { Database } from '../db/client.js';
import type { Clock } from '../domain/shared/index.js';
import { deliverWebhooks, hasWebhookDeliveriesDue, type DeliverResult } from '../domain/webhook-endpoints/index.js';

export const DELIVER_WEBHOOKS = 'deliver-webhooks';
export const deliverWebhooksQueue = { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 };
/** How often a worker looks for due deliveries. */
export const DELIVER_INTERVAL_MS = 2_000;

export async function runDeliverWebhooks(database: Database, clock: Clock): Promise<DeliverResult> {
  return deliverWebhooks({ db: database.db, now: clock.now() });
}

/** The webhook pump's tick: queue a delivery job only when a delivery is due (an idle install writes nothing). */
export async function pumpDeliverWebhooks(database: Database, clock: Clock, send: () => Promise<unknown>): Promise<boolean> {
  if (!(await hasWebhookDeliveriesDue({ db: database.db, now: clock.now() }))) return false;
  await send();
  return true;
}

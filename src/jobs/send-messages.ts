// Job: send the queued messages that are due over SMTP (docs/decisions/0014). Retries and backoff
// are per message (attempts, next_attempt_at), so one bad address never holds the others; the job
// itself only fails when the database does. Without a mail server it sends nothing: the messages
// wait in the outbox and go out once SMTP_URL and MAIL_FROM are set.
import { mailServerOf, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import { hasMessagesDue, sendQueuedMessages, type SendResult } from '../domain/delivery/index.js';
import type { Clock } from '../domain/shared/index.js';

export const SEND_MESSAGES = 'send-messages';
export const sendMessagesQueue = { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 };
/** How often a worker looks for due messages. */
export const SEND_INTERVAL_MS = 5_000;

export async function runSendMessages(database: Database, clock: Clock, config: Config): Promise<SendResult> {
  return sendQueuedMessages({ db: database.db, now: clock.now() }, { server: mailServerOf(config) });
}

/** The mail pump's tick: queue a send job only when a mail server is set and a message is due. */
export async function pumpSendMessages(database: Database, clock: Clock, config: Config, send: () => Promise<unknown>): Promise<boolean> {
  if (!mailServerOf(config)) return false;
  if (!(await hasMessagesDue({ db: database.db, now: clock.now() }))) return false;
  await send();
  return true;
}

// Message steps marked `draft: true` (the late notice): when the step opens, Rapport drafts the
// message about the run's order to the account's mail contact, in the engine's transaction. A
// person edits and sends it (src/domain/delivery/release-draft.ts), which does the step. Once per
// triggering event: the idempotency key names it, and the daily sweep emits one event per episode.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { PlaybookStep } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { accounts, orders, tasks } from '../../db/schema/index.js';
import { mailContactOf } from '../messages/index.js';
import { queueStepMessage } from './message-sends.js';

/** The idempotency key of a step's draft: one per (template, order, triggering event). */
export const draftKey = (template: string, orderId: string, eventId: number) => `draft:${template}:${orderId}:${eventId}`;

export interface DraftStepMessagesInput {
  run: { orderId: string | null; accountId: string | null; triggerEventId: number };
  /** The steps just opened, with their task ids. */
  opened: { step: PlaybookStep; taskId: string }[];
  now: Date;
}

export async function draftStepMessages(tx: Db, { run, opened, now }: DraftStepMessagesInput): Promise<void> {
  const drafts = opened.filter(({ step }) => step.kind === 'message' && step.draft && step.template);
  if (drafts.length === 0 || !run.orderId || !run.accountId) return;
  const contact = await mailContactOf(tx, run.accountId);
  for (const { step, taskId } of drafts) {
    let outcome: Record<string, unknown>;
    if (!contact) {
      outcome = { waitingFor: 'The account has no contact with an email address: add one, then write to them from the order page.' };
    } else {
      const m = await queueStepMessage(tx, { accountId: run.accountId, orderId: run.orderId, contactId: contact.id, now }, step, {
        status: 'draft',
        idempotencyKey: draftKey(step.template!, run.orderId, run.triggerEventId),
      });
      outcome = { waitingFor: `Drafted to ${contact.email}: edit it on the order page and send it.`, draftId: m.id };
    }
    await tx.update(tasks).set({ outcome, updatedAt: now }).where(eq(tasks.id, taskId));
  }
}

/**
 * The end of the order's promised date in the account's (else the organisation's) timezone, for
 * steps due `notAfter: promised_date`; null when the run has no order or the order no promise.
 */
export async function promisedDeadline(tx: Db, orderId: string | null, orgZone: string): Promise<Date | null> {
  if (!orderId) return null;
  const [o] = await tx
    .select({ promisedDate: orders.promisedDate, zone: accounts.timezone })
    .from(orders)
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .where(eq(orders.id, orderId));
  if (!o?.promisedDate) return null;
  return DateTime.fromISO(o.promisedDate, { zone: o.zone ?? orgZone })
    .endOf('day')
    .toJSDate();
}

/** A step's due, capped by its `notAfter`. */
export function capDue(step: PlaybookStep, due: Date | null, deadline: Date | null): Date | null {
  if (!due || step.due.notAfter !== 'promised_date' || !deadline) return due;
  return due.getTime() > deadline.getTime() ? deadline : due;
}

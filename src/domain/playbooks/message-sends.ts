// Message steps with `news` (the paid audition's progress updates, docs/progress-updates.md): when
// the step opens, Rapport queues its message about the run's order to the account's mail contact,
// in the engine's transaction, once per step (idempotency key `step:<task id>`). A progress update
// goes through the cadence guard (docs/decisions/0014): sent, it does the step with itself as
// evidence (message-steps.ts); held back, the step is done at once — its news goes with the next
// update that may go, and nobody has a held-back update to do by hand.
import { eq } from 'drizzle-orm';
import type { MessageTemplateKey } from '../../../contract/messages.js';
import type { PlaybookStep } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { messages, tasks } from '../../db/schema/index.js';
import { mailContactOf, queueMessage, type QueuedMessage, type QueueMessageInput } from '../messages/index.js';
import { systemActor } from '../shared/index.js';

/** The idempotency key of the message a step sends: one per task, whatever replays. */
export const stepMessageKey = (taskId: string) => `step:${taskId}`;

/** Steps whose message Rapport sends itself when they open. */
export const sendsItsMessage = (step: PlaybookStep) => step.kind === 'message' && !!step.template && !step.draft && !!step.news;

/** Queues the step's template about the run's order to the contact, as the playbooks (drafts and sends alike). */
export function queueStepMessage(
  tx: Db,
  { accountId, orderId, contactId, now }: { accountId: string; orderId: string; contactId: string; now: Date },
  step: PlaybookStep,
  extra: Pick<QueueMessageInput, 'status' | 'idempotencyKey' | 'news'>,
): Promise<QueuedMessage> {
  const ctx = { db: tx, actor: systemActor('playbooks'), now };
  return queueMessage(ctx, { accountId, orderId, contactId, template: step.template as MessageTemplateKey, ...extra });
}

export interface SendStepMessagesInput {
  run: { orderId: string | null; accountId: string | null };
  /** The steps just opened, with their task ids. */
  opened: { step: PlaybookStep; taskId: string }[];
  now: Date;
}

/** Queues the opened steps' messages; returns the keys of the steps done at once (held back by the guard). */
export async function sendStepMessages(tx: Db, { run, opened, now }: SendStepMessagesInput): Promise<string[]> {
  const sending = opened.filter(({ step }) => sendsItsMessage(step));
  const { orderId, accountId } = run;
  if (sending.length === 0 || !orderId || !accountId) return [];
  const contact = await mailContactOf(tx, accountId);
  const done: string[] = [];
  for (const { step, taskId } of sending) {
    if (!contact) {
      const waitingFor =
        'The account has no contact with an email address: add one, or tell the customer another way and say how in a note.';
      await tx.update(tasks).set({ outcome: { waitingFor }, updatedAt: now }).where(eq(tasks.id, taskId));
      continue;
    }
    const queued = await queueStepMessage(tx, { accountId, orderId, contactId: contact.id, now }, step, {
      news: step.news!,
      idempotencyKey: stepMessageKey(taskId),
    });
    const [m] = await tx
      .select({ id: messages.id, to: messages.to, subject: messages.subject, status: messages.status, reason: messages.reason })
      .from(messages)
      .where(eq(messages.id, queued.id));
    if (m!.status === 'suppressed') {
      await tx
        .update(tasks)
        .set({
          status: 'done',
          outcome: { heldBack: { id: m!.id, to: m!.to, subject: m!.subject, reason: m!.reason } },
          completedAt: now,
          updatedAt: now,
        })
        .where(eq(tasks.id, taskId));
      done.push(step.key);
    } else if (m!.status === 'queued') {
      // (Sent or failed already — a replay — the step says what the sending said.)
      const waitingFor = `Queued to ${m!.to}: this step is done by itself once it is sent.`;
      // The outbox's work now, not a person's: no due time, so it is never "overdue" in someone's
      // My day nor escalated while it waits for a mail server (docs/progress-updates.md).
      await tx
        .update(tasks)
        .set({ outcome: { waitingFor, messageId: m!.id }, dueAt: null, updatedAt: now })
        .where(eq(tasks.id, taskId));
    }
  }
  return done;
}

// Sending the outbox (docs/decisions/0014). At-least-once: a message is claimed with a lease
// (locked_until) in a short transaction, sent outside any transaction, and marked in another. A
// worker that dies mid-send leaves the lease to run out; the next one sends it again with the same
// Message-ID, so the duplicate is recognisably the same mail. No transaction stays open across the
// SMTP conversation (on PGlite that would hold the whole database).
import { and, asc, eq, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import { messages, orderEvents } from '../../db/schema/index.js';
import { completeMessageSteps } from '../playbooks/index.js';
import { assertRole, conflict, recordAudit, type ReadContext, type UseCaseContext } from '../shared/index.js';
import {
  describeMailError,
  getMessage,
  messageIdHeader,
  smtpMailer,
  type Mailer,
  type MailServer,
  type ReadOptions,
} from '../messages/index.js';
import type { Message } from '../../../contract/messages.js';

/** Attempts before a message is failed for good (a person may retry it). */
export const MAX_ATTEMPTS = 5;
/** Wait before attempt n + 1: 1, 2, 4, 8 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}
/** How long a claimed message belongs to its worker: past it, another worker may send it. */
export const LEASE_MS = 5 * 60_000;

export interface SendResult {
  sent: number;
  /** Attempts that failed and will be tried again later. */
  retrying: number;
  /** Messages failed for good in this pass. */
  failed: number;
}

export interface SendMessagesInput {
  /** null: no mail server configured — nothing is sent, every message stays queued. */
  server: MailServer | null;
  /** A mailer to use instead of SMTP to `server` (tests). */
  mailer?: Mailer;
  /** Stop after this many attempts (default 1,000). */
  max?: number;
}

/**
 * How long one send pass may go on, in real time: well inside LEASE_MS, since the leases it
 * takes are counted from the pass's start. What is left waits for the next pass (SEND_INTERVAL_MS).
 */
const PASS_BUDGET_MS = 2 * 60_000;

type Claimed = typeof messages.$inferSelect;

/** A queued message is due now: not waiting for a retry, not leased to a worker. One definition for the pump and the sender. */
function dueNow(now: Date) {
  return and(
    eq(messages.status, 'queued'),
    or(isNull(messages.nextAttemptAt), lte(messages.nextAttemptAt, now)),
    or(isNull(messages.lockedUntil), lte(messages.lockedUntil, now)),
  );
}

/** Whether a send pass has anything to do: the mail pump queues a job only then (an idle install writes nothing). */
export async function hasMessagesDue({ db, now }: ReadContext): Promise<boolean> {
  const [row] = await db.select({ id: messages.id }).from(messages).where(dueNow(now)).limit(1);
  return row !== undefined;
}

/** Sends the queued messages that are due, oldest first, one claim per transaction. */
export async function sendQueuedMessages({ db, now }: ReadContext, { server, mailer, max = 1000 }: SendMessagesInput): Promise<SendResult> {
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  if (!server) return result;
  const tried: string[] = [];
  const stopAt = performance.now() + PASS_BUDGET_MS; // elapsed time (monotonic), not the business clock
  let transport: Mailer | null = mailer ?? null;
  try {
    while (tried.length < max && performance.now() < stopAt) {
      const claimed: Claimed | null = await db.transaction(async (tx) => {
        const [due] = await tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(dueNow(now), tried.length > 0 ? notInArray(messages.id, tried) : undefined))
          .orderBy(asc(messages.createdAt), asc(messages.id))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!due) return null;
        const [row] = await tx
          .update(messages)
          .set({
            lockedUntil: new Date(now.getTime() + LEASE_MS),
            attempts: sql`${messages.attempts} + 1`,
            // Fixed at the first attempt: every resend carries the same Message-ID.
            messageId: sql`coalesce(${messages.messageId}, ${messageIdHeader(due.id, server.from)})`,
            updatedAt: now,
          })
          .where(eq(messages.id, due.id))
          .returning();
        return row ?? null;
      });
      if (!claimed) break;
      tried.push(claimed.id);
      transport ??= smtpMailer(server);
      try {
        await transport.send({
          messageId: claimed.messageId!,
          to: claimed.to,
          replyTo: claimed.replyTo,
          subject: claimed.subject,
          text: claimed.text,
          html: claimed.html,
          calendar: claimed.calendar,
          listUnsubscribe: claimed.listUnsubscribe,
        });
      } catch (err) {
        const failure = describeMailError(err);
        const isFinal = claimed.attempts >= MAX_ATTEMPTS;
        await db
          .update(messages)
          .set({
            lockedUntil: null,
            lastError: failure.response,
            ...(isFinal
              ? { status: 'failed' as const, reason: `not sent: ${failure.response}`, nextAttemptAt: null }
              : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(claimed.attempts)) }),
            updatedAt: now,
          })
          .where(and(eq(messages.id, claimed.id), eq(messages.status, 'queued')));
        if (isFinal) result.failed += 1;
        else result.retrying += 1;
        continue;
      }
      await db.transaction(async (tx) => {
        const [sent] = await tx
          .update(messages)
          .set({ status: 'sent', sentAt: now, lockedUntil: null, nextAttemptAt: null, reason: null, updatedAt: now })
          .where(and(eq(messages.id, claimed.id), eq(messages.status, 'queued')))
          .returning({ id: messages.id });
        // Marked already (a worker whose lease ran out while the mail went): nothing more to record.
        if (!sent) return;
        // An order's message is always about its account (only a colleague's digest has none).
        if (claimed.orderId && claimed.accountId) {
          await tx.insert(orderEvents).values({
            orderId: claimed.orderId,
            accountId: claimed.accountId,
            kind: 'message_sent',
            changes: {
              message: { from: null, to: { id: claimed.id, to: claimed.to, subject: claimed.subject, template: claimed.template } },
            },
            note: `${claimed.subject} — to ${claimed.to}`,
            actorId: null,
            at: now,
          });
          await completeMessageSteps(tx, {
            orderId: claimed.orderId,
            template: claimed.template,
            message: { id: claimed.id, to: claimed.to, subject: claimed.subject, messageId: claimed.messageId, sentAt: now },
            now,
          });
        }
      });
      result.sent += 1;
    }
  } finally {
    if (transport && !mailer) transport.close();
  }
  return result;
}

/**
 * Sends a failed message again (or a queued one now instead of at its next attempt): attempts
 * start over. The Message-ID stays, so a mail that did arrive is recognisably the same one.
 */
export async function retryMessage(ctx: UseCaseContext, id: string, options: ReadOptions): Promise<Message> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin', 'gm', 'csr');
  return ctx.db.transaction(async (tx) => {
    const current = await getMessage(tx, id, options);
    const isWaiting = current.status === 'queued' && current.nextAttemptAt !== null;
    if (current.status !== 'failed' && !isWaiting) {
      // messages.not_retryable: only a failed message, or a queued one waiting for its next attempt, can be retried.
      throw conflict(
        'messages.not_retryable',
        current.status === 'queued' ? 'This message is already waiting to go out.' : `A ${current.status} message cannot be retried.`,
        undefined,
        { status: current.status },
      );
    }
    await tx
      .update(messages)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: null, lockedUntil: null, reason: null, updatedAt: now })
      .where(eq(messages.id, id));
    await recordAudit(tx, actor, { action: 'messages.retry', entity: 'message', entityId: id, changes: { from: current.status } }, now);
    return getMessage(tx, id, options);
  });
}

// The demo's outbox at work: a queued message marked sent as the send-messages job would
// (src/domain/delivery/send-messages.ts) — its order's "message sent" event and the message steps
// it does — at a moment the demo chose, with a Message-ID at a domain that cannot exist.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages, orderEvents } from '../../db/schema/index.js';
import { completeMessageSteps } from '../playbooks/index.js';

const DEMO_MAIL_DOMAIN = 'demo.rapport.invalid';

/** Marks the queued message sent at `sentAt`; nothing when it is no longer queued. */
export async function markDemoMessageSent(db: Db, id: string, sentAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const messageId = `<${id}@${DEMO_MAIL_DOMAIN}>`;
    const [sent] = await tx
      .update(messages)
      .set({ status: 'sent', sentAt, attempts: 1, messageId, updatedAt: sentAt })
      .where(and(eq(messages.id, id), eq(messages.status, 'queued')))
      .returning();
    if (!sent?.orderId || !sent.accountId) return;
    await tx.insert(orderEvents).values({
      orderId: sent.orderId,
      accountId: sent.accountId,
      kind: 'message_sent',
      note: `${sent.subject} — to ${sent.to}`,
      actorId: null,
      at: sentAt,
    });
    await completeMessageSteps(tx, {
      orderId: sent.orderId,
      template: sent.template,
      message: { id, to: sent.to, subject: sent.subject, messageId, sentAt },
      now: sentAt,
    });
  });
}

// After an order ships (or gets its tracking number): queue the tracking message in the same
// transaction, and tell the order's "Send tracking information" steps what they wait for.
import { queueTrackingMessage } from '../messages/index.js';
import { noteMessageSteps } from '../playbooks/index.js';
import type { UseCaseContext } from '../shared/index.js';

export async function sendTrackingInTransaction(ctx: UseCaseContext, orderId: string): Promise<void> {
  const outcome = await queueTrackingMessage(ctx, orderId);
  const waitingFor = outcome.queued
    ? outcome.queued.status === 'sent'
      ? 'The tracking message was sent.'
      : 'The tracking message is in the outbox; this step is done by itself once it is sent.'
    : outcome.reason;
  await noteMessageSteps(ctx.db, { orderId, template: 'tracking', waitingFor, now: ctx.now });
}

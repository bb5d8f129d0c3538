// P2.5 — truth first: something we told a customer turned out untrue, and a person tells them
// before they find out. One transaction: the correction goes to the outbox as an essential message
// (never held back) to the chosen contact, and it is kept — on the order's history when it is about
// an order (which the account timeline shows too), else on the account timeline.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Correction, CreateCorrection } from '../../../contract/messages.js';
import { accounts, activities, contacts, orderEvents, orders } from '../../db/schema/index.js';
import { getMessage, mailContactOf, queueMessage, type ReadOptions } from '../messages/index.js';
import { assertRole, FieldErrors, forbidden, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';

/** Who may correct what the company told a customer: the people who talk to customers. */
export const CORRECTION_ROLES = ['admin', 'gm', 'csr', 'sales'] as const;

export interface RecordCorrectionInput {
  accountId: string;
  correction: CreateCorrection;
}

export async function recordCorrection(
  ctx: UseCaseContext,
  { accountId, correction: input }: RecordCorrectionInput,
  options: ReadOptions,
): Promise<Correction> {
  const { actor, now } = ctx;
  assertRole(actor, ...CORRECTION_ROLES);
  // auth.forbidden: a correction is signed by the person who writes it.
  if (!actor.userId) throw forbidden('auth.forbidden', 'Only a person writes a correction.');
  const writerId = actor.userId;
  return ctx.db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id, name: accounts.name }).from(accounts).where(eq(accounts.id, accountId));
    // accounts.not_found: no account has this id.
    if (!account) throw notFound('accounts.not_found', `No account with id ${accountId}.`);
    const errors = new FieldErrors();
    let order: { id: string; number: string } | null = null;
    if (input.orderId) {
      const [o] = await tx
        .select({ id: orders.id, number: orders.number, accountId: orders.accountId })
        .from(orders)
        .where(eq(orders.id, input.orderId));
      if (!o) errors.add('orderId', `is not an order: ${input.orderId}`);
      else if (o.accountId !== account.id) errors.add('orderId', `is an order of another account, not ${account.name}`);
      else order = o;
    }
    let contact: { id: string; name: string; email: string | null } | null = null;
    if (input.contactId) {
      const [c] = await tx
        .select({ id: contacts.id, name: contacts.name, email: contacts.email, accountId: contacts.accountId })
        .from(contacts)
        .where(eq(contacts.id, input.contactId));
      if (!c) errors.add('contactId', `is not a contact: ${input.contactId}`);
      else if (c.accountId !== account.id) errors.add('contactId', `is a contact of another account, not ${account.name}`);
      else if (!c.email) errors.add('contactId', `${c.name} has no email address`);
      else contact = c;
    } else {
      contact = await mailContactOf(tx, account.id);
      if (!contact) errors.add('contactId', `${account.name} has no contact with an email address`);
    }
    // corrections.invalid: the order or the contact does not fit the account (named in errors[]).
    errors.throwIfAny('corrections.invalid');

    const queued = await queueMessage(
      { ...ctx, db: tx },
      {
        accountId: account.id,
        orderId: order?.id ?? null,
        contactId: contact!.id,
        template: 'correction',
        idempotencyKey: `correction:${randomUUID()}`,
        correction: { said: input.said, text: input.correction, signerId: writerId },
      },
    );
    const summary = `We said: ${input.said}\nCorrected: ${input.correction}\nTo ${contact!.name} <${contact!.email}>`;
    if (order) {
      await tx.insert(orderEvents).values({
        orderId: order.id,
        accountId: account.id,
        kind: 'correction',
        changes: { correction: { from: input.said, to: input.correction } },
        note: summary,
        actorId: writerId,
        at: now,
      });
    } else {
      await tx.insert(activities).values({
        accountId: account.id,
        kind: 'correction',
        subject: `To ${contact!.name}`,
        body: summary,
        actorId: writerId,
        contactId: contact!.id,
        occurredAt: now,
        createdAt: now,
      });
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'corrections.create',
        entity: 'message',
        entityId: queued.id,
        changes: { ...input, orderId: order?.id ?? null, contactId: contact!.id },
      },
      now,
    );
    return { message: await getMessage(tx, queued.id, options) };
  });
}

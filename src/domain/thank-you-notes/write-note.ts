// Writing today's thank-you note (P4.1): one transaction records the note, its entry on the
// recipient account's timeline and, for an email, the message in the outbox (docs/decisions/0014).
// A note to a colleague has no account and no timeline entry.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { CreateThankYouNote, ThankYouNote } from '../../../contract/thank-you-notes.js';
import { accounts, activities, contacts, thankYouNotes, users } from '../../db/schema/index.js';
import { mailContactOf, queueMessage } from '../messages/index.js';
import { getSettings } from '../settings/index.js';
import { dateIn, FieldErrors, forbidden, recordAudit, type UseCaseContext } from '../shared/index.js';
import { getThankYouNote } from './queries.js';

export async function createThankYouNote(ctx: UseCaseContext, input: CreateThankYouNote): Promise<ThankYouNote> {
  const { actor, now } = ctx;
  // auth.forbidden: a note is written by a person; the system and the command line have no words of their own.
  if (!actor.userId) throw forbidden('auth.forbidden', 'Only a person writes a thank-you note.');
  const authorId = actor.userId;
  return ctx.db.transaction(async (tx) => {
    const settings = await getSettings(tx);
    const errors = new FieldErrors();
    const id = randomUUID();
    let account: { id: string; name: string; kind: string } | undefined;
    let contact: { id: string; name: string; email: string | null } | null = null;

    if (input.recipientKind === 'colleague') {
      if (input.accountId) errors.add('accountId', 'a note to a colleague has no account');
      if (input.contactId) errors.add('contactId', 'a note to a colleague has no contact');
      if (input.channel === 'email')
        errors.add('channel', 'an email goes to a contact of a customer or supplier; thank a colleague with a card');
      if (!input.recipientUserId) errors.add('recipientUserId', 'is required for a note to a colleague');
      else if (input.recipientUserId === authorId) errors.add('recipientUserId', 'is you: thank someone else');
      else {
        const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, input.recipientUserId));
        if (!u?.active) errors.add('recipientUserId', `is not an active colleague: ${input.recipientUserId}`);
      }
    } else {
      if (input.recipientUserId) errors.add('recipientUserId', `a note to a ${input.recipientKind} names its account, not a colleague`);
      if (!input.accountId) errors.add('accountId', `is required for a note to a ${input.recipientKind}`);
      else {
        [account] = await tx
          .select({ id: accounts.id, name: accounts.name, kind: accounts.kind })
          .from(accounts)
          .where(eq(accounts.id, input.accountId));
        if (!account) errors.add('accountId', `is not an account: ${input.accountId}`);
        else if ((input.recipientKind === 'supplier') !== (account.kind === 'supplier'))
          errors.add('recipientKind', `${account.name} is a ${account.kind}, not a ${input.recipientKind}`);
      }
      if (account && input.contactId) {
        const [c] = await tx
          .select({ id: contacts.id, name: contacts.name, email: contacts.email, accountId: contacts.accountId })
          .from(contacts)
          .where(eq(contacts.id, input.contactId));
        if (!c) errors.add('contactId', `is not a contact: ${input.contactId}`);
        else if (c.accountId !== account.id) errors.add('contactId', 'is a contact of another account');
        else contact = c;
      }
      if (account && input.channel === 'email') {
        if (!input.contactId) contact = await mailContactOf(tx, account.id);
        if (!contact && !input.contactId) errors.add('contactId', `${account.name} has no contact with an email address`);
        else if (contact && !contact.email) errors.add('contactId', `${contact.name} has no email address`);
      }
    }
    // thank_you_notes.invalid: the recipient does not fit its kind, or an email has no address; errors[] names each field.
    errors.throwIfAny('thank_you_notes.invalid');

    let activityId: string | null = null;
    if (account) {
      const [a] = await tx
        .insert(activities)
        .values({
          accountId: account.id,
          kind: 'thank_you_note',
          subject: `${input.channel === 'email' ? 'Emailed' : 'Card'} to ${contact?.name ?? account.name}`,
          body: input.body,
          actorId: authorId,
          contactId: contact?.id ?? null,
          occurredAt: now,
          createdAt: now,
        })
        .returning({ id: activities.id });
      activityId = a!.id;
    }
    await tx.insert(thankYouNotes).values({
      id,
      authorId,
      recipientKind: input.recipientKind,
      accountId: account?.id ?? null,
      contactId: contact?.id ?? null,
      recipientUserId: input.recipientKind === 'colleague' ? input.recipientUserId! : null,
      channel: input.channel,
      body: input.body,
      writtenAt: now,
      writtenOn: dateIn(now, settings.timezone),
      activityId,
      createdAt: now,
      updatedAt: now,
    });
    if (account && contact && input.channel === 'email') {
      const message = await queueMessage(
        { ...ctx, db: tx },
        {
          accountId: account.id,
          contactId: contact.id,
          template: 'thank_you_note',
          idempotencyKey: `thank-you-note:${id}`,
          note: { text: input.body, signerId: authorId },
        },
      );
      await tx
        .update(thankYouNotes)
        .set({ messageId: message.id })
        .where(and(eq(thankYouNotes.id, id)));
    }
    await recordAudit(tx, actor, { action: 'thank_you_notes.create', entity: 'thank_you_note', entityId: id, changes: input }, now);
    return getThankYouNote(tx, id);
  });
}

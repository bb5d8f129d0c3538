// A drafted message (the late notice: docs/late-notices.md) is a person's to finish: they edit its
// subject and text, then send it — it joins the outbox as queued and the playbook step that
// drafted it is done, in one transaction. Nothing with a part still to write ([[…]]) goes out.
import { eq } from 'drizzle-orm';
import type { Message, UpdateDraftMessage } from '../../../contract/messages.js';
import { messages } from '../../db/schema/index.js';
import { getMessage, htmlOfText, unwrittenParts, type ReadOptions } from '../messages/index.js';
import { completeDraftSteps } from '../playbooks/index.js';
import { assertRole, conflict, FieldErrors, recordAudit, type UseCaseContext } from '../shared/index.js';
import type { Db } from '../../db/client.js';

/** Who may edit and send a customer message: the people who talk to customers (as for a retry). */
const MESSAGE_ROLES = ['admin', 'gm', 'csr'] as const;

async function lockDraft(tx: Db, id: string, options: ReadOptions): Promise<Message> {
  await tx.select({ id: messages.id }).from(messages).where(eq(messages.id, id)).for('update');
  const current = await getMessage(tx, id, options);
  if (current.status !== 'draft') {
    // messages.not_draft: only a draft is edited or sent as a draft.
    throw conflict('messages.not_draft', `This message is ${current.status}, not a draft.`, undefined, { status: current.status });
  }
  return current;
}

export interface UpdateDraftInput {
  id: string;
  patch: UpdateDraftMessage;
}

/** Edits a draft's subject and text; the HTML part is made from the text. */
export async function updateDraftMessage(ctx: UseCaseContext, { id, patch }: UpdateDraftInput, options: ReadOptions): Promise<Message> {
  const { actor, now } = ctx;
  assertRole(actor, ...MESSAGE_ROLES);
  return ctx.db.transaction(async (tx) => {
    const current = await lockDraft(tx, id, options);
    const changes: Record<string, { from: string; to: string }> = {};
    if (patch.subject !== undefined && patch.subject !== current.subject) changes['subject'] = { from: current.subject, to: patch.subject };
    const text = patch.text === undefined ? undefined : `${patch.text.trim()}\n`;
    if (text !== undefined && text !== current.text) changes['text'] = { from: current.text, to: text };
    if (Object.keys(changes).length > 0) {
      await tx
        .update(messages)
        .set({
          ...(changes['subject'] && { subject: patch.subject }),
          ...(changes['text'] && { text, html: htmlOfText(text!) }),
          updatedAt: now,
        })
        .where(eq(messages.id, id));
      await recordAudit(tx, actor, { action: 'messages.edit_draft', entity: 'message', entityId: id, changes }, now);
    }
    return getMessage(tx, id, options);
  });
}

/**
 * Sends a draft: queued for the outbox (the send-messages job delivers it), and the drafted
 * playbook step it answers is done with it as evidence. Refused while a [[part]] is unwritten.
 */
export async function sendDraftMessage(ctx: UseCaseContext, id: string, options: ReadOptions): Promise<Message> {
  const { actor, now } = ctx;
  assertRole(actor, ...MESSAGE_ROLES);
  return ctx.db.transaction(async (tx) => {
    const current = await lockDraft(tx, id, options);
    const errors = new FieldErrors();
    for (const path of ['subject', 'text'] as const) {
      const parts = unwrittenParts(current[path]);
      if (parts.length > 0) errors.add(path, `still has ${parts.length === 1 ? 'a part' : 'parts'} to write: ${parts.join(', ')}`);
    }
    // messages.draft_unfinished: a [[part]] of the draft is still to be written (named in errors[]).
    errors.throwIfAny('messages.draft_unfinished');
    await tx.update(messages).set({ status: 'queued', reason: null, updatedAt: now }).where(eq(messages.id, id));
    await recordAudit(
      tx,
      actor,
      { action: 'messages.send_draft', entity: 'message', entityId: id, changes: { status: { from: 'draft', to: 'queued' } } },
      now,
    );
    if (current.orderId) {
      await completeDraftSteps(tx, {
        orderId: current.orderId,
        template: current.template,
        message: { id, to: current.to, subject: current.subject },
        userId: actor.userId,
        now,
      });
    }
    return getMessage(tx, id, options);
  });
}

// What came back from a note, recorded by hand (P4.2): replied, called back, a new quote, an order
// placed or increased — and, after a reply, the follow-up task proposed with it, in the same transaction.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { REPLY_OUTCOMES, ThankYouNoteEntity, type ThankYouNote, type UpdateThankYouNote } from '../../../contract/thank-you-notes.js';
import { tasks, thankYouNotes } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { customFields, FieldErrors, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';
import { getThankYouNote } from './queries.js';

// Converted here: an outcome also stamps when and by whom.
customFields(ThankYouNoteEntity, 'update', ['outcome']);

export interface RecordNoteOutcomeInput {
  id: string;
  patch: UpdateThankYouNote;
}

export async function recordNoteOutcome(ctx: UseCaseContext, { id, patch }: RecordNoteOutcomeInput): Promise<ThankYouNote> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const [note] = await tx.select().from(thankYouNotes).where(eq(thankYouNotes.id, id)).for('update');
    if (!note) throw notFound('thank_you_notes.not_found', `No thank-you note with id ${id}.`);
    const settings = await getSettings(tx);
    const outcome = patch.outcome ?? note.outcome;
    const errors = new FieldErrors();
    if (patch.followUp) {
      if (!REPLY_OUTCOMES.includes(outcome)) errors.add('followUp', 'is proposed after a reply or a call back: record that first');
      else if (note.followUpTaskId) errors.add('followUp', 'this note already has its follow-up task');
      else if (!DateTime.fromISO(patch.followUp.dueOn).isValid)
        errors.add('followUp.dueOn', `is not a calendar date: "${patch.followUp.dueOn}"`);
    }
    errors.throwIfAny('thank_you_notes.invalid');

    let followUpTaskId = note.followUpTaskId;
    if (patch.followUp) {
      const [task] = await tx
        .insert(tasks)
        .values({
          title: patch.followUp.title,
          guidance: `They answered your thank-you note: "${note.body.slice(0, 200)}"`,
          kind: 'task',
          accountId: note.accountId,
          assigneeId: actor.userId,
          dueAt: DateTime.fromISO(patch.followUp.dueOn, { zone: settings.timezone }).endOf('day').toJSDate(),
          status: 'open',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: tasks.id });
      followUpTaskId = task!.id;
    }
    const changed = patch.outcome !== undefined && patch.outcome !== note.outcome;
    await tx
      .update(thankYouNotes)
      .set({
        outcome,
        ...(changed && { outcomeAt: outcome === 'none' ? null : now, outcomeBy: outcome === 'none' ? null : actor.userId }),
        followUpTaskId,
        updatedAt: now,
      })
      .where(eq(thankYouNotes.id, id));
    await recordAudit(
      tx,
      actor,
      {
        action: 'thank_you_notes.outcome',
        entity: 'thank_you_note',
        entityId: id,
        changes: { outcome: { from: note.outcome, to: outcome }, followUpTaskId: { from: note.followUpTaskId, to: followUpTaskId } },
      },
      now,
    );
    return getThankYouNote(tx, id);
  });
}

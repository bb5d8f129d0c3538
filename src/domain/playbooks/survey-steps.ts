// Survey steps (docs/surveys.md): when a step of kind `survey` opens, Rapport sends its survey to the
// account's mail contact — about the run's order when it has one — in the engine's transaction,
// once per step; the step is done at once with the invitation as its outcome (the answer arrives
// later, from the customer, as a `survey.answered` event). Without a contact with an address the
// step stays open and says so.
import { eq } from 'drizzle-orm';
import type { PlaybookStep } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { tasks } from '../../db/schema/index.js';
import { mailContactOf } from '../messages/index.js';
import { DomainError, systemActor } from '../shared/index.js';
import { sendSurvey } from '../surveys/index.js';

export interface SendStepSurveysInput {
  run: { orderId: string | null; accountId: string | null };
  opened: { step: PlaybookStep; taskId: string }[];
  now: Date;
}

/** Sends the opened survey steps' surveys; returns the keys of the steps done (sent). */
export async function sendStepSurveys(tx: Db, { run, opened, now }: SendStepSurveysInput): Promise<string[]> {
  const surveying = opened.filter(({ step }) => step.kind === 'survey' && step.survey);
  if (surveying.length === 0 || !run.accountId) return [];
  const contact = await mailContactOf(tx, run.accountId);
  const done: string[] = [];
  for (const { step, taskId } of surveying) {
    if (!contact) {
      const waitingFor = 'The account has no contact with an email address: add one, then send the survey from the account page.';
      await tx.update(tasks).set({ outcome: { waitingFor }, updatedAt: now }).where(eq(tasks.id, taskId));
      continue;
    }
    try {
      const sent = await sendSurvey(
        { db: tx, actor: systemActor('playbooks'), now },
        { surveyKey: step.survey!, accountId: run.accountId, contactId: contact.id, orderId: run.orderId, taskId },
      );
      await tx
        .update(tasks)
        .set({
          status: 'done',
          outcome: { survey: { key: step.survey, invitationId: sent.invitationId, messageId: sent.messageId, to: sent.to } },
          completedAt: now,
          updatedAt: now,
        })
        .where(eq(tasks.id, taskId));
      done.push(step.key);
    } catch (error) {
      // A survey key nobody has (deleted, or mistyped in the playbook): the step says so and stays open.
      if (!(error instanceof DomainError) || error.code !== 'surveys.not_found') throw error;
      const waitingFor = `No survey has the key ${step.survey}: fix the playbook, or send a survey from the account page.`;
      await tx.update(tasks).set({ outcome: { waitingFor }, updatedAt: now }).where(eq(tasks.id, taskId));
    }
  }
  return done;
}

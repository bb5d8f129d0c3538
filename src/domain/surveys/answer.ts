// The customer's side of a survey (docs/surveys.md): the link from the invitation (or its reminder)
// opens the survey in the customer portal; one answer per invitation, in one transaction with its
// timeline entry and its `survey.answered` event — and a detractor's answer opens a problem. Unknown,
// forged, malformed and expired links all get the portal's one 404; an answered one says so and
// changes nothing.
import { eq, or, sql } from 'drizzle-orm';
import type { SurveyAnswer } from '../../../contract/surveys.js';
import type { Db } from '../../db/client.js';
import { accounts, activities, contacts, surveyInvitations, surveyResponses, surveys } from '../../db/schema/index.js';
import { recordEvent } from '../events/index.js';
import { hashPortalToken, PORTAL_TOKEN_PATTERN } from '../messages/index.js';
import { getSettings } from '../settings/index.js';
import { openProblem } from '../problems/index.js';
import { invalid, notFound, recordAudit, systemActor, type Actor, type ReadContext } from '../shared/index.js';
import { answerProblems, detractorReasons } from './surveys.rules.js';

/** The portal's words for a link that opens nothing (the same for every bad link). */
export const SURVEY_NOT_FOUND_DETAIL = 'This link does not open a page. Ask your contact at the company for a new one.';

export interface SurveyPage {
  orgName: string;
  accountName: string;
  contactName: string | null;
  survey: {
    name: string;
    intro: string;
    csatQuestion: string | null;
    npsQuestion: string | null;
    cesQuestion: string | null;
    commentQuestion: string | null;
  };
  /** When the answer came (then the page thanks and asks nothing), else null. */
  answeredAt: string | null;
  expiresAt: string;
}

async function resolveInvitation(db: Db, token: string, now: Date) {
  // portal.not_found: unknown, forged, malformed or expired — one answer for every bad link.
  const unknown = () => notFound('portal.not_found', SURVEY_NOT_FOUND_DETAIL);
  if (!PORTAL_TOKEN_PATTERN.test(token)) throw unknown();
  const hash = hashPortalToken(token);
  const [row] = await db
    .select({ invitation: surveyInvitations, survey: surveys, accountName: accounts.name, contactName: contacts.name })
    .from(surveyInvitations)
    .innerJoin(surveys, eq(surveys.key, surveyInvitations.surveyKey))
    .innerJoin(accounts, eq(accounts.id, surveyInvitations.accountId))
    .leftJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
    .where(or(eq(surveyInvitations.tokenHash, hash), eq(surveyInvitations.reminderTokenHash, hash)));
  if (!row || (!row.invitation.respondedAt && row.invitation.expiresAt <= now)) throw unknown();
  return row;
}

/** Whether a token is a survey link (the portal route asks, after its own links). */
export async function getSurveyPage({ db, now }: ReadContext, token: string): Promise<SurveyPage> {
  const { invitation, survey, accountName, contactName } = await resolveInvitation(db, token, now);
  const { orgName } = await getSettings(db);
  return {
    orgName,
    accountName,
    contactName,
    survey: {
      name: survey.name,
      intro: survey.intro,
      csatQuestion: survey.csatQuestion,
      npsQuestion: survey.npsQuestion,
      cesQuestion: survey.cesQuestion,
      commentQuestion: survey.commentQuestion,
    },
    answeredAt: invitation.respondedAt?.toISOString() ?? null,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

export interface AnswerSurveyInput {
  token: string;
  answer: SurveyAnswer;
  ip: string | null;
  requestId: string | null;
}

export interface AnsweredSurvey {
  responseId: string;
  /** False when the invitation had its answer already: nothing was written. */
  isNew: boolean;
  isDetractor: boolean;
}

/**
 * Records the answer once: the response, the invitation's responded_at, a timeline entry and the
 * `survey.answered` event (what reacts to a detractor — the problem loop — reacts to the event).
 */
export async function answerSurvey(ctx: ReadContext, input: AnswerSurveyInput): Promise<AnsweredSurvey> {
  const { now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const { invitation, survey, contactName } = await resolveInvitation(tx, input.token, now);
    const [locked] = await tx.select().from(surveyInvitations).where(eq(surveyInvitations.id, invitation.id)).for('update');
    if (locked!.respondedAt) {
      const [first] = await tx
        .select({ id: surveyResponses.id, isDetractor: surveyResponses.isDetractor })
        .from(surveyResponses)
        .where(eq(surveyResponses.invitationId, invitation.id));
      return { responseId: first!.id, isNew: false, isDetractor: first!.isDetractor };
    }
    const problems = answerProblems(input.answer, survey);
    // surveys.answer_invalid: a score the survey does not ask, or no score at all (named in errors[]).
    if (problems.length > 0) throw invalid('surveys.answer_invalid', problems);
    const settings = await getSettings(tx);
    const reasons = detractorReasons(input.answer, {
      csat: settings.detractorCsat,
      nps: settings.detractorNps,
      ces: settings.detractorCes,
    });
    const comment = input.answer.comment?.trim() || null;
    const [response] = await tx
      .insert(surveyResponses)
      .values({
        invitationId: invitation.id,
        surveyKey: survey.key,
        touchpoint: survey.touchpoint,
        accountId: invitation.accountId,
        contactId: invitation.contactId,
        orderId: invitation.orderId,
        csat: input.answer.csat ?? null,
        nps: input.answer.nps ?? null,
        ces: input.answer.ces ?? null,
        comment,
        isDetractor: reasons.length > 0,
        answeredAt: now,
      })
      .returning({ id: surveyResponses.id });
    await tx.update(surveyInvitations).set({ respondedAt: now }).where(eq(surveyInvitations.id, invitation.id));
    const scores = [
      input.answer.csat !== undefined ? `CSAT ${input.answer.csat}/5` : null,
      input.answer.nps !== undefined ? `NPS ${input.answer.nps}/10` : null,
      input.answer.ces !== undefined ? `CES ${input.answer.ces}/7` : null,
    ].filter(Boolean);
    await tx.insert(activities).values({
      accountId: invitation.accountId,
      contactId: invitation.contactId,
      orderId: invitation.orderId,
      kind: 'survey_answer',
      subject: `${survey.name}: ${scores.join(', ')}${reasons.length > 0 ? ' — detractor' : ''}`,
      body: [contactName ? `${contactName} answered.` : null, comment ? `“${comment}”` : null].filter(Boolean).join('\n') || null,
      actorId: null,
      taskId: null,
      occurredAt: now,
      createdAt: now,
    });
    await recordEvent(tx, {
      type: 'survey.answered',
      subjectType: 'account',
      subjectId: invitation.accountId,
      accountId: invitation.accountId,
      occurredAt: now,
      source: 'system',
      payload: {
        responseId: response!.id,
        invitationId: invitation.id,
        survey: survey.key,
        touchpoint: survey.touchpoint,
        orderId: invitation.orderId,
        contactId: invitation.contactId,
        csat: input.answer.csat ?? null,
        nps: input.answer.nps ?? null,
        ces: input.answer.ces ?? null,
        isDetractor: reasons.length > 0,
        detractorReasons: reasons,
      },
    });
    if (reasons.length > 0) {
      // P3.3–4: a detractor's answer keeps the account at risk for 90 days and opens a problem at once —
      // a call for the CSR within one business day and the GM told (docs/problems.md). Once per answer.
      await tx
        .update(accounts)
        .set({ lastDetractorAt: sql`greatest(${accounts.lastDetractorAt}, ${now})` })
        .where(eq(accounts.id, invitation.accountId));
      await openProblem(
        { db: tx, actor: systemActor(`survey answer from ${contactName ?? 'a customer'}`), now },
        {
          accountId: invitation.accountId,
          orderId: invitation.orderId,
          source: 'survey',
          category: `${survey.name} survey`,
          description: [
            `${contactName ?? 'The customer'} answered ${scores.join(', ')} — a detractor's answer (${reasons.join(', ')}).`,
            comment ? `“${comment}”` : null,
          ]
            .filter(Boolean)
            .join('\n'),
          sourceKey: `survey-response:${response!.id}`,
        },
      );
    }
    const actor: Actor = {
      kind: 'system',
      userId: null,
      name: `${contactName ?? 'customer'} (survey link of invitation ${invitation.id})`,
      roles: [],
      ip: input.ip,
      requestId: input.requestId,
    };
    await recordAudit(
      tx,
      actor,
      {
        action: 'surveys.answer',
        entity: 'survey_response',
        entityId: response!.id,
        changes: { invitationId: invitation.id, isDetractor: reasons.length > 0 },
      },
      now,
    );
    return { responseId: response!.id, isNew: true, isDetractor: reasons.length > 0 };
  });
}

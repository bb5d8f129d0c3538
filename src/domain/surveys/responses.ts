// Survey answers for staff (GET /api/v1/survey-responses): newest first, keyset-paged.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { SurveyResponse } from '../../../contract/surveys.js';
import { accounts, contacts, orders, surveyResponses, surveys } from '../../db/schema/index.js';
import { olderThanCursor, pageResult, type ReadContext } from '../shared/index.js';

export async function listSurveyResponses(
  { db }: ReadContext,
  input: { accountId?: string; limit: number; cursor?: string },
): Promise<{ items: SurveyResponse[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (input.accountId) where.push(eq(surveyResponses.accountId, input.accountId));
  where.push(olderThanCursor(input.cursor, surveyResponses.answeredAt, surveyResponses.id));
  const rows = await db
    .select({
      response: surveyResponses,
      surveyName: surveys.name,
      accountName: accounts.name,
      contactName: contacts.name,
      orderNumber: orders.number,
    })
    .from(surveyResponses)
    .innerJoin(surveys, eq(surveys.key, surveyResponses.surveyKey))
    .innerJoin(accounts, eq(accounts.id, surveyResponses.accountId))
    .leftJoin(contacts, eq(contacts.id, surveyResponses.contactId))
    .leftJoin(orders, eq(orders.id, surveyResponses.orderId))
    .where(and(...where))
    .orderBy(desc(surveyResponses.answeredAt), desc(surveyResponses.id))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, (r) => [r.response.answeredAt.toISOString(), r.response.id]);
  return {
    items: page.items.map(({ response: r, ...names }) => ({
      id: r.id,
      invitationId: r.invitationId,
      surveyKey: r.surveyKey,
      surveyName: names.surveyName,
      touchpoint: r.touchpoint,
      accountId: r.accountId,
      accountName: names.accountName,
      contactId: r.contactId,
      contactName: names.contactName,
      orderId: r.orderId,
      orderNumber: names.orderNumber,
      csat: r.csat,
      nps: r.nps,
      ces: r.ces,
      comment: r.comment,
      isDetractor: r.isDetractor,
      answeredAt: r.answeredAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

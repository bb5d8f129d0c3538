// The demo's transaction surveys (docs/surveys.md): the newest delivered first orders got the
// first-order survey a few days after delivery; most customers answered — one of them a
// detractor — and the last ones have not yet; the promoters with kind words were asked for a
// testimonial, and the first approved it at initials. Deterministic but for the links' tokens.
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { accounts, messages, orders, testimonials, users } from '../../db/schema/index.js';
import { mailContactOf } from '../messages/index.js';
import { systemActor, type ReadContext } from '../shared/index.js';
import { DEMO_TIMEZONE } from './generate-demo.js';
import { answerSurvey, sendSurvey } from '../surveys/index.js';
import { answerTestimonial, requestTestimonial } from '../testimonials/index.js';

export interface DemoSurveys {
  sent: number;
  answered: number;
  detractors: number;
  /** Testimonials asked of the promoters: one approved at initials, one waiting (docs/testimonials.md). */
  testimonials: { asked: number; approved: number };
}

/** csat, nps, ces and a comment: the answers, in order of the orders (newest delivered first); null: not answered yet. */
const ANSWERS = [
  null,
  null,
  { csat: 5, nps: 10, ces: 1, comment: 'Exactly what the drawings said, and a day early.' },
  { csat: 2, nps: 4, ces: 6, comment: 'The rep promised conformal coating; the boards came without it. We had to chase three people.' },
  { csat: 4, nps: 8, ces: 2, comment: '' },
  { csat: 5, nps: 9, ces: 2, comment: 'The progress updates were just right.' },
] as const;

export async function runDemoSurveys(ctx: ReadContext): Promise<DemoSurveys> {
  const { db, now } = ctx;
  const newest = await db
    .select({
      orderId: orders.id,
      accountId: orders.accountId,
      // Shipped on or before the promise (in the demo's timezone): the happy answers go to these.
      onTime: sql<boolean>`${orders.promisedDate} is null or (${orders.shippedAt} at time zone ${DEMO_TIMEZONE}::text)::date <= ${orders.promisedDate}`,
    })
    .from(orders)
    .innerJoin(accounts, eq(accounts.firstOrderId, orders.id))
    .where(and(isNotNull(orders.deliveredAt), inArray(orders.status, ['delivered', 'closed'])))
    .orderBy(desc(orders.deliveredAt), orders.number)
    .limit(20);
  // What each customer says fits what happened to their order: the detractor's was late, the
  // others on time (when the orders allow it); the order of the list stays deterministic.
  const late = newest.filter((o) => !o.onTime);
  const onTime = newest.filter((o) => o.onTime);
  const delivered = ANSWERS.map((a) => {
    const unhappy = a !== null && a.csat <= 2;
    const [first, second] = unhappy ? [late, onTime] : [onTime, late];
    return first.length > 0 ? first.shift() : second.shift();
  }).filter((o): o is (typeof newest)[number] => o !== undefined);
  // The CSR who asks the promoters for a testimonial.
  const [asker] = await db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(sql`'csr' = any(${users.roles})`)
    .orderBy(users.externalRef)
    .limit(1);
  const actor = asker
    ? { kind: 'user' as const, userId: asker.id, name: asker.name, roles: asker.roles, ip: null, requestId: null }
    : systemActor('demo');
  const result: DemoSurveys = { sent: 0, answered: 0, detractors: 0, testimonials: { asked: 0, approved: 0 } };
  for (const [i, order] of delivered.entries()) {
    const contact = await mailContactOf(db, order.accountId);
    if (!contact) continue;
    const sent = await db.transaction((tx) =>
      sendSurvey(
        { db: tx, actor: systemActor('demo'), now },
        { surveyKey: 'first_order', accountId: order.accountId, contactId: contact.id, orderId: order.orderId },
      ),
    );
    result.sent += 1;
    const answer = ANSWERS[i];
    if (!answer) continue;
    const [mail] = await db.select({ text: messages.text }).from(messages).where(eq(messages.id, sent.messageId));
    const token = /\/c\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
    const { comment, ...scores } = answer;
    const answered = await answerSurvey(
      { db, now },
      { token, answer: { ...scores, ...(comment && { comment }) }, ip: null, requestId: null },
    );
    result.answered += 1;
    if (answered.isDetractor) result.detractors += 1;
    // A promoter with kind words is asked whether they may be quoted; the first said yes, at initials.
    if (answer.nps >= 9 && comment) {
      const t = await requestTestimonial({ db, actor, now }, { accountId: order.accountId, contactId: contact.id, proposedText: comment });
      result.testimonials.asked += 1;
      if (result.testimonials.approved === 0) {
        const [row] = await db.select({ messageId: testimonials.messageId }).from(testimonials).where(eq(testimonials.id, t.id));
        const [request] = await db.select({ text: messages.text }).from(messages).where(eq(messages.id, row!.messageId!));
        const link = /\/c\/([A-Za-z0-9_-]{43})/.exec(request!.text)![1]!;
        await answerTestimonial(
          { db, now },
          { token: link, answer: { decision: 'approve', text: comment, credit: 'initials' }, ip: null, requestId: null },
        );
        result.testimonials.approved += 1;
      }
    }
  }
  return result;
}

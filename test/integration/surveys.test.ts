// Transaction surveys on both engines (docs/surveys.md): the shipped surveys and their wording;
// sending one by hand and from a survey step (once per step); the customer's single answer through
// the link in the portal, in JSON or from the page's form; its timeline entry and survey.answered
// event; a detractor's answer; one reminder with a second link to the same invitation; expiry; and
// bad input — out of range, a scale not asked, no score, script in the comment, forged links.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { Survey, SurveyFigures, SurveyInvitation, SurveyResponse } from '../../contract/surveys.js';
import {
  accountTeam,
  contacts,
  domainEvents,
  messages,
  problems,
  surveyInvitations,
  surveyResponses,
  tasks,
} from '../../src/db/schema/index.js';
import { sendSurveyReminders } from '../../src/domain/surveys/index.js';
import { esc } from '../../src/http/portal/page.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

const DAY = 86_400_000;
const BASE = 'https://rapport.example.test';

describe.each(engines)('transaction surveys on %s', (engine) => {
  // Expiry and the reminder pass on the clock: sessions must outlive them.
  const ctx = useTestApp(engine, { config: { publicUrl: BASE, sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let admin: Session;
  let csr: Session;
  let quality: Session;

  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
    quality = await signIn(ctx, ['quality'], 'Quinn Quality');
  });

  const api = (s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: method === 'GET' ? { cookie: s.cookie } : s.headers, ...(payload && { payload }) });

  async function customer() {
    const account = await createTestAccount(ctx, { name: uniq('Survey Co') });
    await ctx.database.db.insert(accountTeam).values({ accountId: account.id, userId: csr.userId, role: 'csr' });
    const [contact] = await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('jane')}@customer.test`, isPrimary: true })
      .returning();
    return { account, contact: contact! };
  }
  type Customer = Awaited<ReturnType<typeof customer>>;

  /** Sends the survey by hand; returns the invitation and the token of its link (from the queued mail). */
  async function send(c: Customer, surveyKey = 'delivery', orderId?: string) {
    const res = await api(csr, 'POST', '/api/v1/survey-invitations', {
      accountId: c.account.id,
      contactId: c.contact.id,
      surveyKey,
      ...(orderId && { orderId }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const invitation = json<SurveyInvitation>(res);
    const [mail] = await ctx.database.db.select().from(messages).where(eq(messages.id, invitation.messageId!));
    const token = new RegExp(`${BASE}/c/([A-Za-z0-9_-]{43})`).exec(mail!.text)![1]!;
    return { invitation, mail: mail!, token };
  }
  const answer = (token: string, payload: object) => ctx.app.inject({ method: 'POST', url: `/c/${token}`, payload });
  const form = (token: string, body: string) =>
    ctx.app.inject({ method: 'POST', url: `/c/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });

  it('ships a survey per touchpoint; an admin changes its wording, nobody else does', async () => {
    const list = json<{ items: Survey[] }>(await api(csr, 'GET', '/api/v1/surveys')).items;
    expect(list.map((s) => s.key).sort()).toEqual(
      ['contracts', 'delivery', 'first_order', 'installation', 'parts_consumables', 'scheduling', 'technical_support', 'training'].sort(),
    );
    expect(list.find((s) => s.key === 'first_order')).toMatchObject({ csatQuestion: expect.any(String), npsQuestion: expect.any(String) });
    expect((await api(csr, 'PATCH', '/api/v1/surveys/training', { intro: 'Mine' })).statusCode).toBe(403);
    const edited = await api(admin, 'PATCH', '/api/v1/surveys/training', { intro: 'Two questions about the training day.' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json<Survey>(edited).intro).toBe('Two questions about the training day.');
    const noScale = await api(admin, 'PATCH', '/api/v1/surveys/training', { csatQuestion: null, cesQuestion: null });
    expect(noScale.statusCode).toBe(400);
    expect(noScale.json()).toMatchObject({ code: 'surveys.invalid', errors: [{ path: 'csatQuestion' }] });
    const custom = await api(admin, 'POST', '/api/v1/surveys', {
      key: uniq('onsite')
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, ''),
      touchpoint: 'custom',
      name: 'Site visit',
      intro: 'One question about our visit.',
      csatQuestion: null,
      npsQuestion: 'How likely are you to recommend our field team?',
      cesQuestion: null,
      commentQuestion: null,
    });
    expect(custom.statusCode, custom.body).toBe(201);
  });

  it('sent by hand, the invitation mail carries a link that opens the survey; the answer lands once, on the timeline and as survey.answered', async () => {
    const c = await customer();
    const { invitation, mail, token } = await send(c);
    expect(invitation).toMatchObject({ status: 'open', surveyKey: 'delivery', contactId: c.contact.id });
    expect(new Date(invitation.expiresAt).getTime() - ctx.clock.now().getTime()).toBe(30 * DAY);
    expect(mail).toMatchObject({ template: 'survey_invitation', class: 'essential', status: 'queued', to: c.contact.email });
    expect(mail.subject).toBe('Your delivery: how did we do?');
    // Only the hash of the link is kept.
    const [row] = await ctx.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, invitation.id));
    expect(JSON.stringify(row)).not.toContain(token);

    const page = await ctx.app.inject({ method: 'GET', url: `/c/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain(esc('How satisfied are you with this delivery?'));
    expect(page.body).toContain('name="csat" value="5"');
    expect(page.body).not.toContain('name="nps"');

    const comment = '<script>alert(1)</script> the pallet was fine';
    const first = await answer(token, { csat: 4, ces: 2, comment });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: true, alreadyReceived: false });
    const second = await answer(token, { csat: 1, ces: 7 });
    expect(second.json()).toEqual({ received: true, alreadyReceived: true });

    const responses = json<{ items: SurveyResponse[] }>(await api(csr, 'GET', `/api/v1/survey-responses?accountId=${c.account.id}`)).items;
    expect(responses).toEqual([
      expect.objectContaining({
        csat: 4,
        ces: 2,
        nps: null,
        comment,
        isDetractor: false,
        touchpoint: 'delivery',
        contactName: 'Jane Buyer',
      }),
    ]);
    const timeline = json<{ items: TimelineItem[] }>(await api(csr, 'GET', `/api/v1/accounts/${c.account.id}/timeline`)).items.filter(
      (i) => i.type === 'survey_answer',
    );
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.title).toBe('Survey answer: Your delivery: CSAT 4/5, CES 2/7');
    const events = await ctx.database.db
      .select()
      .from(domainEvents)
      .where(and(eq(domainEvents.type, 'survey.answered'), eq(domainEvents.subjectId, c.account.id)));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ survey: 'delivery', csat: 4, ces: 2, isDetractor: false });
    // The page now thanks, and asks nothing.
    const after = await ctx.app.inject({ method: 'GET', url: `/c/${token}` });
    expect(after.body).toContain('We have your answer already');
    expect(after.body).not.toContain('<form');
    const listed = json<{ items: SurveyInvitation[] }>(await api(csr, 'GET', `/api/v1/survey-invitations?accountId=${c.account.id}`)).items;
    expect(listed).toEqual([expect.objectContaining({ id: invitation.id, status: 'answered' })]);
  });

  it('from the page’s form a low score is a detractor’s answer: a problem opened at once, the account at risk; the form comes back with what to fix when no score is chosen', async () => {
    const c = await customer();
    await createTestOrder(ctx, csr, { accountId: c.account.id });
    const { token } = await send(c, 'first_order');
    const empty = await form(token, 'comment=');
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('text/html');
    expect(empty.body).toContain('Please check your answer — csat: choose a score');
    const sent = await form(token, 'csat=2&nps=9&ces=3&comment=Late+and+nobody+called');
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/c/${token}?answered=1`);
    expect((await ctx.app.inject({ method: 'GET', url: sent.headers.location as string })).body).toContain(
      'Thank you — we have your answer.',
    );
    const [response] = await ctx.database.db.select().from(surveyResponses).where(eq(surveyResponses.accountId, c.account.id));
    expect(response).toMatchObject({ csat: 2, nps: 9, ces: 3, isDetractor: true, comment: 'Late and nobody called' });

    // At once, in the answer's transaction: one problem, a call for the CSR within a business day, the GM told.
    const opened = await ctx.database.db.select().from(problems).where(eq(problems.accountId, c.account.id));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ source: 'survey', sourceKey: `survey-response:${response!.id}`, status: 'open' });
    expect(opened[0]!.description).toContain('Late and nobody called');
    const work = await ctx.database.db.select().from(tasks).where(eq(tasks.accountId, c.account.id));
    expect(work.find((t) => t.id === opened[0]!.fixTaskId)).toMatchObject({ assigneeId: csr.userId, status: 'open' });
    expect(work.filter((t) => t.role === 'gm' && t.title === `Problem reported at ${c.account.name}`)).toHaveLength(1);
    // The account is at risk for 90 days, on its page and in the list filter alike.
    expect(json<{ status: string }>(await api(csr, 'GET', `/api/v1/accounts/${c.account.id}`)).status).toBe('at_risk');
    const atRisk = json<{ items: { id: string }[] }>(await api(csr, 'GET', `/api/v1/accounts?status=at_risk&limit=100`)).items;
    expect(atRisk.map((a) => a.id)).toContain(c.account.id);
    // Replayed — events dispatched again, the form sent again — nothing more is opened.
    await drainJobs(ctx);
    await form(token, 'csat=1&nps=0&ces=7');
    await drainJobs(ctx);
    expect(await ctx.database.db.select().from(problems).where(eq(problems.accountId, c.account.id))).toHaveLength(1);
  });

  it('refuses an answer out of range, a scale the survey does not ask and a field it has not, naming each; a contact of another account', async () => {
    const c = await customer();
    const { token } = await send(c);
    for (const [payload, path] of [
      [{ csat: 9 }, 'csat'],
      [{ csat: 3.5 }, 'csat'],
      [{ ces: 0 }, 'ces'],
      [{ csat: 4, nps: 9 }, 'nps'],
      [{ csat: 4, mood: 'fine' }, 'mood'],
    ] as const) {
      const res = await answer(token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'surveys.answer_invalid', errors: [expect.objectContaining({ path })] });
    }
    expect(await ctx.database.db.select().from(surveyResponses).where(eq(surveyResponses.accountId, c.account.id))).toEqual([]);
    const other = await customer();
    const wrong = await api(csr, 'POST', '/api/v1/survey-invitations', {
      accountId: c.account.id,
      contactId: other.contact.id,
      surveyKey: 'delivery',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      code: 'surveys.invalid',
      errors: [{ path: 'contactId', message: 'is a contact of another account' }],
    });
    const unknown = await api(csr, 'POST', '/api/v1/survey-invitations', {
      accountId: c.account.id,
      contactId: c.contact.id,
      surveyKey: 'nope',
    });
    expect(unknown.json()).toMatchObject({ code: 'surveys.invalid', errors: [{ path: 'surveyKey' }] });
    expect(
      (
        await api(quality, 'POST', '/api/v1/survey-invitations', {
          accountId: c.account.id,
          contactId: c.contact.id,
          surveyKey: 'delivery',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('reminds once after the reminder days with a second link to the same invitation; expired, every link is the portal’s one 404', async () => {
    const c = await customer();
    const { invitation, token } = await send(c);
    const answered = await customer();
    const done = await send(answered);
    expect((await answer(done.token, { csat: 5, ces: 1 })).statusCode).toBe(200);

    const ctxNow = () => ({ db: ctx.database.db, now: ctx.clock.now() });
    const invitationRow = async (id: string) =>
      (await ctx.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, id)))[0]!;
    ctx.clock.advance(4 * DAY);
    await sendSurveyReminders(ctxNow());
    expect((await invitationRow(invitation.id)).remindedAt).toBeNull();
    ctx.clock.advance(1 * DAY);
    expect(await sendSurveyReminders(ctxNow())).toBeGreaterThanOrEqual(1);
    expect(await sendSurveyReminders(ctxNow())).toBe(0);
    const row = await invitationRow(invitation.id);
    expect(row.remindedAt).not.toBeNull();
    const [reminder] = await ctx.database.db.select().from(messages).where(eq(messages.id, row.reminderMessageId!));
    expect(reminder).toMatchObject({ template: 'survey_reminder', to: c.contact.email });
    const [answeredRow] = await ctx.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, done.invitation.id));
    expect(answeredRow!.remindedAt).toBeNull();
    const reminderToken = new RegExp(`${BASE}/c/([A-Za-z0-9_-]{43})`).exec(reminder!.text)![1]!;
    expect(reminderToken).not.toBe(token);
    expect((await ctx.app.inject({ method: 'GET', url: `/c/${reminderToken}` })).statusCode).toBe(200);

    ctx.clock.advance(26 * DAY);
    const unknown = await ctx.app.inject({ method: 'GET', url: `/c/${'A'.repeat(43)}` });
    const expired = await ctx.app.inject({ method: 'GET', url: `/c/${token}` });
    expect(expired.statusCode).toBe(404);
    expect(expired.body).toBe(unknown.body);
    expect((await answer(reminderToken, { csat: 5, ces: 1 })).statusCode).toBe(404);
    const listed = json<{ items: SurveyInvitation[] }>(await api(csr, 'GET', `/api/v1/survey-invitations?accountId=${c.account.id}`)).items;
    expect(listed[0]!.status).toBe('expired');
  });

  it('figures by touchpoint: response rate, mean CSAT, NPS, mean CES, detractors and the share called back within one business day', async () => {
    // A day of its own, so the period holds only this test's surveys.
    ctx.clock.set('2027-06-01T14:00:00Z');
    const day = '2027-06-01';
    const c = await customer();
    const d1 = await send(c, 'delivery');
    const d2 = await send(c, 'delivery');
    await send(c, 'delivery');
    const f1 = await send(c, 'first_order');
    const f2 = await send(c, 'first_order');
    for (const [token, answer_] of [
      [d1.token, { csat: 5, ces: 1 }],
      [d2.token, { csat: 2, ces: 6 }],
      [f1.token, { csat: 4, nps: 10, ces: 2 }],
      [f2.token, { csat: 3, nps: 5, ces: 3 }],
    ] as const)
      expect((await answer(token, answer_)).statusCode).toBe(200);
    // One detractor called back in time, the other not yet.
    const [first] = await ctx.database.db.select().from(problems).where(eq(problems.accountId, c.account.id)).orderBy(problems.openedAt);
    const called = await api(csr, 'POST', `/api/v1/tasks/${first!.fixTaskId}/complete`, { callOutcome: 'reached', note: 'Called them.' });
    expect(called.statusCode, called.body).toBe(200);

    const figures = json<SurveyFigures>(await api(csr, 'GET', `/api/v1/analytics/surveys?from=${day}&to=${day}&asOf=${day}`));
    expect(figures.overall).toEqual({
      sent: 5,
      responseRate: { numerator: 4, denominator: 5, rate: 0.8 },
      answers: 4,
      csat: { mean: 3.5, answers: 4 },
      nps: { score: 0, promoters: 1, detractors: 1, answers: 2 },
      ces: { mean: 3, answers: 4 },
      detractors: 2,
      calledBackInTime: { numerator: 1, denominator: 2, rate: 0.5 },
    });
    expect(figures.byTouchpoint.find((t) => t.touchpoint === 'delivery')).toMatchObject({
      sent: 3,
      responseRate: { numerator: 2, denominator: 3 },
      csat: { mean: 3.5, answers: 2 },
      nps: { score: null, answers: 0 },
      ces: { mean: 3.5, answers: 2 },
      detractors: 1,
    });
    // The day before saw none of it.
    const before = json<SurveyFigures>(await api(csr, 'GET', '/api/v1/analytics/surveys?from=2027-05-31&to=2027-05-31&asOf=2027-05-31'));
    expect(before.overall).toMatchObject({ sent: 0, answers: 0, csat: { mean: null } });
    const bad = await api(csr, 'GET', `/api/v1/analytics/surveys?from=${day}&to=2027-05-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ path: 'to' }] });
  });

  it('a survey step sends its survey when it opens, about the run’s order, once, and is done with the invitation as its outcome', async () => {
    const source = [
      'key: order-survey',
      'name: Survey on every order',
      'trigger: { event: order.created }',
      'steps:',
      '  - key: ask',
      '    title: Ask how the order went',
      '    kind: survey',
      '    survey: first_order',
      '    role: account_team:csr',
    ].join('\n');
    const put = await ctx.app.inject({ method: 'PUT', url: '/api/v1/playbooks/order-survey', headers: admin.headers, payload: { source } });
    expect(put.statusCode, put.body).toBe(200);
    const noSurvey = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/playbooks/order-survey-bad',
      headers: admin.headers,
      payload: { source: source.replace('order-survey', 'order-survey-bad').replace('    survey: first_order\n', '') },
    });
    expect(noSurvey.statusCode).toBe(400);
    expect(noSurvey.body).toContain('steps.0.survey');

    const c = await customer();
    const order = await createTestOrder(ctx, csr, { accountId: c.account.id });
    await drainJobs(ctx);
    const [step] = await ctx.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.orderId, order.id), eq(tasks.stepKey, 'ask')));
    expect(step).toMatchObject({ status: 'done' });
    const invitations = await ctx.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.taskId, step!.id));
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ surveyKey: 'first_order', orderId: order.id, contactId: c.contact.id });
    expect(step!.outcome).toMatchObject({ survey: { key: 'first_order', invitationId: invitations[0]!.id, to: c.contact.email } });
    await drainJobs(ctx);
    expect(await ctx.database.db.select().from(surveyInvitations).where(eq(surveyInvitations.accountId, c.account.id))).toHaveLength(1);
  });
});

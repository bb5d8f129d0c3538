// Quote follow-up calls (P4.3): a call that reached the customer records where the quote stands,
// the quote shows its next follow-up and what the last call heard, and the quotes list filters the
// open quotes whose next follow-up is due by the end of today (organisation timezone).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Quote, QuoteActivity } from '../../contract/quotes.js';
import type { Task } from '../../contract/tasks.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq, updateTestSettings } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe.each(engines)('quote follow-ups on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let rep: Session;
  const get = async <T>(url: string): Promise<T> => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: rep.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };
  const complete = (taskId: string, body: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/tasks/${taskId}/complete`, headers: rep.headers, payload: body });
  const dueQuoteIds = async () => (await get<{ items: Quote[] }>('/api/v1/quotes?followUp=due&limit=100')).items.map((q) => q.id);

  /** A quote sent on Monday 2026-03-02 15:00 UTC with its follow-up calls started (the first due Wednesday 15:00 UTC). */
  async function sentQuote(): Promise<{ quote: Quote; calls: Task[] }> {
    ctx.clock.set('2026-03-02T15:00:00Z');
    const account = await createTestAccount(ctx, { team: [{ userId: rep.userId, role: 'sales' }] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: rep.headers,
      payload: { accountId: account.id, number: uniq('Q'), amount: '4800.00', repId: rep.userId },
    });
    expect(res.statusCode, res.body).toBe(201);
    await drainJobs(ctx);
    const quote = json<Quote>(res);
    const calls = (await get<{ items: Task[] }>(`/api/v1/tasks?mine=false&quoteId=${quote.id}`)).items;
    return { quote, calls };
  }

  // New York: 2026-03-04 03:00 UTC is still Tuesday 2026-03-03 there.
  beforeAll(async () => {
    rep = await signIn(ctx, ['sales'], 'Rita Rep');
    const admin = await signIn(ctx, ['admin'], 'Ada Admin');
    await updateTestSettings(ctx, admin, { timezone: 'America/New_York' });
  });

  it('lists a quote as follow-up due from the start of the day its next call is due (organisation timezone)', async () => {
    const { quote, calls } = await sentQuote();
    expect(calls[0]).toMatchObject({ stepKey: 'call-1', dueAt: '2026-03-04T15:00:00.000Z' });
    expect((await get<Quote>(`/api/v1/quotes/${quote.id}`)).nextFollowUpAt).toBe('2026-03-04T15:00:00.000Z');

    ctx.clock.set('2026-03-04T04:00:00Z'); // Tuesday 23:00 in New York
    expect(await dueQuoteIds()).not.toContain(quote.id);
    ctx.clock.set('2026-03-04T06:00:00Z'); // Wednesday 01:00 in New York: due today
    expect(await dueQuoteIds()).toContain(quote.id);
    ctx.clock.set('2026-03-06T15:00:00Z'); // overdue
    const listed = (await get<{ items: Quote[] }>('/api/v1/quotes?followUp=due&limit=100')).items.find((q) => q.id === quote.id);
    expect(listed).toMatchObject({ status: 'open', nextFollowUpAt: '2026-03-04T15:00:00.000Z', lastFollowUp: null });
  });

  it('a call that reached them must say where the quote stands; the quote shows it and its next call', async () => {
    const { quote, calls } = await sentQuote();
    ctx.clock.set('2026-03-04T16:00:00Z');
    const missing = await complete(calls[0]!.id, { callOutcome: 'reached' });
    expect(missing.statusCode).toBe(400);
    expect(json<{ code: string; errors: { path: string }[] }>(missing)).toMatchObject({
      code: 'tasks.evidence_missing',
      errors: [{ path: 'quoteOutcome' }],
    });
    const unreached = await complete(calls[0]!.id, { callOutcome: 'no_answer', quoteOutcome: 'deciding' });
    expect(unreached.statusCode).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(unreached).errors).toEqual([
      { path: 'quoteOutcome', message: 'is only for a call that reached them' },
    ]);

    const done = await complete(calls[0]!.id, { callOutcome: 'reached', quoteOutcome: 'needs_changes' });
    expect(done.statusCode, done.body).toBe(200);
    expect(json<Task>(done).outcome).toMatchObject({ callOutcome: 'reached', quoteOutcome: 'needs_changes' });
    const after = await get<Quote>(`/api/v1/quotes/${quote.id}`);
    expect(after.lastFollowUp).toEqual({ at: '2026-03-04T16:00:00.000Z', callOutcome: 'reached', quoteOutcome: 'needs_changes' });
    expect(after.nextFollowUpAt).toBe(calls[1]!.dueAt); // call-2, a week after sending
    // Its next call is not due today: no longer in the follow-up-due list.
    expect(await dueQuoteIds()).not.toContain(quote.id);

    // A call that did not reach them is recorded without a quote outcome.
    ctx.clock.set(calls[1]!.dueAt!);
    expect((await complete(calls[1]!.id, { callOutcome: 'left_message' })).statusCode).toBe(200);
    expect((await get<Quote>(`/api/v1/quotes/${quote.id}`)).lastFollowUp).toEqual({
      at: calls[1]!.dueAt,
      callOutcome: 'left_message',
      quoteOutcome: null,
    });
  });

  it('a decided quote is never follow-up due', async () => {
    const { quote } = await sentQuote();
    ctx.clock.set('2026-03-05T15:00:00Z');
    expect(await dueQuoteIds()).toContain(quote.id);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/quotes/${quote.id}`,
      headers: rep.headers,
      payload: { status: 'lost', lostReason: 'Went with a cheaper supplier' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await dueQuoteIds()).not.toContain(quote.id);
    await drainJobs(ctx);
    expect(await get<Quote>(`/api/v1/quotes/${quote.id}`)).toMatchObject({ nextFollowUpAt: null });
  });

  it("the quote's page reads its follow-ups due and done, its events and the order it became", async () => {
    const { quote, calls } = await sentQuote();
    ctx.clock.set('2026-03-04T16:00:00Z');
    expect(
      (await complete(calls[0]!.id, { callOutcome: 'reached', quoteOutcome: 'deciding', note: 'Deciding by Friday' })).statusCode,
    ).toBe(200);
    const before = await get<QuoteActivity>(`/api/v1/quotes/${quote.id}/activity`);
    // Still to do first, soonest due; then what was done.
    expect(before.followUps.map((f) => f.status)).toEqual([...calls.slice(1).map(() => 'open'), 'done']);
    expect(before.followUps.at(-1)).toMatchObject({
      id: calls[0]!.id,
      completedAt: '2026-03-04T16:00:00.000Z',
      completedBy: { id: rep.userId, name: 'Rita Rep' },
      callOutcome: 'reached',
      quoteOutcome: 'deciding',
      note: 'Deciding by Friday',
    });
    expect(before.followUps[0]!.dueAt).toBe(calls[1]!.dueAt);
    expect(before.events).toMatchObject([{ kind: 'sent', actor: { id: rep.userId } }]);
    expect(before.order).toBeNull();

    ctx.clock.set('2026-03-05T10:00:00Z');
    const order = await createTestOrder(ctx, rep, { accountId: quote.accountId });
    const won = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/quotes/${quote.id}`,
      headers: rep.headers,
      payload: { status: 'won', orderId: order.id },
    });
    expect(won.statusCode, won.body).toBe(200);
    const after = await get<QuoteActivity>(`/api/v1/quotes/${quote.id}/activity`);
    expect(after.order).toEqual({ id: order.id, number: order.number, status: 'received' });
    expect(after.events[0]).toMatchObject({ kind: 'status_changed', fromStatus: 'open', toStatus: 'won', at: '2026-03-05T10:00:00.000Z' });

    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/quotes/00000000-0000-4000-8000-000000000000/activity',
      headers: { cookie: rep.cookie },
    });
    expect(missing.statusCode).toBe(404);
    expect(json<{ code: string }>(missing).code).toBe('quotes.not_found');
  });
});

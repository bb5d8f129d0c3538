// Quotes expire on their own (P4.3): the daily sweep expires an open quote the day after its
// valid-until date — "today" in the organisation's timezone — once, with a quote.expired event that
// stops its follow-up calls as a won or lost quote does. Decided quotes are left alone.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Quote } from '../../contract/quotes.js';
import type { Task } from '../../contract/tasks.js';
import { runSweep } from '../../src/domain/sweep/index.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, uniq, updateTestSettings } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe.each(engines)('quote expiry on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let rep: Session;
  let admin: Session;
  const sweep = () => runSweep({ db: ctx.database.db, now: ctx.clock.now() });
  const get = async <T>(url: string): Promise<T> => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };
  async function quote(extra: Record<string, unknown>): Promise<Quote> {
    const account = await createTestAccount(ctx, { team: [{ userId: rep.userId, role: 'sales' }] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: rep.headers,
      payload: { accountId: account.id, number: uniq('Q'), amount: '2500.00', repId: rep.userId, ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json<Quote>(res);
  }
  const expiredEvents = (quoteId: string) =>
    ctx.database.query<{ occurred_at: Date; payload: Record<string, unknown> }>(
      "select occurred_at, payload from domain_events where subject_id = $1 and type = 'quote.expired'",
      [quoteId],
    );

  // The organisation works in New York: at 03:00 UTC on 2026-03-02 it is still 2026-03-01 there.
  beforeAll(async () => {
    rep = await signIn(ctx, ['sales'], 'Rita Rep');
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    await updateTestSettings(ctx, admin, { timezone: 'America/New_York' });
  });
  beforeEach(() => ctx.clock.set('2026-02-20T15:00:00Z'));

  it('expires an open quote the day after its valid-until date (organisation timezone), not on it', async () => {
    const q = await quote({ validUntil: '2026-03-01' });
    ctx.clock.set('2026-03-02T03:00:00Z'); // 2026-03-01 22:00 in New York: its last valid day
    expect((await sweep()).expiredQuoteIds).not.toContain(q.id);
    expect(await get<Quote>(`/api/v1/quotes/${q.id}`)).toMatchObject({ status: 'open', decidedAt: null });

    ctx.clock.set('2026-03-02T06:00:00Z'); // 01:00 on 2026-03-02 in New York
    const result = await sweep();
    expect(result.expiredQuoteIds).toContain(q.id);
    expect(result.emitted['quote.expired']).toBe(result.expiredQuoteIds.length);
    // Decided at the start of the day it expired, in the organisation's timezone.
    expect(await get<Quote>(`/api/v1/quotes/${q.id}`)).toMatchObject({ status: 'expired', decidedAt: '2026-03-02T05:00:00.000Z' });
    const [event] = await expiredEvents(q.id);
    expect(event!.occurred_at.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(event!.payload).toMatchObject({ quoteId: q.id, number: q.number, from: 'open', to: 'expired', validUntil: '2026-03-01' });
    // The account timeline says so, by the system (no person).
    const timeline = await get<{ items: { title: string; actor: unknown }[] }>(`/api/v1/accounts/${q.accountId}/timeline?source=quote`);
    expect(timeline.items[0]).toMatchObject({ title: `Quote ${q.number} expired`, actor: null });
  });

  it('a quote expires once: a second sweep, that day or later, adds no event', async () => {
    const q = await quote({ validUntil: '2026-02-25' });
    ctx.clock.set('2026-03-02T15:00:00Z');
    expect((await sweep()).expiredQuoteIds).toContain(q.id);
    expect((await sweep()).expiredQuoteIds).toEqual([]);
    ctx.clock.set('2026-03-09T15:00:00Z');
    expect((await sweep()).expiredQuoteIds).not.toContain(q.id);
    expect(await expiredEvents(q.id)).toHaveLength(1);
    const logged = await ctx.database.query<{ n: number }>(
      "select count(*)::int as n from quote_events where quote_id = $1 and to_status = 'expired'",
      [q.id],
    );
    expect(logged[0]!.n).toBe(1);
  });

  it('leaves decided quotes and quotes without a valid-until date alone', async () => {
    const won = await quote({ validUntil: '2026-02-25' });
    const lost = await quote({ validUntil: '2026-02-25' });
    const openEnded = await quote({});
    for (const [q, body] of [
      [won, { status: 'won' }],
      [lost, { status: 'lost', lostReason: 'Price' }],
    ] as const) {
      const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/quotes/${q.id}`, headers: rep.headers, payload: body });
      expect(res.statusCode, res.body).toBe(200);
    }
    ctx.clock.set('2026-06-01T15:00:00Z');
    const result = await sweep();
    for (const q of [won, lost, openEnded]) {
      expect(result.expiredQuoteIds).not.toContain(q.id);
      expect(await expiredEvents(q.id)).toEqual([]);
    }
    expect((await get<Quote>(`/api/v1/quotes/${won.id}`)).status).toBe('won');
    expect((await get<Quote>(`/api/v1/quotes/${lost.id}`)).status).toBe('lost');
    expect((await get<Quote>(`/api/v1/quotes/${openEnded.id}`)).status).toBe('open');
  });

  it('stops the follow-up calls of an expired quote: its open calls are skipped, its run cancelled', async () => {
    const q = await quote({ validUntil: '2026-02-27' });
    await drainJobs(ctx);
    const tasksOf = (status: string) => get<{ items: Task[] }>(`/api/v1/tasks?mine=false&status=${status}&quoteId=${q.id}`);
    expect((await tasksOf('open')).items.map((t) => t.stepKey)).toEqual(['call-1', 'call-2', 'call-3']);

    ctx.clock.set('2026-03-02T15:00:00Z');
    await sweep();
    await drainJobs(ctx);
    expect((await tasksOf('open')).items).toEqual([]);
    const skipped = (await tasksOf('skipped')).items;
    expect(skipped.map((t) => [t.stepKey, t.outcome])).toEqual([
      ['call-1', { stoppedBy: 'quote.expired' }],
      ['call-2', { stoppedBy: 'quote.expired' }],
      ['call-3', { stoppedBy: 'quote.expired' }],
    ]);
    const runs = await get<{ items: { status: string; cancelReason: string | null }[] }>(`/api/v1/playbook-runs?quoteId=${q.id}`);
    expect(runs.items).toEqual([expect.objectContaining({ status: 'cancelled', cancelReason: 'quote.expired' })]);
  });
});

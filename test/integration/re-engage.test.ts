// The built-in `re-engage` playbook (P4.1): when the daily sweep finds a customer neglected or past
// its ordering rhythm, the account team gets a call task saying why — the same words the account
// page and the accounts list show, from the one rule's numbers.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../contract/accounts.js';
import type { Task } from '../../contract/tasks.js';
import { runSweep } from '../../src/domain/sweep/index.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const MONDAY = '2026-03-02T14:00:00Z';

describe.each(engines)('re-engage on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let rep: Session;
  let admin: Session;
  const get = async <T>(url: string): Promise<T> => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };
  const reengageTasks = async (accountId: string) =>
    (await get<{ items: Task[] }>(`/api/v1/tasks?mine=false&status=active&accountId=${accountId}`)).items.filter(
      (t) => t.run?.playbookKey === 're-engage',
    );
  /** A customer of the rep's, with orders placed on these days (10:00 UTC). */
  async function customerWithOrders(days: string[]): Promise<Account> {
    const account = await createTestAccount(ctx, { team: [{ userId: rep.userId, role: 'sales' }] });
    for (const day of days) await createTestOrder(ctx, rep, { accountId: account.id, placedAt: `${day}T10:00:00Z` });
    return account;
  }
  async function sweepToday() {
    await drainJobs(ctx); // the orders' own events first: the runs below are the sweep's
    await runSweep({ db: ctx.database.db, now: ctx.clock.now() });
    await drainJobs(ctx);
  }

  beforeAll(async () => {
    rep = await signIn(ctx, ['sales'], 'Rita Rep');
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
  });
  beforeEach(() => ctx.clock.set(MONDAY));

  it('a customer past twice its rhythm gets a call for its rep saying so, in the words of its account page', async () => {
    // Every 10 days, the last on 2026-02-09: 21 days ago on Monday 2026-03-02, overdue from today.
    const account = await customerWithOrders(['2026-01-10', '2026-01-20', '2026-01-30', '2026-02-09']);
    await sweepToday();
    const explanation = 'usually orders every 10 days; last order 21 days ago (2.1× its rhythm)';
    const [task, ...more] = await reengageTasks(account.id);
    expect(more).toEqual([]);
    expect(task).toMatchObject({
      title: `Re-engage: ${explanation}`,
      kind: 'call',
      role: 'sales',
      assignee: { id: rep.userId },
      status: 'open',
      // The episode began today (00:00 UTC, the organisation's zone); two working days later, at
      // opening (08:00): midnight is outside the working hours.
      dueAt: '2026-03-04T08:00:00.000Z',
      evidence: { callOutcome: true, note: true },
    });
    expect(task!.guidance).toContain(`Why now: ${explanation}.`);
    // And the habit that goes with the call: today's thank-you note, where the card puts them first.
    expect(task!.guidance).toMatch(/write them today's thank-you note/);
    expect((await get<Account>(`/api/v1/accounts/${account.id}`)).attention).toEqual({ reason: 'rhythm_overdue', explanation });

    // The same day swept again starts nothing more.
    await sweepToday();
    expect(await reengageTasks(account.id)).toHaveLength(1);
  });

  it('a neglected customer gets a call saying how long it has been, the list showing the same words', async () => {
    // One order, 181 days before Monday 2026-03-02: neglected (more than 180 days) from today.
    const account = await customerWithOrders(['2025-09-02']);
    const explanation = 'no order for 6 months (last on 2025-09-02)';
    await sweepToday();
    const tasks = await reengageTasks(account.id);
    expect(tasks.map((t) => [t.title, t.assignee?.id])).toEqual([[`Re-engage: ${explanation}`, rep.userId]]);
    expect(tasks[0]!.guidance).toContain(`Why now: ${explanation}.`);
    const list = await get<{ items: Account[] }>(`/api/v1/accounts?status=dormant&q=${encodeURIComponent(account.name)}`);
    expect(list.items.map((a) => [a.id, a.attention])).toEqual([[account.id, { reason: 'neglected', explanation }]]);
  });

  it('a customer on its rhythm, or one whose quiet spell began before the horizon, gets no task', async () => {
    const onRhythm = await customerWithOrders(['2026-02-01', '2026-02-11', '2026-02-21']);
    const longQuiet = await customerWithOrders(['2024-05-01']);
    await sweepToday();
    expect(await reengageTasks(onRhythm.id)).toEqual([]);
    expect(await reengageTasks(longQuiet.id)).toEqual([]);
    expect((await get<Account>(`/api/v1/accounts/${onRhythm.id}`)).attention).toBeNull();
    // Still explained on its page: the words do not depend on a task.
    expect((await get<Account>(`/api/v1/accounts/${longQuiet.id}`)).attention).toEqual({
      reason: 'neglected',
      explanation: 'no order for 22 months (last on 2024-05-01)',
    });
  });
});

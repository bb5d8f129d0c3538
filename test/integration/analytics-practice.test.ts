// GET /api/v1/analytics/practice and /practice/rows — "does the practice work?": first orders whose
// playbook steps were done on time against the others, and whether their accounts came back. On
// both engines, on a world of seven first orders with known steps (docs/analytics.md).
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Practice, PracticeRows } from '../../contract/analytics.js';
import { playbookRuns, playbooks, tasks, users } from '../../src/db/schema/index.js';
import { engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq } from '../support/factories.js';

const ratioOf = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

interface StepFacts {
  due?: string;
  done?: string;
  skipped?: string;
}

describe.each(engines)('does the practice work, on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);
  let admin: Session;
  let rep: string;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], uniq('Admin'));
    const db = ctx.database.db;
    const [user] = await db
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name: uniq('Rep'), roles: ['sales'] })
      .returning();
    rep = user!.id;
    const [book] = await db
      .select({ id: playbooks.id })
      .from(playbooks)
      .where(and(eq(playbooks.key, 'first-order-care'), eq(playbooks.isCurrent, true)));

    /** A customer of the rep whose first order a first-order-care run followed: its two steps and a wait, as given. */
    const firstOrder = async (
      name: string,
      placed: string,
      second: string | null,
      steps: { 'csr-intro': StepFacts; inspection: StepFacts },
      runStatus: 'active' | 'cancelled' = 'active',
    ) => {
      const account = await createTestAccount(ctx, { name, timezone: 'UTC', team: [{ userId: rep, role: 'sales' }] });
      const order = await insertTestOrder(ctx, { accountId: account.id, number: `${name}-1`, placedAt: `${placed}T09:00:00Z` });
      if (second) await insertTestOrder(ctx, { accountId: account.id, number: `${name}-2`, placedAt: `${second}T09:00:00Z` });
      const [run] = await db
        .insert(playbookRuns)
        .values({
          playbookId: book!.id,
          playbookKey: 'first-order-care',
          subjectType: 'order',
          subjectId: order.id,
          accountId: account.id,
          orderId: order.id,
          triggerEventId: 1,
          status: runStatus,
          startedAt: new Date(`${placed}T09:00:00Z`),
        })
        .returning();
      const at = (text: string | undefined) => (text ? new Date(`${text}Z`) : null);
      const task = (stepKey: string, kind: 'call' | 'signoff' | 'wait', f: StepFacts) => ({
        runId: run!.id,
        stepKey,
        title: stepKey,
        kind,
        accountId: account.id,
        orderId: order.id,
        dueAt: at(f.due),
        status: f.done ? ('done' as const) : f.skipped ? ('skipped' as const) : ('open' as const),
        completedAt: at(f.done ?? f.skipped),
      });
      await db
        .insert(tasks)
        .values([
          task('csr-intro', 'call', steps['csr-intro']),
          task('inspection', 'signoff', steps.inspection),
          task('shipped', 'wait', { due: '2024-01-02T00:00:00' }),
        ]);
    };

    // A and B kept every step; C called late, D's inspection skipped, G's call still open past due.
    await firstOrder('A', '2024-01-05', '2024-01-25', {
      'csr-intro': { due: '2024-01-06T12:00:00', done: '2024-01-06T10:00:00' },
      inspection: { due: '2024-01-08T12:00:00', done: '2024-01-08T08:00:00' },
    });
    await firstOrder('B', '2024-01-06', null, {
      'csr-intro': { due: '2024-01-07T12:00:00', done: '2024-01-07T09:00:00' },
      inspection: { due: '2024-01-09T12:00:00', done: '2024-01-09T10:00:00' },
    });
    await firstOrder('C', '2024-01-07', '2024-02-16', {
      'csr-intro': { due: '2024-01-08T12:00:00', done: '2024-01-10T09:00:00' },
      inspection: { due: '2024-01-12T12:00:00', done: '2024-01-11T09:00:00' },
    });
    await firstOrder('D', '2024-01-08', null, {
      'csr-intro': { due: '2024-01-09T12:00:00', done: '2024-01-09T09:00:00' },
      inspection: { due: '2024-01-12T12:00:00', skipped: '2024-01-09T10:00:00' },
    });
    // E: nothing due yet (so not judged); F: its run was cancelled with its order's plans.
    await firstOrder('E', '2024-01-09', null, { 'csr-intro': { due: '2024-12-01T12:00:00' }, inspection: {} });
    await firstOrder(
      'F',
      '2024-01-10',
      '2024-01-20',
      { 'csr-intro': { due: '2024-01-11T12:00:00', done: '2024-01-11T09:00:00' }, inspection: {} },
      'cancelled',
    );
    await firstOrder('G', '2024-01-11', null, { 'csr-intro': { due: '2024-01-12T12:00:00' }, inspection: {} });
  });

  const get = async <T>(path: string, query: Record<string, string>) => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/analytics/${path}?${new URLSearchParams({ rep, ...query }).toString()}`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };

  it('compares the runs whose steps were all done on time with the others, per playbook and per step, with the counts', async () => {
    const practice = await get<Practice>('practice', { asOf: '2024-06-30' });
    expect(practice.playbooks.map((p) => p.key)).toEqual(['first-order-care']);
    const care = practice.playbooks[0]!;
    expect(care.name).toBe('First-order care');
    // Kept: A (back in 20 days) and B; missed: C (back in 40 days), D and G. E and F are not judged.
    expect(care.kept).toEqual({ secondOrderConversion: ratioOf(1, 2), medianDaysToSecondOrder: 20 });
    expect(care.missed).toEqual({ secondOrderConversion: ratioOf(1, 3), medianDaysToSecondOrder: 40 });
    // In the playbook's order; the wait step is an event, not a habit.
    expect(care.steps.map((s) => [s.key, s.title])).toEqual([
      ['csr-intro', 'CSR introduction'],
      ['inspection', 'Final inspection'],
    ]);
    const [call, inspection] = care.steps;
    expect(call!.kept).toEqual({ secondOrderConversion: ratioOf(1, 3), medianDaysToSecondOrder: 20 }); // A, B, D
    expect(call!.missed).toEqual({ secondOrderConversion: ratioOf(1, 2), medianDaysToSecondOrder: 40 }); // C, G
    expect(inspection!.kept).toEqual({ secondOrderConversion: ratioOf(2, 3), medianDaysToSecondOrder: 30 }); // A, B, C
    expect(inspection!.missed).toEqual({ secondOrderConversion: ratioOf(0, 1), medianDaysToSecondOrder: null }); // D
  });

  it('judges as the data stood on asOf: later orders, second orders and completions do not exist yet', async () => {
    const practice = await get<Practice>('practice', { asOf: '2024-01-09' });
    const care = practice.playbooks[0]!;
    // A and B kept; C's call was overdue that day (done the next), D's inspection skipped. No one had come back yet.
    expect(care.kept.secondOrderConversion).toEqual(ratioOf(0, 2));
    expect(care.missed.secondOrderConversion).toEqual(ratioOf(0, 2));
    // C's inspection was not due yet: judged by its call alone.
    expect(care.steps.find((s) => s.key === 'inspection')!.kept.secondOrderConversion).toEqual(ratioOf(0, 2));
  });

  it('counts the first orders placed in the period only', async () => {
    const care = (await get<Practice>('practice', { asOf: '2024-06-30', from: '2024-01-08', to: '2024-01-31' })).playbooks[0]!;
    expect(care.kept.secondOrderConversion).toEqual(ratioOf(0, 0));
    expect(care.missed.secondOrderConversion).toEqual(ratioOf(0, 2)); // D and G
  });

  it('lists the accounts behind each side, with the steps that were missed, paged by first order date', async () => {
    const missed = await get<PracticeRows>('practice/rows', { asOf: '2024-06-30', playbook: 'first-order-care', side: 'missed' });
    expect(missed.items.map((r) => [r.accountName, r.orderNumber, r.secondOrderOn, r.daysToSecondOrder, r.missedSteps])).toEqual([
      ['C', 'C-1', '2024-02-16', 40, ['csr-intro']],
      ['D', 'D-1', null, null, ['inspection']],
      ['G', 'G-1', null, null, ['csr-intro']],
    ]);
    const first = await get<PracticeRows>('practice/rows', {
      asOf: '2024-06-30',
      playbook: 'first-order-care',
      step: 'inspection',
      side: 'kept',
      limit: '2',
    });
    expect(first.items.map((r) => r.accountName)).toEqual(['A', 'B']);
    expect(first.nextCursor).not.toBeNull();
    const second = await get<PracticeRows>('practice/rows', {
      asOf: '2024-06-30',
      playbook: 'first-order-care',
      step: 'inspection',
      side: 'kept',
      limit: '2',
      cursor: first.nextCursor!,
    });
    expect(second.items.map((r) => r.accountName)).toEqual(['C']);
    expect(second.nextCursor).toBeNull();
  });

  it('answers bad input with a 400 naming the parameter', async () => {
    const bad = async (path: string, query: string, field: string) => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/analytics/${path}?${query}`, headers: admin.headers });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toContain(field);
    };
    await bad('practice', 'asOf=1998-02-30', 'asOf');
    await bad('practice', 'asOf=2024-06-30&from=2024-03-01&to=2024-02-01', 'to');
    await bad('practice', `rep=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'rep');
    await bad('practice/rows', 'playbook=first-order-care&side=sometimes', 'side');
    await bad('practice/rows', 'side=kept', 'playbook');
    await bad('practice/rows', 'playbook=first-order-care&side=kept&cursor=%5B1%2C%7B%7D%5D', 'cursor');
  });
});

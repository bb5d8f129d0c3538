// The paid audition's data-package review gates in_production (docs/domain.md §3, P1.2: nothing
// is built before the package is known complete): the same gate machinery as the ship gates, the
// same admin override, and an "incomplete — asked the customer for …" answer that keeps the gate
// closed and makes a follow-up task. Each test starts its own audition; Monday 2026-03-02 14:00 UTC.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { OrderDetail } from '../../contract/orders.js';
import type { Task } from '../../contract/tasks.js';
import { engines, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

describe.each(engines)('the data-package review gate on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  const u = {} as Record<'admin' | 'eng' | 'ops' | 'csr', Session>;
  beforeAll(async () => {
    u.admin = await signIn(ctx, ['admin'], 'Ada Admin');
    u.eng = await signIn(ctx, ['engineering'], 'Eve Engineer');
    u.ops = await signIn(ctx, ['operations'], 'Otto Ops');
    u.csr = await signIn(ctx, ['csr'], 'Cy CSR');
  });
  beforeEach(() => ctx.clock.set('2026-03-02T14:00:00Z'));

  const inject = (by: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: method === 'GET' ? { cookie: by.cookie } : by.headers, ...(payload && { payload }) });
  const move = (by: Session, order: OrderDetail, body: object) => inject(by, 'POST', `/api/v1/orders/${order.id}/transitions`, body);
  const tasksOf = async (order: OrderDetail) =>
    (await inject(u.admin, 'GET', `/api/v1/tasks?mine=false&status=active&orderId=${order.id}`)).json<{ items: Task[] }>().items;
  /** A first order of an account worth an audition (or not), its playbook started, moved to data_review. */
  const orderInReview = async (potentialAnnualSpend = '100000.00') => {
    const account = await createTestAccount(ctx, { potentialAnnualSpend, team: [{ userId: u.eng.userId, role: 'engineering' }] });
    const order = await createTestOrder(ctx, u.ops, { accountId: account.id });
    await drainJobs(ctx);
    expect((await move(u.ops, order, { to: 'data_review' })).statusCode).toBe(200);
    const review = (await tasksOf(order)).find((t) => t.stepKey === 'data-review')!;
    return { account, order, review };
  };
  const fullReview = (review: Task) => ({
    note: 'All there.',
    checklist: Object.fromEntries(review.evidence!.checklist!.map((i) => [i, true])),
  });

  it('refuses in_production with 409 naming the open review, and lets it pass once the review is done', async () => {
    const { order, review } = await orderInReview();
    expect(review).toMatchObject({ gateStatus: 'in_production', assignee: { id: u.eng.userId } });
    const refused = await move(u.ops, order, { to: 'in_production' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'orders.gate_open',
      meta: { gates: [{ taskId: review.id, title: 'Data-package review' }] },
    });
    expect(refused.json<{ detail: string }>().detail).toMatch(/data-package review: checklist not done/);
    // Skipping past it is refused too: a gate holds every status after it.
    expect((await move(u.ops, order, { to: 'inspection' })).statusCode).toBe(409);
    const done = await inject(u.eng, 'POST', `/api/v1/tasks/${review.id}/complete`, fullReview(review));
    expect(done.statusCode, done.body).toBe(200);
    expect((await move(u.ops, order, { to: 'in_production' })).statusCode).toBe(200);
  });

  it('lets only an admin override the open review, with a reason recorded on the order', async () => {
    const { order } = await orderInReview();
    const reason = { overrideGates: { reason: 'Repeat part, the drawings on file are current.' } };
    expect((await move(u.ops, order, { to: 'in_production', ...reason })).statusCode).toBe(403);
    const moved = await move(u.admin, order, { to: 'in_production', ...reason });
    expect(moved.statusCode, moved.body).toBe(200);
    const detail = (await inject(u.admin, 'GET', `/api/v1/orders/${order.id}`)).json<OrderDetail>();
    expect(detail.status).toBe('in_production');
    expect(detail.events.find((e) => e.kind === 'gate_override')).toMatchObject({ note: reason.overrideGates.reason });
  });

  it('answered incomplete: the review stays open and holds the gate, a follow-up chases what was asked for, the timeline says so', async () => {
    const { account, order, review } = await orderInReview();
    const asked = await inject(u.eng, 'POST', `/api/v1/tasks/${review.id}/complete`, {
      askedFor: 'drawing revision C',
      note: 'Buyer promised it by Wednesday',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json<Task>()).toMatchObject({ status: 'open', outcome: { asks: [{ askedFor: 'drawing revision C' }] } });
    const followUp = (await tasksOf(order)).find((t) => t.title === 'Get from the customer: drawing revision C')!;
    // Due the next working day, for the engineer who asked.
    expect(followUp).toMatchObject({ status: 'open', kind: 'call', assignee: { id: u.eng.userId }, dueAt: '2026-03-03T14:00:00.000Z' });
    const refused = await move(u.ops, order, { to: 'in_production' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toMatch(/incomplete, waiting for the customer: drawing revision C/);
    const timeline = (await inject(u.admin, 'GET', `/api/v1/accounts/${account.id}/timeline?source=activity`)).json<{
      items: TimelineItem[];
    }>();
    expect(timeline.items[0]).toMatchObject({
      title: 'Step: Data-package review — incomplete',
      detail: 'Asked the customer for drawing revision C — Buyer promised it by Wednesday',
      actor: { id: u.eng.userId },
    });
    // It came: the follow-up done, the review completed, production may start; the ask stays on the step.
    expect((await inject(u.eng, 'POST', `/api/v1/tasks/${followUp.id}/complete`, { note: 'Received rev C' })).statusCode).toBe(200);
    const done = await inject(u.eng, 'POST', `/api/v1/tasks/${review.id}/complete`, fullReview(review));
    expect(done.json<Task>()).toMatchObject({ status: 'done', outcome: { asks: [{ askedFor: 'drawing revision C' }] } });
    expect((await move(u.ops, order, { to: 'in_production' })).statusCode).toBe(200);
  });

  it('refuses "incomplete" on a step that cannot be incomplete, naming the field', async () => {
    const { order } = await orderInReview();
    const kickoff = (await tasksOf(order)).find((t) => t.stepKey === 'kickoff')!;
    const res = await inject(u.admin, 'POST', `/api/v1/tasks/${kickoff.id}/complete`, { askedFor: 'drawings' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'tasks.evidence_missing', errors: [expect.objectContaining({ path: 'askedFor' })] });
  });

  it('does not gate production of a first order that is no audition', async () => {
    const { order, review } = await orderInReview('1000.00');
    expect(review.gateStatus).toBeNull();
    expect((await move(u.ops, order, { to: 'in_production' })).statusCode).toBe(200);
  });
});

// The onboarding journey on both engines (docs/journeys.md): started by a customer's first order
// delivered, or by hand when the setting says so — one per account, a replayed event starts no
// second; its six stages entered and completed in order as their tasks are done, with an
// `account.stage_changed` event at each move; a survey after each stage; executive calls bound to
// stages, due as the playbook says, and the "due / done / overdue this quarter" report.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AccountJourney, ExecutiveCalls } from '../../contract/journeys.js';
import type { Task } from '../../contract/tasks.js';
import { accountTeam, contacts, domainEvents, journeyStages, playbookRuns, surveyInvitations } from '../../src/db/schema/index.js';
import { dispatchPendingEvents, handleEvent } from '../../src/domain/playbooks/index.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, updateTestSettings, uniq } from '../support/factories.js';

const MONDAY = '2026-03-02T14:00:00Z';

describe.each(engines)('the onboarding journey on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 10_000_000, sessionAbsoluteHours: 1_000_000 } });
  const db = () => ctx.database.db;
  const api = (s: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: method === 'GET' ? { cookie: s.cookie } : s.headers, ...(payload && { payload }) });

  let staff: Record<'admin' | 'ops' | 'csr' | 'service' | 'exec' | 'quality', Session> | undefined;
  /** A customer with a mail contact and a team (CSR, service, executive); the same staff every test. */
  async function setUp(journeyStart: 'first_delivery' | 'by_hand' = 'first_delivery') {
    ctx.clock.set(MONDAY);
    staff ??= {
      admin: await signIn(ctx, ['admin'], 'Ada Admin'),
      ops: await signIn(ctx, ['operations'], 'Olly Ops'),
      csr: await signIn(ctx, ['csr'], 'Casey CSR'),
      service: await signIn(ctx, ['service'], 'Sam Service'),
      exec: await signIn(ctx, ['executive'], 'Eve Executive'),
      quality: await signIn(ctx, ['quality'], 'Quinn Quality'),
    };
    await updateTestSettings(ctx, staff.admin, { journeyStart });
    const account = await createTestAccount(ctx, { name: uniq('Journey Co') });
    await db()
      .insert(accountTeam)
      .values([
        { accountId: account.id, userId: staff.csr.userId, role: 'csr' },
        { accountId: account.id, userId: staff.service.userId, role: 'service' },
        { accountId: account.id, userId: staff.exec.userId, role: 'executive' },
      ]);
    await db()
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('jane')}@customer.test`, isPrimary: true });
    return { ...staff, account };
  }
  /** The account's first order, placed and carried to delivered through the API (no playbook ran yet: no gates). */
  async function deliverFirstOrder(ops: Session, accountId: string) {
    const order = await createTestOrder(ctx, ops, { accountId, promisedDate: '2026-03-20' });
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship', 'shipped', 'delivered']) {
      const res = await api(ops, 'POST', `/api/v1/orders/${order.id}/transitions`, {
        to,
        ...(to === 'shipped' && { trackingNumber: '1Z1' }),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await dispatchPendingEvents({ db: db(), now: ctx.clock.now() });
    return order;
  }
  const journeyOf = async (s: Session, accountId: string) =>
    json<AccountJourney>(await api(s, 'GET', `/api/v1/accounts/${accountId}/journey`));
  /** The journey's tasks of the account, whatever their status, through the task list everyone reads. */
  async function tasksOf(s: Session, accountId: string): Promise<Task[]> {
    const all: Task[] = [];
    for (const status of ['waiting', 'open', 'done'])
      all.push(...json<{ items: Task[] }>(await api(s, 'GET', `/api/v1/tasks?mine=false&accountId=${accountId}&status=${status}`)).items);
    return all.filter((t) => t.run?.playbookKey === 'onboarding-journey');
  }
  const task = (tasks: Task[], key: string) => tasks.find((t) => t.stepKey === key)!;
  async function complete(s: Session, t: Task, body?: object) {
    const payload = body ?? { checklist: Object.fromEntries((t.evidence?.checklist ?? []).map((i) => [i, true])) };
    const res = await api(s, 'POST', `/api/v1/tasks/${t.id}/complete`, payload);
    expect(res.statusCode, res.body).toBe(200);
    await dispatchPendingEvents({ db: db(), now: ctx.clock.now() });
  }
  const stageEvents = async (accountId: string) =>
    (
      await db()
        .select({ payload: domainEvents.payload })
        .from(domainEvents)
        .where(and(eq(domainEvents.type, 'account.stage_changed'), eq(domainEvents.accountId, accountId)))
        .orderBy(domainEvents.id)
    ).map((e) => {
      const p = e.payload as { from: string | null; to: string | null };
      return `${p.from ?? '∅'}→${p.to ?? '∅'}`;
    });

  it('starts on the first order delivered: stages in order, a survey after each, executive calls due as set, stage_changed at each move', async () => {
    const { ops, csr, service, exec, account } = await setUp();
    const deliveredAt = '2026-03-02T14:00:00.000Z';
    await deliverFirstOrder(ops, account.id);

    let j = (await journeyOf(csr, account.id)).journey!;
    expect(j).toMatchObject({ playbookKey: 'onboarding-journey', status: 'active', currentStage: 'scheduling' });
    expect(j.startedBy).toMatchObject({ how: 'first_delivery', user: null });
    expect(j.stages.map((s) => [s.stage, s.state])).toEqual([
      ['scheduling', 'current'],
      ['installation', 'ahead'],
      ['training', 'ahead'],
      ['technical_support', 'ahead'],
      ['service_contract', 'ahead'],
      ['parts_consumables', 'ahead'],
    ]);
    expect(j.stages[0]!.enteredAt).toBe(deliveredAt);
    // The stage's open checklist: every item of its open task, for the CSR on the team.
    expect(j.stages[0]!.openTasks).toEqual([
      expect.objectContaining({
        title: 'Schedule the installation',
        assignee: { id: csr.userId, name: 'Casey CSR' },
        checklist: expect.arrayContaining(['Date and time agreed with the customer']),
      }),
    ]);
    let tasks = await tasksOf(csr, account.id);
    // The 90-day executive call is due 90 calendar days after the delivery, for the team's executive.
    expect(task(tasks, 'executive-call-90-days')).toMatchObject({
      status: 'open',
      role: 'executive',
      assignee: { id: exec.userId },
      dueAt: '2026-05-31T14:00:00.000Z',
    });
    expect(task(tasks, 'executive-call-installation').status).toBe('waiting');
    expect(await stageEvents(account.id)).toEqual(['∅→scheduling']);

    // Scheduling done → its survey goes to the contact at once, and the installation is entered.
    ctx.clock.set('2026-03-03T09:00:00Z');
    await complete(csr, task(tasks, 'schedule'));
    j = (await journeyOf(csr, account.id)).journey!;
    expect(j.currentStage).toBe('installation');
    expect(j.stages[0]).toMatchObject({ state: 'done', completedAt: '2026-03-03T09:00:00.000Z' });
    expect(j.stages[0]!.survey).toMatchObject({ touchpoint: 'scheduling', sentAt: '2026-03-03T09:00:00.000Z', answeredAt: null });
    expect(j.stages[1]).toMatchObject({ state: 'current', enteredAt: '2026-03-03T09:00:00.000Z' });
    expect(await stageEvents(account.id)).toEqual(['∅→scheduling', 'scheduling→installation']);

    // Installed (Wednesday) → the executive call after the installation opens, due three working days later;
    // the installation stage is complete only once that call is made.
    ctx.clock.set('2026-03-04T16:00:00Z');
    tasks = await tasksOf(csr, account.id);
    await complete(service, task(tasks, 'install'));
    tasks = await tasksOf(csr, account.id);
    expect(task(tasks, 'executive-call-installation')).toMatchObject({ status: 'open', dueAt: '2026-03-09T16:00:00.000Z' });
    j = (await journeyOf(csr, account.id)).journey!;
    expect(j.currentStage).toBe('installation');
    expect(j.stages[1]!.executiveCalls.map((c) => c.status)).toEqual(['open']);
    expect(j.stages[1]!.survey?.touchpoint).toBe('installation');
    await complete(exec, task(tasks, 'executive-call-installation'), { callOutcome: 'reached', note: 'Happy with the install.' });
    j = (await journeyOf(csr, account.id)).journey!;
    expect(j.currentStage).toBe('training');
    expect(await stageEvents(account.id)).toEqual(['∅→scheduling', 'scheduling→installation', 'installation→training']);

    // A replayed delivery starts no second journey.
    const [trigger] = await db().select().from(playbookRuns).where(eq(playbookRuns.id, j.runId));
    const [event] = await db().select().from(domainEvents).where(eq(domainEvents.id, trigger!.triggerEventId));
    await db().transaction((tx) =>
      handleEvent(tx, { ...event!, id: Number(event!.id), payload: event!.payload as Record<string, unknown> }, ctx.clock.now()),
    );
    expect(await db().select().from(journeyStages).where(eq(journeyStages.accountId, account.id))).toHaveLength(6);
    const surveysSent = await db().select().from(surveyInvitations).where(eq(surveyInvitations.accountId, account.id));
    expect(surveysSent.map((s) => s.surveyKey).sort()).toEqual(['installation', 'scheduling']);
  });

  it('set to start by hand: the delivery starts none; the account page starts it once, a second start is refused', async () => {
    const { ops, csr, quality, account } = await setUp('by_hand');
    await deliverFirstOrder(ops, account.id);
    expect(await journeyOf(csr, account.id)).toEqual({ journey: null, startsOn: 'by_hand' });

    const refused = await api(quality, 'POST', `/api/v1/accounts/${account.id}/journey`, {});
    expect(refused.statusCode).toBe(403);
    const started = await api(csr, 'POST', `/api/v1/accounts/${account.id}/journey`, {});
    expect(started.statusCode, started.body).toBe(201);
    expect(json<AccountJourney>(started).journey).toMatchObject({
      currentStage: 'scheduling',
      startedBy: { how: 'by_hand', user: { id: csr.userId, name: 'Casey CSR' }, orderNumber: null },
    });
    const again = await api(csr, 'POST', `/api/v1/accounts/${account.id}/journey`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'journeys.already_started' });
    // The event's own dispatch afterwards starts nothing more.
    await dispatchPendingEvents({ db: db(), now: ctx.clock.now() });
    expect(await db().select().from(journeyStages).where(eq(journeyStages.accountId, account.id))).toHaveLength(6);
    expect((await tasksOf(csr, account.id)).filter((t) => t.stepKey === 'schedule')).toHaveLength(1);

    const supplier = await createTestAccount(ctx, { name: uniq('Supplier'), kind: 'supplier' });
    const notCustomer = await api(csr, 'POST', `/api/v1/accounts/${supplier.id}/journey`, {});
    expect(notCustomer.json()).toMatchObject({ status: 409, code: 'journeys.not_a_customer' });
  });

  it('reports the executive calls due, done and overdue in the quarter, as the data stood at the end of asOf', async () => {
    const { csr, exec, account } = await setUp('by_hand');
    // Started by hand on 2026-03-02: the 90-day call is due 2026-05-31 (Q2).
    expect((await api(csr, 'POST', `/api/v1/accounts/${account.id}/journey`, {})).statusCode).toBe(201);
    const report = async (q: string) => json<ExecutiveCalls>(await api(csr, 'GET', `/api/v1/analytics/executive-calls?${q}`));
    const mine = (r: ExecutiveCalls) => r.items.filter((i) => i.account.id === account.id);

    const q2 = await report('asOf=2026-05-15');
    expect(q2).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    expect(mine(q2)).toEqual([
      expect.objectContaining({ title: 'Executive call: 90 days with us', stage: 'parts_consumables', status: 'open', isOverdue: false }),
    ]);
    expect(mine(await report('asOf=2026-03-10'))).toEqual([]); // Q1: nothing of this account due

    ctx.clock.set('2026-06-02T10:00:00Z');
    const late = await report('asOf=2026-06-01');
    expect(mine(late)).toEqual([expect.objectContaining({ isOverdue: true })]);
    expect(late.overdue).toBeGreaterThanOrEqual(1);
    const call = (await tasksOf(csr, account.id)).find((t) => t.stepKey === 'executive-call-90-days')!;
    await complete(exec, call, { callOutcome: 'reached', note: 'All good at 90 days.' });
    const after = await report('asOf=2026-06-02');
    expect(mine(after)).toEqual([expect.objectContaining({ status: 'done', isOverdue: false })]);
    // As at the end of June 1st, the call was still open and overdue: the report reads history as it was.
    expect(mine(await report('asOf=2026-06-01'))).toEqual([expect.objectContaining({ isOverdue: true })]);
    const bad = await api(csr, 'GET', '/api/v1/analytics/executive-calls?from=2026-06-01&to=2026-04-01');
    expect(bad.json()).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'to' })] });
  });
});

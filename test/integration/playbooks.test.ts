// The playbooks as a team lives them: each test starts its own orders and quotes (a paid audition
// taken as far as the test needs it) and runs alone. What every test shares is made once per
// engine in beforeAll: the team, signed in, and Tuesday 2026-03-03 as a holiday (set through the
// API). Each test starts on Monday 2026-03-02 14:00 UTC and moves the clock itself.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../contract/orders.js';
import type { PlaybookDetail, PlaybookRun } from '../../contract/playbooks.js';
import type { Task } from '../../contract/tasks.js';
import { countRows, engines, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq, updateTestSettings } from '../support/factories.js';
import { passDataReview } from '../support/audition.js';
import { drainJobs } from '../support/jobs.js';

const MONDAY = '2026-03-02T14:00:00Z';

describe.each(engines)('playbooks on %s', (engine) => {
  // The clock moves weeks ahead (delivery, escalation): sessions must outlive it.
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  const u = {} as Record<'admin' | 'gm' | 'rep' | 'csr' | 'q1' | 'q2' | 'qm' | 'ship' | 'eng' | 'ops', Session>;
  const req = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: s.cookie } : s.headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const ok = async <T>(p: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };

  /** A customer whose team is the rep and the CSR; `potential` is the potential annual spend ('100000.00': an audition). */
  const makeAccount = (potential: string | null) =>
    createTestAccount(ctx, {
      potentialAnnualSpend: potential,
      acquisitionCost: '12000.00',
      team: [
        { userId: u.rep.userId, role: 'sales' },
        { userId: u.csr.userId, role: 'csr' },
      ],
    });
  const createOrder = (accountId: string, extra: Record<string, unknown> = {}) =>
    createTestOrder(ctx, u.rep, { accountId, amount: '1000.00', ...extra });
  const move = (s: Session, id: string, body: Record<string, unknown>) => req(s, 'POST', `/api/v1/orders/${id}/transitions`, body);
  const runsOf = (q: string) => ok<{ items: PlaybookRun[] }>(req(u.admin, 'GET', `/api/v1/playbook-runs?${q}`)).then((r) => r.items);
  const tasksOf = (q: string) =>
    ok<{ items: Task[] }>(req(u.admin, 'GET', `/api/v1/tasks?mine=false&status=active&${q}`)).then((r) => r.items);
  const step = (tasks: Task[], key: string) => tasks.find((t) => t.stepKey === key)!;

  // Sign-in itself is tested in auth.test.ts; holidays in settings and the calendar rules.
  beforeAll(async () => {
    u.admin = await signIn(ctx, ['admin'], 'Ada Admin');
    u.gm = await signIn(ctx, ['gm'], 'Gil GM');
    u.rep = await signIn(ctx, ['sales'], 'Rita Rep');
    u.csr = await signIn(ctx, ['csr'], 'Cy CSR');
    u.q1 = await signIn(ctx, ['quality'], 'Quinn Quality');
    u.q2 = await signIn(ctx, ['quality'], 'Quentin Quality');
    u.qm = await signIn(ctx, ['quality_manager'], 'Mia Manager');
    u.ship = await signIn(ctx, ['shipping'], 'Sid Shipping');
    u.eng = await signIn(ctx, ['engineering'], 'Eve Engineer');
    u.ops = await signIn(ctx, ['operations'], 'Otto Ops');
    await updateTestSettings(ctx, u.admin, { holidays: ['2026-03-03'] });
  });
  beforeEach(() => ctx.clock.set(MONDAY));

  /** A large account's first order, created on Monday: the paid audition started, its tasks open. */
  async function startAudition(): Promise<OrderDetail> {
    await drainJobs(ctx); // nothing left over: the runs started below are this order's
    const order = await createOrder((await makeAccount('100000.00')).id);
    expect(order.isAudition).toBe(true);
    const drained = await drainJobs(ctx);
    expect(drained.runsStarted).toBe(1);
    return order;
  }
  /** Along the lifecycle to ready_to_ship by operations, the data-package review done by the engineer when it gates production. */
  async function moveToReadyToShip(order: OrderDetail): Promise<void> {
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship']) {
      if (to === 'in_production') await passDataReview(ctx, order.id);
      await ok(move(u.ops, order.id, { to }));
    }
  }
  /** The audition signed off by a quality user and the quality manager, its documents checked, and shipped (Monday). */
  async function shipAudition(order: OrderDetail): Promise<void> {
    await moveToReadyToShip(order);
    const tasks = await tasksOf(`orderId=${order.id}`);
    const inspection = step(tasks, 'double-inspection');
    await ok(req(u.q1, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, { note: 'Dimensions checked' }));
    await ok(req(u.qm, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, {}));
    const docs = step(tasks, 'shipping-docs');
    const checklist = Object.fromEntries(docs.evidence!.checklist!.map((i) => [i, true]));
    await ok(req(u.ship, 'POST', `/api/v1/tasks/${docs.id}/complete`, { checklist }));
    await ok(move(u.ship, order.id, { to: 'shipped', trackingNumber: '1Z999' }));
  }
  /** The shipped audition delivered a week later (Monday 2026-03-09 10:00 UTC), its events dispatched. */
  async function deliverAudition(order: OrderDetail): Promise<void> {
    ctx.clock.set('2026-03-09T10:00:00Z');
    await drainJobs(ctx);
    await ok(move(u.ship, order.id, { to: 'delivered' }));
    await drainJobs(ctx);
  }

  it('installs the built-in playbooks', async () => {
    const list = await ok<{ items: { key: string; version: number }[] }>(req(u.rep, 'GET', '/api/v1/playbooks'));
    expect(list.items.map((p) => p.key)).toEqual([
      'after-yes-follow-up',
      'first-order-care',
      'late-notice',
      'onboarding-journey',
      'paid-audition',
      'quote-follow-up',
      're-engage',
      'second-order-care',
    ]);
  });

  it('a first order of a large account starts the paid audition with roles, assignees and business-day due dates', async () => {
    const audition = await startAudition();
    const runs = await runsOf(`orderId=${audition.id}`);
    expect(runs.map((r) => r.playbookKey)).toEqual(['paid-audition']);
    const tasks = await tasksOf(`orderId=${audition.id}`);
    expect(tasks).toHaveLength(16); // 19 steps, 3 wait steps are not listed
    // P1D from Monday 14:00 skips the Tuesday holiday.
    expect(step(tasks, 'kickoff')).toMatchObject({
      role: 'sales',
      assignee: { id: u.rep.userId },
      status: 'open',
      dueAt: '2026-03-04T14:00:00.000Z',
    });
    expect(step(tasks, 'csr-intro')).toMatchObject({ role: 'csr', assignee: { id: u.csr.userId }, dueAt: '2026-03-04T14:00:00.000Z' });
    expect(step(tasks, 'gm-intro')).toMatchObject({ role: 'gm', assignee: null, dueAt: '2026-03-06T14:00:00.000Z' });
    expect(step(tasks, 'double-inspection')).toMatchObject({ kind: 'signoff', gateStatus: 'shipped', dueAt: '2026-03-10T14:00:00.000Z' });
    expect(step(tasks, 'on-time-plan')).toMatchObject({ status: 'waiting', dueAt: null });
    expect(step(tasks, 'tracking')).toMatchObject({ status: 'waiting', dueAt: null });
    expect(step(tasks, 'update-in-production')).toMatchObject({ kind: 'message', role: 'csr', status: 'waiting', dueAt: null });
    expect(step(tasks, 'kickoff').order).toMatchObject({ id: audition.id, isFirstOrder: true, isAudition: true });
  });

  it("My day shows my tasks and my roles' unassigned ones; completing without evidence is a 400 naming the field", async () => {
    const audition = await startAudition();
    const mine = await ok<{ items: Task[] }>(req(u.rep, 'GET', '/api/v1/tasks'));
    expect(mine.items.some((t) => t.stepKey === 'kickoff' && t.order?.id === audition.id)).toBe(true);
    const gm = await ok<{ items: Task[] }>(req(u.gm, 'GET', '/api/v1/tasks?due=week'));
    expect(gm.items.map((t) => t.stepKey)).toContain('gm-intro');
    expect(gm.items.every((t) => t.role === 'gm' || t.assignee?.id === u.gm.userId)).toBe(true);

    const kickoff = step(await tasksOf(`orderId=${audition.id}`), 'kickoff');
    const bad = await req(u.rep, 'POST', `/api/v1/tasks/${kickoff.id}/complete`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'tasks.evidence_missing', errors: [{ path: 'note', message: 'is required for this task' }] });
    const done = await ok<Task>(
      req(u.rep, 'POST', `/api/v1/tasks/${kickoff.id}/complete`, { note: 'Ops, quality, engineering and sales met; spend briefed.' }),
    );
    expect(done).toMatchObject({ status: 'done', completedBy: { id: u.rep.userId } });
    // The on-time plan opened, due a business day after the kickoff was done.
    expect(step(await tasksOf(`orderId=${audition.id}`), 'on-time-plan')).toMatchObject({
      status: 'open',
      dueAt: '2026-03-04T14:00:00.000Z',
    });
    // Someone without the role may not complete it.
    const gmIntro = step(await tasksOf(`orderId=${audition.id}`), 'gm-intro');
    expect((await req(u.ship, 'POST', `/api/v1/tasks/${gmIntro.id}/complete`, { callOutcome: 'reached' })).statusCode).toBe(403);
  });

  it('shipped is refused until two quality users including the quality manager signed off and the documents checklist is done', async () => {
    const audition = await startAudition();
    await moveToReadyToShip(audition);
    const refused = await move(u.ship, audition.id, { to: 'shipped' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'orders.gate_open' });
    expect(refused.json().detail).toContain('double inspection: 0 of 2 sign-offs, quality manager sign-off missing');
    expect(refused.json().detail).toContain('shipping package and documents check: checklist not done');

    const inspection = step(await tasksOf(`orderId=${audition.id}`), 'double-inspection');
    await ok(req(u.q1, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, { note: 'Dimensions checked' }));
    // One quality user signing twice counts once.
    const twice = await ok<Task>(req(u.q1, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, {}));
    expect(twice.signoffs).toHaveLength(1);
    expect(twice.status).toBe('open');
    expect((await move(u.ship, audition.id, { to: 'shipped' })).json().detail).toContain(
      'double inspection: 1 of 2 sign-offs, quality manager sign-off missing',
    );
    // A second plain quality user makes two, but the quality manager is still missing.
    await ok(req(u.q2, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, {}));
    expect((await move(u.ship, audition.id, { to: 'shipped' })).json().detail).toContain(
      'double inspection: 2 of 2 sign-offs, quality manager sign-off missing',
    );
    // Someone without a quality role cannot sign.
    expect((await req(u.ship, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, {})).statusCode).toBe(403);
    const signed = await ok<Task>(req(u.qm, 'POST', `/api/v1/tasks/${inspection.id}/signoffs`, {}));
    expect(signed.status).toBe('done');

    const docs = step(await tasksOf(`orderId=${audition.id}`), 'shipping-docs');
    const partial = await req(u.ship, 'POST', `/api/v1/tasks/${docs.id}/complete`, { checklist: { 'Packing list': true } });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors.map((e: { path: string }) => e.path)).toContain('checklist.Invoice copy');
    expect((await move(u.ship, audition.id, { to: 'shipped' })).json().detail).not.toContain('double inspection');
    const checklist = Object.fromEntries(docs.evidence!.checklist!.map((i) => [i, true]));
    await ok(req(u.ship, 'POST', `/api/v1/tasks/${docs.id}/complete`, { checklist }));
    await ok(move(u.ship, audition.id, { to: 'shipped', trackingNumber: '1Z999' }));
  });

  it('shipping opens the ship-day tasks for the CSR, the quality manager and the rep', async () => {
    const audition = await startAudition();
    await shipAudition(audition);
    ctx.clock.set('2026-03-09T10:00:00Z');
    await drainJobs(ctx);
    const tasks = await tasksOf(`orderId=${audition.id}`);
    // Shipped at the previous "now" (Monday 2026-03-02 14:00Z, since `at` defaults to now).
    expect(step(tasks, 'tracking')).toMatchObject({
      status: 'open',
      role: 'csr',
      assignee: { id: u.csr.userId },
      dueAt: '2026-03-02T18:00:00.000Z',
    });
    expect(step(tasks, 'qm-call')).toMatchObject({ status: 'open', role: 'quality_manager', dueAt: '2026-03-04T14:00:00.000Z' });
    expect(step(tasks, 'rep-call')).toMatchObject({ status: 'open', assignee: { id: u.rep.userId } });
    expect(step(tasks, 'gm-thanks').status).toBe('waiting');
    const qmDay = await ok<{ items: Task[] }>(req(u.qm, 'GET', '/api/v1/tasks?due=overdue'));
    expect(qmDay.items.map((t) => t.stepKey)).toContain('qm-call');
  });

  it('delivery starts the after-yes follow-up (and second-order care, and the onboarding journey) and opens the GM thank-you call', async () => {
    const audition = await startAudition();
    await shipAudition(audition);
    await deliverAudition(audition);
    const runs = await runsOf(`orderId=${audition.id}`);
    expect(runs.map((r) => r.playbookKey).sort()).toEqual([
      'after-yes-follow-up',
      'onboarding-journey',
      'paid-audition',
      'second-order-care',
    ]);
    const tasks = await tasksOf(`orderId=${audition.id}`);
    expect(step(tasks, 'gm-thanks').status).toBe('open');
    const followUp = step(tasks, 'follow-up-call');
    // Delivered at 2026-03-09 10:00Z (Monday) + 2 business days.
    expect(followUp).toMatchObject({
      role: 'sales',
      assignee: { id: u.rep.userId },
      dueAt: '2026-03-11T10:00:00.000Z',
      evidence: { callOutcome: true, form: 'after_yes' },
    });
  });

  it('the after-yes form needs each hot button answered; problems become tasks', async () => {
    const audition = await startAudition();
    await shipAudition(audition);
    await deliverAudition(audition);
    const hb = await ok<{ id: string }>(
      req(u.rep, 'POST', `/api/v1/accounts/${audition.accountId}/hot-buttons`, { text: 'Certificates with every box' }),
      201,
    );
    const followUp = step(await tasksOf(`orderId=${audition.id}`), 'follow-up-call');
    const missing = await req(u.rep, 'POST', `/api/v1/tasks/${followUp.id}/complete`, {
      callOutcome: 'reached',
      wentWell: true,
      thanked: true,
    });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual([`hotButtons.${hb.id}`, 'nextOrderAsked']);
    const done = await ok<Task>(
      req(u.rep, 'POST', `/api/v1/tasks/${followUp.id}/complete`, {
        callOutcome: 'reached',
        wentWell: true,
        thanked: true,
        nextOrderAsked: true,
        hotButtons: [{ hotButtonId: hb.id, result: 'satisfied' }],
        problems: ['Their second site needs the same brackets'],
      }),
    );
    expect(done.outcome).toMatchObject({ wentWell: true, hotButtons: [{ hotButtonId: hb.id, result: 'satisfied' }] });
    const tasks = await tasksOf(`orderId=${audition.id}`);
    expect(tasks.find((t) => t.title === 'Solve: Their second site needs the same brackets')).toMatchObject({
      assignee: { id: u.rep.userId },
      run: null,
    });
  });

  it('replaying the same events creates nothing new', async () => {
    const audition = await startAudition();
    await shipAudition(audition);
    await deliverAudition(audition);
    const before = { runs: await countRows(ctx.database, 'playbook_runs'), tasks: await countRows(ctx.database, 'tasks') };
    await ctx.database.query('update domain_events set dispatched_at = null');
    const again = await drainJobs(ctx);
    expect(again.dispatched).toBeGreaterThan(5);
    expect(again.runsStarted).toBe(0);
    expect({ runs: await countRows(ctx.database, 'playbook_runs'), tasks: await countRows(ctx.database, 'tasks') }).toEqual(before);
  });

  it("a second order gets neither playbook; a small account's first order gets first-order care", async () => {
    const audition = await startAudition();
    await shipAudition(audition);
    await deliverAudition(audition);
    ctx.clock.set('2026-03-10T09:00:00Z');
    const second = await createOrder(audition.accountId);
    const small = await makeAccount('1000.00');
    const smallFirst = await createOrder(small.id);
    const noSpend = await createOrder((await makeAccount(null)).id);
    await drainJobs(ctx);
    expect(await runsOf(`orderId=${second.id}`)).toEqual([]);
    expect((await runsOf(`orderId=${smallFirst.id}`)).map((r) => r.playbookKey)).toEqual(['first-order-care']);
    expect((await runsOf(`orderId=${noSpend.id}`)).map((r) => r.playbookKey)).toEqual(['first-order-care']);
    const inspection = step(await tasksOf(`orderId=${smallFirst.id}`), 'inspection');
    expect(inspection.evidence?.signoffs).toMatchObject({ count: 1 });
  });

  it('orders placed years ago (as an import writes them) start no run', async () => {
    await drainJobs(ctx); // nothing left over: any run started below would be these orders'
    const before = await countRows(ctx.database, 'playbook_runs');
    for (let y = 2023; y <= 2025; y++) await createOrder((await makeAccount('100000.00')).id, { placedAt: `${y}-05-01` });
    await drainJobs(ctx);
    expect(await countRows(ctx.database, 'playbook_runs')).toBe(before);
  });

  it('a quote starts its follow-up calls; winning it skips the rest', async () => {
    ctx.clock.set('2026-03-10T09:00:00Z');
    const a = await makeAccount(null);
    const q = await ok<{ id: string }>(req(u.rep, 'POST', '/api/v1/quotes', { accountId: a.id, number: uniq('Q'), amount: '500.00' }), 201);
    await drainJobs(ctx);
    const calls = await tasksOf(`quoteId=${q.id}`);
    // Tuesday 2026-03-10 09:00Z + 2, 7 and 14 business days.
    expect(calls.map((t) => [t.stepKey, t.dueAt, t.assignee?.id])).toEqual([
      ['call-1', '2026-03-12T09:00:00.000Z', u.rep.userId],
      ['call-2', '2026-03-19T09:00:00.000Z', u.rep.userId],
      ['call-3', '2026-03-30T09:00:00.000Z', u.rep.userId],
    ]);
    await ok(req(u.rep, 'POST', `/api/v1/tasks/${calls[0]!.id}/complete`, { callOutcome: 'reached', quoteOutcome: 'deciding' }));
    await ok(ctx.app.inject({ method: 'PATCH', url: `/api/v1/quotes/${q.id}`, headers: u.rep.headers, payload: { status: 'won' } }));
    await drainJobs(ctx);
    expect(await tasksOf(`quoteId=${q.id}`)).toEqual([]);
    const all = await ok<{ items: Task[] }>(req(u.admin, 'GET', `/api/v1/tasks?mine=false&status=skipped&quoteId=${q.id}`));
    expect(all.items.map((t) => t.stepKey)).toEqual(['call-2', 'call-3']);
    expect((await runsOf(`quoteId=${q.id}`))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'quote.won' });
  });

  it('an admin may move past an open gate only with a written reason, recorded in the timeline and the audit log', async () => {
    const o = await createOrder((await makeAccount('100000.00')).id);
    await drainJobs(ctx);
    await moveToReadyToShip(o);
    const notAdmin = await move(u.ship, o.id, { to: 'shipped', overrideGates: { reason: 'Customer line is down, ship now' } });
    expect(notAdmin.statusCode).toBe(403);
    const moved = await ok<OrderDetail>(
      move(u.admin, o.id, { to: 'shipped', overrideGates: { reason: 'Customer line is down, ship now' } }),
    );
    expect(moved.status).toBe('shipped');
    expect(moved.events.find((e) => e.kind === 'gate_override')).toMatchObject({
      note: 'Customer line is down, ship now',
      actor: { id: u.admin.userId },
    });
    const audit = await ctx.database.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'orders.gate_override' and entity_id = $1`,
      [o.id],
    );
    expect(Number(audit[0]!.n)).toBe(1);
    const card = await ok<{ gates: { isOpen: boolean }[]; isAudition: boolean; acquisitionCost: string }>(
      req(u.rep, 'GET', `/api/v1/orders/${o.id}/scorecard`),
    );
    expect(card).toMatchObject({ isAudition: true, acquisitionCost: '12000.00' });
    expect(card.gates.filter((g) => g.isOpen)).toHaveLength(2);
  });

  it('overdue tasks escalate once: to the role the settings name for their role, else to the GM', async () => {
    await startAudition(); // open tasks for sales, csr, gm, operations, engineering, quality …
    const unknownRole = await req(u.admin, 'PATCH', '/api/v1/settings', { escalationRoles: { quality: 'boss' } });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['escalationRoles.quality']);
    const saved = await ok<{ escalationRoles: Record<string, string> }>(
      req(u.admin, 'PATCH', '/api/v1/settings', { escalationRoles: { quality: 'quality_manager' } }),
    );
    expect(saved.escalationRoles).toMatchObject({ quality: 'quality_manager', sales: 'gm', csr: 'gm' });

    ctx.clock.set('2026-04-30T09:00:00Z');
    const overdue = await ctx.database.query<{ role: string }>(
      `select distinct role from tasks where status = 'open' and kind <> 'wait' and escalated_at is null and due_at < $1`,
      [new Date('2026-04-29T09:00:00Z')],
    );
    const roles = overdue.map((r) => r.role.replace(/^account_team:/, ''));
    expect(roles).toContain('quality');
    expect(roles.some((r) => r !== 'quality')).toBe(true);
    const first = await drainJobs(ctx, { escalate: true });
    expect(first.escalated).toBeGreaterThan(0);
    const second = await drainJobs(ctx, { escalate: true });
    expect(second.escalated).toBe(0);

    const escalations = await ctx.database.query<{ from_role: string; to_role: string }>(
      `select o.role as from_role, e.role as to_role from tasks e join tasks o on e.title = 'Overdue: ' || o.title and e.order_id is not distinct from o.order_id
        where o.escalated_at is not null and e.title like 'Overdue: %'`,
    );
    expect(escalations.length).toBeGreaterThan(0);
    for (const e of escalations) expect(e.to_role).toBe(e.from_role.replace(/^account_team:/, '') === 'quality' ? 'quality_manager' : 'gm');
    const gm = await ok<{ items: Task[] }>(req(u.gm, 'GET', '/api/v1/tasks'));
    expect(gm.items.some((t) => t.title.startsWith('Overdue: '))).toBe(true);
    const qm = await ok<{ items: Task[] }>(req(u.qm, 'GET', '/api/v1/tasks'));
    expect(qm.items.some((t) => t.title.startsWith('Overdue: '))).toBe(true);

    // Each holder of the role it went to is told at once by mail, once per escalated step (the second run added none).
    const notices = await ctx.database.query<{
      user_id: string;
      to: string;
      subject: string;
      text: string;
      status: string;
      order_id: string | null;
    }>(`select user_id, "to", subject, text, status, order_id from messages where template = 'escalation_notice' order by subject`);
    const toGm = escalations.filter((e) => e.to_role === 'gm').length;
    const toQm = escalations.filter((e) => e.to_role === 'quality_manager').length;
    expect(notices.filter((n) => n.user_id === u.gm.userId)).toHaveLength(toGm);
    expect(notices.filter((n) => n.user_id === u.qm.userId)).toHaveLength(toQm);
    expect(notices).toHaveLength(toGm + toQm);
    const inspection = notices.find((n) => n.user_id === u.qm.userId)!;
    expect(inspection).toMatchObject({ status: 'queued', order_id: null });
    expect(inspection.subject).toMatch(/^Overdue: /);
    expect(inspection.text).toContain('Hello Mia Manager');
    expect(inspection.text).toMatch(/It was due \w+day \d+ \w+ 2026, \d\d:\d\d \(.+\), for the quality role/);
  });

  it('refuses invalid playbook documents with line-precise errors and changes nothing; a valid one is a new version', async () => {
    const current = await ok<PlaybookDetail>(req(u.admin, 'GET', '/api/v1/playbooks/quote-follow-up'));
    const bad = [
      'key: quote-follow-up',
      'name: Quote follow-up',
      'trigger:',
      '  event: quote.sent',
      'steps:',
      '  - key: a',
      '    title: A',
      '    role: qa',
      '    due: { after: trigger, offset: P2X }',
      '  - key: b',
      '    title: B',
      '    role: gm',
      '    requires: [b]',
      '    gate: boxed',
    ].join('\n');
    const res = await req(u.admin, 'PUT', '/api/v1/playbooks/quote-follow-up', { source: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'playbooks.invalid' });
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { path: 'steps.0.role', line: 8, message: 'unknown role "qa"' },
        expect.objectContaining({ path: 'steps.0.due.offset', line: 9 }),
        expect.objectContaining({ path: 'steps.1.gate', line: 14 }),
      ]),
    );
    const cycle = bad.replace('role: qa', 'role: sales').replace('P2X', 'P2D').replace('gate: boxed', 'gate: shipped');
    const res2 = await req(u.admin, 'PUT', '/api/v1/playbooks/quote-follow-up', { source: cycle });
    expect(res2.json().errors).toEqual(
      expect.arrayContaining([{ path: 'steps.1.requires.0', line: 13, message: 'step "b" cannot require itself' }]),
    );
    expect((await req(u.rep, 'PUT', '/api/v1/playbooks/quote-follow-up', { source: current.source })).statusCode).toBe(403);
    expect((await ok<PlaybookDetail>(req(u.admin, 'GET', '/api/v1/playbooks/quote-follow-up'))).versions).toHaveLength(1);

    const edited = current.source.replace('P7D', 'P5D');
    const saved = await ok<PlaybookDetail>(req(u.admin, 'PUT', '/api/v1/playbooks/quote-follow-up', { source: edited }));
    expect(saved).toMatchObject({ version: 2, isBuiltin: false });
    expect(saved.versions.map((v) => [v.version, v.isCurrent])).toEqual([
      [2, true],
      [1, false],
    ]);
    const preview = await ok<{ items: { stepKey: string; dueAt: string }[] }>(
      req(u.rep, 'POST', '/api/v1/playbooks/quote-follow-up/preview', { at: '2026-03-02T09:00:00Z' }),
    );
    expect(preview.items.map((i) => i.dueAt)).toEqual(['2026-03-05T09:00:00.000Z', '2026-03-10T09:00:00.000Z', '2026-03-23T09:00:00.000Z']);
  });

  it('an admin creates a playbook under a new key (its version 1), validated as any edit; a rep cannot', async () => {
    const current = await ok<PlaybookDetail>(req(u.admin, 'GET', '/api/v1/playbooks/re-engage'));
    const copy = current.source.replace(/^key:.*$/m, 'key: re-engage-big').replace(/^name:.*$/m, 'name: Re-engage big accounts');
    expect((await req(u.rep, 'PUT', '/api/v1/playbooks/re-engage-big', { source: copy })).statusCode).toBe(403);
    const wrongKey = await req(u.admin, 'PUT', '/api/v1/playbooks/re-engage-big', { source: current.source });
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json().errors).toEqual([{ path: 'key', line: null, message: 'must be "re-engage-big", the key in the address' }]);
    const badKey = await req(u.admin, 'PUT', '/api/v1/playbooks/Big%20One', { source: copy.replace('key: re-engage-big', 'key: Big One') });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json()).toMatchObject({ code: 'playbooks.invalid' });

    const created = await ok<PlaybookDetail>(req(u.admin, 'PUT', '/api/v1/playbooks/re-engage-big', { source: copy }));
    expect(created).toMatchObject({ key: 're-engage-big', name: 'Re-engage big accounts', version: 1, isBuiltin: false, isEnabled: true });
    expect(created.versions).toHaveLength(1);
    expect(created.document.steps.map((st) => st.key)).toEqual(current.document.steps.map((st) => st.key));
    const listed = await ok<{ items: { key: string }[] }>(req(u.rep, 'GET', '/api/v1/playbooks'));
    expect(listed.items.map((p) => p.key)).toContain('re-engage-big');
    // The built-in it was copied from is untouched.
    expect((await ok<PlaybookDetail>(req(u.admin, 'GET', '/api/v1/playbooks/re-engage'))).versions).toHaveLength(1);
  });
});

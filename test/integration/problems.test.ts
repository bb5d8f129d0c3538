// Problems (docs/problems.md) on both engines: opening one gives the CSR a call within one business
// day and the GM a notice, writes the timeline and `problem.opened`; the responsible rep is proposed
// from the order (or its quote) and confirmed by the GM; the status moves forward only and closing
// needs the preventive action done — or "none needed" with a reason; the preventive action is a task
// for its owner; the expectations report counts a known world exactly; an open problem past due
// makes the account at risk; a once key opens nothing more; bad input names its field.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../contract/accounts.js';
import type { ExpectationsReport, ProblemDetail } from '../../contract/problems.js';
import {
  activities,
  auditLog,
  domainEvents,
  hotButtons,
  playbookRuns,
  problems,
  quotes,
  tasks,
  users,
  webhookDeliveries,
} from '../../src/db/schema/index.js';
import { dispatchPendingEvents } from '../../src/domain/playbooks/index.js';
import { openProblem } from '../../src/domain/problems/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { createWebhookEndpoint } from '../../src/domain/webhook-endpoints/index.js';
import { contextFor, countRows, engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq } from '../support/factories.js';

const MONDAY = '2026-03-02T14:00:00Z';

describe.each(engines)('problems on %s', (engine) => {
  // Sessions outlive the clock's moves between 2024 and 2026.
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 10_000_000, sessionAbsoluteHours: 1_000_000 } });
  const db = () => ctx.database.db;
  const api = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers = {}) =>
    ctx.app.inject({ method, url, headers: { ...s.headers, ...headers }, ...(payload !== undefined && { payload: payload as object }) });

  // The same staff for every test (sign-in is limited per address); a fresh account each.
  let staff: { csr: Session; gm: Session; ops: Session; admin: Session } | undefined;
  async function setUp(team: { userId: string; role: 'csr' | 'sales' }[] = []) {
    ctx.clock.set(MONDAY);
    staff ??= {
      csr: await signIn(ctx, ['csr'], 'Casey CSR'),
      gm: await signIn(ctx, ['gm'], 'Gloria GM'),
      ops: await signIn(ctx, ['operations'], 'Olly Ops'),
      admin: await signIn(ctx, ['admin'], 'Ada Admin'),
    };
    const account = await createTestAccount(ctx, { team: [{ userId: staff.csr.userId, role: 'csr' }, ...team] });
    return { ...staff, account };
  }
  async function newRep(name = uniq('Rep')): Promise<string> {
    const [u] = await db()
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name, roles: ['sales'] })
      .returning({ id: users.id });
    return u!.id;
  }
  async function report(by: Session, account: Account, body: Record<string, unknown> = {}, headers = {}): Promise<ProblemDetail> {
    const res = await api(
      by,
      'POST',
      '/api/v1/problems',
      { accountId: account.id, source: 'call', category: 'Installation', description: 'The probe does not fit the fixture.', ...body },
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    return json<ProblemDetail>(res);
  }
  const patch = (by: Session, id: string, body: Record<string, unknown>) => api(by, 'PATCH', `/api/v1/problems/${id}`, body);

  it('opening one calls the customer within one business day, tells the GM, writes the timeline and the event', async () => {
    const { csr, account } = await setUp();
    ctx.clock.set('2026-03-06T15:00:00Z'); // a Friday: one business day later is Monday
    const script = '<script>alert("x")</script> & the cable';
    const p = await report(csr, account, { description: script, category: 'Installation' });
    expect(p).toMatchObject({ accountId: account.id, accountName: account.name, status: 'open', description: script, source: 'call' });
    expect(p.dueAt).toBe('2026-03-09T15:00:00.000Z');
    expect(p.openedBy).toEqual({ id: csr.userId, name: 'Casey CSR' });

    const accountTasks = await db().select().from(tasks).where(eq(tasks.accountId, account.id));
    const fix = accountTasks.find((t) => t.id === p.fixTaskId)!;
    expect(fix).toMatchObject({ kind: 'call', role: 'csr', assigneeId: csr.userId, status: 'open' });
    expect(fix.dueAt!.toISOString()).toBe('2026-03-09T15:00:00.000Z');
    const notice = accountTasks.filter((t) => t.role === 'gm');
    expect(notice).toHaveLength(1);
    expect(notice[0]!.title).toBe(`Problem reported at ${account.name}`);

    const [entry] = await db().select().from(activities).where(eq(activities.accountId, account.id));
    expect(entry).toMatchObject({ kind: 'problem', subject: 'Problem reported: Installation', body: script, actorId: csr.userId });
    const timeline = json<{ items: { type: string; title: string }[] }>(await api(csr, 'GET', `/api/v1/accounts/${account.id}/timeline`));
    expect(timeline.items).toContainEqual(expect.objectContaining({ type: 'problem' }));

    const events = await db().select().from(domainEvents).where(eq(domainEvents.subjectId, p.id));
    expect(events.map((e) => [e.type, e.subjectType, e.accountId])).toEqual([['problem.opened', 'problem', account.id]]);
    expect(events[0]!.payload).toMatchObject({ problemId: p.id, category: 'Installation', source: 'call' });
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, p.id));
    expect(audit.map((a) => a.action)).toEqual(['problems.open']);
    // Read back exactly as stored: the web escapes it when shown.
    expect(json<ProblemDetail>(await api(csr, 'GET', `/api/v1/problems/${p.id}`)).description).toBe(script);
  });

  it('`problem.opened` starts a playbook that triggers on it and goes to the outbound webhooks subscribed to it', async () => {
    const { csr, admin, account } = await setUp();
    const source = [
      'key: problem-review',
      'name: Problem review',
      'trigger: { event: problem.opened, condition: { "==": [{ var: "source" }, "installation"] } }',
      'steps:',
      '  - key: review',
      '    title: "Review the {{category}} problem with the team"',
      '    role: account_team:csr',
    ].join('\n');
    const saved = await api(admin, 'PUT', '/api/v1/playbooks/problem-review', { source });
    expect(saved.statusCode, saved.body).toBe(200);
    const endpoint = await createWebhookEndpoint(contextFor(ctx), {
      url: 'https://erp.example.test/problems',
      eventTypes: ['problem.opened'],
      isEnabled: true,
    });
    const p = await report(csr, account, { source: 'installation', category: 'Calibration' });
    await report(csr, account, { source: 'call' }); // another source: the condition is false
    await dispatchPendingEvents(contextFor(ctx));
    const runs = await db().select().from(playbookRuns).where(eq(playbookRuns.playbookKey, 'problem-review'));
    expect(runs.map((r) => [r.subjectType, r.subjectId, r.accountId])).toEqual([['problem', p.id, account.id]]);
    const [step] = await db().select().from(tasks).where(eq(tasks.runId, runs[0]!.id));
    expect(step).toMatchObject({ title: 'Review the Calibration problem with the team', assigneeId: csr.userId });
    const deliveries = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    // Every problem's event goes out (those of the tests before this one too): this one's once.
    expect(new Set(deliveries.map((d) => d.type))).toEqual(new Set(['problem.opened']));
    expect(deliveries.filter((d) => d.body.includes(p.id))).toHaveLength(1);
    expect(JSON.parse(deliveries.find((d) => d.body.includes(p.id))!.body)).toMatchObject({
      type: 'problem.opened',
      data: { subject: { type: 'problem', id: p.id }, accountId: account.id },
    });
  });

  it('proposes the order’s rep for a sale expectation (or its quote’s), which only the GM confirms', async () => {
    const { csr, gm, account } = await setUp();
    const orderRep = await newRep('Riley Rep');
    const quoteRep = await newRep('Quinn Quoter');
    const order = await insertTestOrder(ctx, { accountId: account.id, placedAt: '2026-02-01T10:00:00Z', repId: orderRep });
    const p = await report(csr, account, { orderId: order.id, origin: 'sale_expectation', productClaim: 'Installs in one day' });
    expect(p).toMatchObject({
      orderNumber: order.number,
      responsible: { id: orderRep, name: 'Riley Rep' },
      responsibleSource: 'order_rep',
    });
    expect(p.responsibleConfirmedAt).toBeNull();

    // An order without a rep: the rep of the quote it was won from.
    const bare = await insertTestOrder(ctx, { accountId: account.id, placedAt: '2026-02-02T10:00:00Z' });
    await db()
      .insert(quotes)
      .values({
        accountId: account.id,
        number: uniq('Q'),
        amount: 100,
        currency: 'USD',
        sentAt: new Date('2026-01-20T10:00:00Z'),
        status: 'won',
        repId: quoteRep,
        orderId: bare.id,
      });
    const q = await report(csr, account, { orderId: bare.id });
    expect(q.responsible).toBeNull(); // no origin yet: nobody proposed
    const traced = json<ProblemDetail>(await patch(csr, q.id, { origin: 'sale_expectation' }));
    expect(traced).toMatchObject({ responsible: { id: quoteRep }, responsibleSource: 'quote_rep', responsibleConfirmedAt: null });

    const refused = await patch(csr, p.id, { confirmResponsible: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'problems.forbidden' });
    expect((await patch(csr, p.id, { responsibleUserId: quoteRep })).statusCode).toBe(403);

    const confirmed = json<ProblemDetail>(await patch(gm, p.id, { confirmResponsible: true }));
    expect(confirmed).toMatchObject({
      responsible: { id: orderRep },
      responsibleConfirmedBy: { id: gm.userId },
      responsibleConfirmedAt: ctx.clock.now().toISOString(),
    });
    const renamed = json<ProblemDetail>(await patch(gm, q.id, { responsibleUserId: orderRep }));
    expect(renamed).toMatchObject({ responsible: { id: orderRep }, responsibleSource: 'named', responsibleConfirmedBy: { id: gm.userId } });
  });

  it('a hot button answered not satisfied in the after-yes follow-up opens a problem, its captor proposed', async () => {
    const { csr, account } = await setUp();
    const rep = await newRep('Harper Hotbutton');
    const seller = await signIn(ctx, ['sales'], 'Sam Seller');
    const order = await insertTestOrder(ctx, { accountId: account.id, placedAt: '2026-02-01T10:00:00Z', repId: seller.userId });
    const [met, unmet] = await db()
      .insert(hotButtons)
      .values([
        { accountId: account.id, text: 'Ships with the certificate', capturedBy: rep },
        { accountId: account.id, text: 'Installed in one day', capturedBy: rep },
      ])
      .returning({ id: hotButtons.id });
    const [task] = await db()
      .insert(tasks)
      .values({
        title: 'After-yes follow-up',
        kind: 'call',
        accountId: account.id,
        orderId: order.id,
        role: 'sales',
        status: 'open',
        evidence: { form: 'after_yes' },
      })
      .returning({ id: tasks.id });
    const done = await api(seller, 'POST', `/api/v1/tasks/${task!.id}/complete`, {
      wentWell: false,
      thanked: true,
      nextOrderAsked: false,
      hotButtons: [
        { hotButtonId: met!.id, result: 'satisfied' },
        { hotButtonId: unmet!.id, result: 'not_satisfied', note: 'It took three days' },
      ],
    });
    expect(done.statusCode, done.body).toBe(200);
    const found = json<{ items: ProblemDetail[] }>(await api(csr, 'GET', `/api/v1/problems?accountId=${account.id}`)).items;
    expect(found).toEqual([
      expect.objectContaining({
        source: 'hot_button',
        origin: 'sale_expectation',
        orderId: order.id,
        description: 'Installed in one day — It took three days',
        responsible: { id: rep, name: 'Harper Hotbutton' },
        responsibleSource: 'hot_button',
        responsibleConfirmedAt: null,
        openedBy: { id: seller.userId, name: 'Sam Seller' },
      }),
    ]);
    const [row] = await db().select({ sourceKey: problems.sourceKey }).from(problems).where(eq(problems.id, found[0]!.id));
    expect(row!.sourceKey).toBe(`hot-button:${task!.id}:${unmet!.id}`);
  });

  it('“the product does not meet the need” in second-order care opens a problem of origin product, once, beside the GM’s all-hands task', async () => {
    const { csr, account } = await setUp();
    const seller = await signIn(ctx, ['sales'], 'Sol Seller');
    const order = await insertTestOrder(ctx, { accountId: account.id, placedAt: '2026-02-01T10:00:00Z', repId: seller.userId });
    const [task] = await db()
      .insert(tasks)
      .values({
        title: 'Does the product meet the need?',
        kind: 'call',
        accountId: account.id,
        orderId: order.id,
        role: 'sales',
        status: 'open',
        evidence: { callOutcome: true, form: 'product_check' },
      })
      .returning({ id: tasks.id });
    const done = await api(seller, 'POST', `/api/v1/tasks/${task!.id}/complete`, {
      callOutcome: 'reached',
      needMet: false,
      note: 'The sensor drifts above 60 °C; their line runs at 70.',
    });
    expect(done.statusCode, done.body).toBe(200);
    const found = json<{ items: ProblemDetail[] }>(await api(csr, 'GET', `/api/v1/problems?accountId=${account.id}`)).items;
    expect(found).toEqual([
      expect.objectContaining({
        source: 'task',
        origin: 'product',
        orderId: order.id,
        category: 'Product does not meet the need',
        description: 'The sensor drifts above 60 °C; their line runs at 70.',
      }),
    ]);
    const allHands = await db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.accountId, account.id), eq(tasks.title, 'Product does not meet the need: bring all hands')));
    expect(allHands).toHaveLength(1);
  });

  it('moves forward only; closing needs the preventive action done, its task the owner’s', async () => {
    const { csr, gm, ops, account } = await setUp();
    const p = await report(csr, account);
    const fixedTooSoon = await patch(csr, p.id, { status: 'fixed' });
    expect(fixedTooSoon.statusCode).toBe(409);
    expect(fixedTooSoon.json()).toMatchObject({ code: 'problems.status_blocked', errors: [{ path: 'correctiveAction' }] });

    const fixed = json<ProblemDetail>(
      await patch(csr, p.id, {
        rootCause: 'Fixture drawing was an old revision',
        correctiveAction: 'Sent an adapter overnight',
        status: 'fixed',
      }),
    );
    expect(fixed).toMatchObject({ status: 'fixed', rootCause: 'Fixture drawing was an old revision' });
    expect((await patch(csr, p.id, { status: 'open' })).json()).toMatchObject({
      code: 'problems.status_blocked',
      errors: [{ path: 'status' }],
    });

    const csrClose = await patch(csr, p.id, { status: 'closed' });
    expect(csrClose.statusCode).toBe(403);
    const noPrevention = await patch(gm, p.id, { status: 'closed' });
    expect(noPrevention.statusCode).toBe(409);
    expect(noPrevention.headers['content-type']).toContain('application/problem+json');
    expect(noPrevention.json()).toMatchObject({ code: 'problems.status_blocked', errors: [{ path: 'preventiveAction' }] });

    expect((await patch(csr, p.id, { preventiveAction: 'Check the drawing revision at kickoff' })).json()).toMatchObject({
      code: 'problems.invalid',
      errors: [{ path: 'preventiveOwnerId' }, { path: 'preventiveDueOn' }],
    });
    const planned = json<ProblemDetail>(
      await patch(csr, p.id, {
        preventiveAction: 'Check the drawing revision at kickoff',
        preventiveKind: 'process',
        preventiveOwnerId: ops.userId,
        preventiveDueOn: '2026-03-20',
      }),
    );
    expect(planned.preventiveOwner).toEqual({ id: ops.userId, name: 'Olly Ops' });
    const [task] = await db().select().from(tasks).where(eq(tasks.id, planned.preventiveTaskId!));
    expect(task).toMatchObject({ assigneeId: ops.userId, status: 'open', accountId: account.id });
    expect(task!.dueAt!.toISOString()).toBe('2026-03-20T23:59:59.999Z');

    const stillOpen = await patch(gm, p.id, { status: 'closed' });
    expect(stillOpen.statusCode).toBe(409);
    expect(stillOpen.json()).toMatchObject({ errors: [{ path: 'preventiveAction', message: expect.stringContaining('not done') }] });

    expect((await api(ops, 'POST', `/api/v1/tasks/${task!.id}/complete`, {})).statusCode).toBe(200);
    // Its task done, the problem — its customer fixed — is prevented on its own.
    const prevented = json<ProblemDetail>(await api(csr, 'GET', `/api/v1/problems/${p.id}`));
    expect(prevented).toMatchObject({ status: 'prevented', preventiveDoneAt: ctx.clock.now().toISOString() });
    const closed = json<ProblemDetail>(await patch(gm, p.id, { status: 'closed' }));
    expect(closed).toMatchObject({ status: 'closed', closedAt: ctx.clock.now().toISOString() });
    expect((await patch(gm, p.id, { status: 'prevented' })).statusCode).toBe(409);
  });

  it('taking a preventive action away skips its open task', async () => {
    const { csr, ops, account } = await setUp();
    const p = await report(csr, account);
    const planned = json<ProblemDetail>(
      await patch(csr, p.id, {
        preventiveAction: 'Add the adapter to the kit',
        preventiveOwnerId: ops.userId,
        preventiveDueOn: '2026-03-27',
      }),
    );
    const cleared = json<ProblemDetail>(await patch(csr, p.id, { preventiveAction: null, preventiveOwnerId: null, preventiveDueOn: null }));
    expect(cleared).toMatchObject({ preventiveAction: null, preventiveTaskId: null });
    const [task] = await db().select().from(tasks).where(eq(tasks.id, planned.preventiveTaskId!));
    expect(task!.status).toBe('skipped');
  });

  it('closes with "none needed" only with a reason', async () => {
    const { csr, gm, account } = await setUp();
    const p = await report(csr, account, { source: 'order', category: 'Shipping' });
    await patch(csr, p.id, { correctiveAction: 'Reshipped the lost box', status: 'fixed' });
    const noReason = await patch(gm, p.id, { preventiveNoneNeeded: true, status: 'closed' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json()).toMatchObject({ errors: [{ path: 'preventiveNoneReason' }] });
    const closed = json<ProblemDetail>(
      await patch(gm, p.id, { preventiveNoneNeeded: true, preventiveNoneReason: 'The courier lost one box: a one-off', status: 'closed' }),
    );
    expect(closed).toMatchObject({ status: 'closed', preventiveNoneNeeded: true, preventiveTaskId: null });
  });

  it('makes the account at risk while a problem is past due and not fixed (rule and list filter agree)', async () => {
    const { csr, account } = await setUp();
    await insertTestOrder(ctx, { accountId: account.id, placedAt: '2026-02-20T10:00:00Z' });
    const status = async () => json<Account>(await api(csr, 'GET', `/api/v1/accounts/${account.id}`)).status;
    const listed = async () =>
      json<{ items: Account[] }>(
        await api(csr, 'GET', `/api/v1/accounts?status=at_risk&limit=100&q=${encodeURIComponent(account.name)}`),
      ).items.map((a) => a.id);
    const p = await report(csr, account); // due Tuesday 14:00
    expect(await status()).toBe('new');
    ctx.clock.set('2026-03-03T20:00:00Z'); // due today, not yet past due
    expect(await status()).toBe('new');
    ctx.clock.set('2026-03-04T09:00:00Z');
    expect(await status()).toBe('at_risk');
    expect(json<ProblemDetail>(await api(csr, 'GET', `/api/v1/problems/${p.id}`)).isPastDue).toBe(true);
    expect(await listed()).toEqual([account.id]);

    await patch(csr, p.id, { status: 'fixing' });
    expect(await status()).toBe('at_risk');
    await patch(csr, p.id, { correctiveAction: 'Replaced on site', status: 'fixed' });
    expect(await status()).toBe('new');
    expect(await listed()).toEqual([]);
  });

  it('a once key opens nothing more when replayed; an Idempotency-Key replays the answer', async () => {
    const { csr, account } = await setUp();
    const uc = contextFor(ctx, systemActor('surveys'));
    const input = {
      accountId: account.id,
      source: 'survey' as const,
      category: 'Delivery',
      description: 'Scored 2/10',
      sourceKey: `survey-response:${account.id}`,
    };
    const first = await openProblem(uc, input);
    const counts = {
      problems: await countRows(ctx.database, 'problems'),
      tasks: await countRows(ctx.database, 'tasks'),
      events: await countRows(ctx.database, 'domain_events'),
    };
    const again = await openProblem(uc, input);
    expect(again.id).toBe(first.id);
    expect({
      problems: await countRows(ctx.database, 'problems'),
      tasks: await countRows(ctx.database, 'tasks'),
      events: await countRows(ctx.database, 'domain_events'),
    }).toEqual(counts);
    // Inside a caller's transaction, too.
    await db().transaction(async (tx) => expect((await openProblem({ ...uc, db: tx }, input)).id).toBe(first.id));

    const headers = { 'idempotency-key': `problem-${account.id}` };
    const a = await report(csr, account, {}, headers);
    const b = await report(csr, account, {}, headers);
    expect(b.id).toBe(a.id);
    expect(await db().select({ id: problems.id }).from(problems).where(eq(problems.accountId, account.id))).toHaveLength(2);
  });

  it('names the field of bad input', async () => {
    const { csr, account } = await setUp();
    const other = await createTestAccount(ctx);
    const foreign = await insertTestOrder(ctx, { accountId: other.id, placedAt: '2026-02-01T10:00:00Z' });
    const body = { accountId: account.id, source: 'call', category: 'Install', description: 'x' };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ origin: 'the_moon' }, 400, 'validation.invalid', 'origin'],
      [{ source: 'rumour' }, 400, 'validation.invalid', 'source'],
      [{ category: 'c'.repeat(101) }, 400, 'validation.invalid', 'category'],
      [{ description: '  ' }, 400, 'validation.invalid', 'description'],
      [{ colour: 'red' }, 400, 'validation.invalid', 'colour'],
      [{ orderId: foreign.id }, 400, 'problems.invalid', 'orderId'],
      [{ accountId: other.id.replace(/.$/, other.id.endsWith('0') ? '1' : '0') }, 400, 'problems.invalid', 'accountId'],
      [{ responsibleUserId: account.id }, 400, 'problems.invalid', 'responsibleUserId'],
    ];
    for (const [change, status, code, path] of cases) {
      const res = await api(csr, 'POST', '/api/v1/problems', { ...body, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(status);
      expect(res.json(), JSON.stringify(change)).toMatchObject({
        code,
        errors: expect.arrayContaining([expect.objectContaining({ path })]),
      });
    }
    const p = await report(csr, account);
    for (const [change, path] of [
      [{ preventiveDueOn: '3000-01-01' }, 'preventiveDueOn'],
      [{ status: 'solved' }, 'status'],
      [{ preventiveOwnerId: account.id, preventiveAction: 'x', preventiveDueOn: '2026-04-01' }, 'preventiveOwnerId'],
    ] as const) {
      const res = await patch(csr, p.id, change);
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json()).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ path })]) });
    }
    expect((await api(csr, 'GET', `/api/v1/problems/${other.id}`)).json()).toMatchObject({ code: 'problems.not_found' });
    expect((await api(staff!.gm, 'POST', '/api/v1/problems', body)).statusCode).toBe(201);
  });

  it('lists by account, origin, responsible person and status, paged by cursor', async () => {
    const { csr, account } = await setUp();
    const rep = await newRep();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(60_000);
      ids.push((await report(csr, account, { origin: 'sale_expectation', responsibleUserId: rep })).id);
    }
    await report(csr, account, { origin: 'shipping' });
    const page1 = json<{ items: ProblemDetail[]; nextCursor: string }>(
      await api(
        csr,
        'GET',
        `/api/v1/problems?accountId=${account.id}&origin=sale_expectation&responsibleUserId=${rep}&status=open&limit=2`,
      ),
    );
    expect(page1.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const page2 = json<{ items: ProblemDetail[]; nextCursor: string | null }>(
      await api(csr, 'GET', `/api/v1/problems?accountId=${account.id}&origin=sale_expectation&limit=2&cursor=${page1.nextCursor}`),
    );
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect(json<{ items: unknown[] }>(await api(csr, 'GET', `/api/v1/problems?accountId=${account.id}&status=closed`)).items).toEqual([]);
  });

  it('the expectations report counts problems by origin, person and month, and the months around a preventive action', async () => {
    const { csr, gm, ops } = await setUp();
    const account = await createTestAccount(ctx);
    const [a, b, c] = [await newRep(uniq('A-rep')), await newRep(uniq('B-rep')), await newRep(uniq('C-rep'))];
    const at = async (iso: string, origin: string, responsibleUserId?: string) => {
      ctx.clock.set(iso);
      return report(csr, account, { origin, ...(responsibleUserId && { responsibleUserId }), category: 'Installation' });
    };
    const first = await at('2024-01-10T10:00:00Z', 'sale_expectation', a);
    await at('2024-02-10T10:00:00Z', 'sale_expectation', a);
    await at('2024-03-10T10:00:00Z', 'sale_expectation', a);
    await at('2024-05-10T10:00:00Z', 'sale_expectation', a);
    await at('2024-02-15T10:00:00Z', 'sale_expectation', b);
    await at('2024-07-15T10:00:00Z', 'sale_expectation', b);
    await at('2024-03-20T10:00:00Z', 'sale_expectation', c);
    await at('2024-06-05T10:00:00Z', 'shipping');
    await at('2024-06-20T10:00:00Z', 'shipping');
    await at('2024-08-01T10:00:00Z', 'engineering', c);
    ctx.clock.set('2024-01-12T10:00:00Z');
    const planned = json<ProblemDetail>(
      await patch(gm, first.id, {
        preventiveAction: 'Train reps on install lead times',
        preventiveKind: 'training',
        preventiveOwnerId: ops.userId,
        preventiveDueOn: '2024-04-01',
      }),
    );
    ctx.clock.set('2024-04-01T12:00:00Z');
    expect((await api(ops, 'POST', `/api/v1/tasks/${planned.preventiveTaskId}/complete`, {})).statusCode).toBe(200);

    ctx.clock.set('2026-03-02T14:00:00Z');
    const r = json<ExpectationsReport>(
      await api(gm, 'GET', '/api/v1/analytics/expectations?from=2024-01-01&to=2024-12-31&asOf=2024-12-31&months=3'),
    );
    expect(r).toMatchObject({ asOf: '2024-12-31', from: '2024-01-01', to: '2024-12-31', months: 3, total: 10 });
    expect(r.byOrigin).toEqual([
      { origin: 'sale_expectation', count: 7, share: 0.7 },
      { origin: 'shipping', count: 2, share: 0.2 },
      { origin: 'engineering', count: 1, share: 0.1 },
    ]);
    expect(r.byResponsible.map((p) => [p.responsible?.id ?? null, p.count, p.share])).toEqual([
      [a, 4, 0.4],
      [b, 2, 0.2],
      [c, 2, 0.2],
      [null, 2, 0.2],
    ]);
    expect(r.byResponsible[2]!.byOrigin).toEqual([
      { origin: 'engineering', count: 1 },
      { origin: 'sale_expectation', count: 1 },
    ]);
    expect(r.byMonth.map((m) => [m.month, m.total])).toEqual([
      ['2024-01', 1],
      ['2024-02', 2],
      ['2024-03', 2],
      ['2024-04', 0],
      ['2024-05', 1],
      ['2024-06', 2],
      ['2024-07', 1],
      ['2024-08', 1],
      ['2024-09', 0],
      ['2024-10', 0],
      ['2024-11', 0],
      ['2024-12', 0],
    ]);
    expect(r.preventiveActions).toEqual([
      {
        problemId: first.id,
        origin: 'sale_expectation',
        action: 'Train reps on install lead times',
        kind: 'training',
        owner: { id: ops.userId, name: 'Olly Ops' },
        doneOn: '2024-04-01',
        before: { from: '2024-01-01', to: '2024-03-31', count: 5, perMonth: 1.67 },
        after: { from: '2024-04-01', to: '2024-06-30', count: 1, perMonth: 0.33 },
        fell: true,
      },
    ]);
    // Every number opens its rows: the list filtered the same way counts the same.
    const rows = json<{ items: ProblemDetail[] }>(
      await api(gm, 'GET', `/api/v1/problems?responsibleUserId=${a}&openedFrom=2024-01-01&openedTo=2024-12-31&limit=100`),
    );
    expect(rows.items).toHaveLength(4);
    const sale = json<{ items: ProblemDetail[] }>(
      await api(gm, 'GET', `/api/v1/problems?origin=sale_expectation&openedFrom=2024-02-01&openedTo=2024-02-29&limit=100`),
    );
    expect(sale.items).toHaveLength(2);
    // Cut short by asOf: the months after count their days.
    const early = json<ExpectationsReport>(
      await api(gm, 'GET', '/api/v1/analytics/expectations?from=2024-01-01&to=2024-05-15&asOf=2024-05-15&months=3'),
    );
    expect(early.preventiveActions[0]).toMatchObject({
      after: { from: '2024-04-01', to: '2024-05-15', count: 1, perMonth: 0.68 },
      fell: true,
    });
    expect(
      await db()
        .select()
        .from(tasks)
        .where(and(eq(tasks.id, planned.preventiveTaskId!), eq(tasks.status, 'done'))),
    ).toHaveLength(1);
  });
});

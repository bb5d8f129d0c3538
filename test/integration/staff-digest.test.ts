// The morning digest (docs/escalation.md): the daily sweep mails each colleague with something due
// one list — their overdue steps, their steps due today, and the unassigned ones waiting in the pool
// of their roles — through the outbox, once a day, about no one account; Settings turns it off.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../contract/messages.js';
import type { Role } from '../../contract/common.js';
import { tasks } from '../../src/db/schema/index.js';
import { queueStaffDigests } from '../../src/domain/messages/index.js';
import { runDailySweep } from '../../src/jobs/daily-sweep.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, insertTestOrder, updateTestSettings } from '../support/factories.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe.each(engines)('the staff daily digest on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let admin: Session;

  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    await updateTestSettings(ctx, admin, { timezone: 'America/Chicago', orgName: 'Precision Boards' });
  });

  async function step(
    title: string,
    dueAt: string,
    who: { assigneeId?: string; role?: Role },
    extra: Partial<typeof tasks.$inferInsert> = {},
  ) {
    const [row] = await ctx.database.db
      .insert(tasks)
      .values({ title, dueAt: new Date(dueAt), assigneeId: who.assigneeId ?? null, role: who.role ?? null, status: 'open', ...extra })
      .returning({ id: tasks.id });
    return row!.id;
  }
  const digestsTo = (userId: string) =>
    ctx.database.query<{
      id: string;
      account_id: string | null;
      to: string;
      subject: string;
      text: string;
      html: string;
      status: string;
      class: string;
    }>(
      'select id, account_id, "to", subject, text, html, status, class from messages where template = \'staff_digest\' and user_id = $1 order by created_at',
      [userId],
    );

  it('each colleague with something due gets one mail: overdue, due today, and their role’s pool — nothing later, nothing done', async () => {
    const cora = await signIn(ctx, ['csr'], 'Cora Service');
    const engineer = await signIn(ctx, ['engineering'], 'Sam Engineer');
    const idle = await signIn(ctx, ['csr'], 'Ida Idle');
    const account = await createTestAccount(ctx, { name: 'Northwind Traders' });
    const order = await insertTestOrder(ctx, { accountId: account.id, placedAt: '2026-02-20', number: 'SO-7001' });
    // Monday 2 March 2026, 07:00 in Chicago.
    ctx.clock.set('2026-03-02T13:00:00Z');
    await step(
      'Call after delivery',
      '2026-02-27T22:00:00Z',
      { assigneeId: cora.userId, role: 'csr' },
      { accountId: account.id, orderId: order.id },
    );
    await step('Confirm the ship date', '2026-03-02T21:30:00Z', { assigneeId: cora.userId }, { accountId: account.id });
    await step('Next week’s check-in', '2026-03-03T15:00:00Z', { assigneeId: cora.userId });
    await step(
      'Already done',
      '2026-03-01T15:00:00Z',
      { assigneeId: cora.userId },
      { status: 'done', completedAt: new Date('2026-03-01T16:00:00Z') },
    );
    await step('Waiting for its requirements', '2026-03-01T15:00:00Z', { assigneeId: cora.userId }, { status: 'waiting' });
    await step('Review the drawings', '2026-03-02T16:00:00Z', { role: 'engineering' }, { orderId: order.id, accountId: account.id });
    await step('Someone else’s drawings', '2026-03-02T16:00:00Z', { role: 'engineering', assigneeId: admin.userId });

    await runDailySweep(ctx.database, ctx.clock);

    const [mail, ...more] = await digestsTo(cora.userId);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ account_id: null, to: cora.email, status: 'queued', class: 'essential' });
    expect(mail!.subject).toBe('1 overdue · 1 due today · Monday 2 March 2026');
    expect(mail!.text).toContain('Good morning Cora Service,');
    expect(mail!.text).toContain('Overdue (1):\n- Call after delivery — order SO-7001 · Northwind Traders (due Friday 27 February, 16:00)');
    expect(mail!.text).toContain('Due today (1):\n- Confirm the ship date — Northwind Traders (due today, 15:30)');
    expect(mail!.text).toContain('Open your day: http');
    expect(mail!.text).toContain('Precision Boards');
    for (const absent of ['Next week', 'Already done', 'Waiting for its requirements', 'Waiting for someone in your role'])
      expect(mail!.text).not.toContain(absent);
    expect(mail!.html).toContain('<li>Call after delivery — order SO-7001 · Northwind Traders (due Friday 27 February, 16:00)</li>');

    // The pool of one's roles: an unassigned step of that role, not one assigned to someone else.
    const [pool] = await digestsTo(engineer.userId);
    expect(pool!.subject).toBe('1 waiting for your role · Monday 2 March 2026');
    expect(pool!.text).toContain(
      'Waiting for someone in your role (1):\n- Review the drawings — order SO-7001 · Northwind Traders (due today, 10:00)',
    );
    expect(pool!.text).not.toContain('Someone else');
    // Nothing due, no mail.
    expect(await digestsTo(idle.userId)).toEqual([]);

    // Once a day: the sweep again that morning adds nothing; the next morning there is a new one.
    expect(await queueStaffDigests({ db: ctx.database.db, now: ctx.clock.now() })).toBe(0);
    expect(await digestsTo(cora.userId)).toHaveLength(1);
    ctx.clock.set('2026-03-03T13:00:00Z');
    await queueStaffDigests({ db: ctx.database.db, now: ctx.clock.now() });
    const [, tuesday] = await digestsTo(cora.userId);
    expect(tuesday!.subject).toBe('2 overdue · 1 due today · Tuesday 3 March 2026');

    // The outbox lists it as a colleague's mail about no account.
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/messages/${mail!.id}`, headers: { cookie: admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Message>(res)).toMatchObject({ accountId: null, accountName: null, userId: cora.userId, template: 'staff_digest' });
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/messages?limit=100', headers: { cookie: admin.cookie } });
    expect(list.statusCode, list.body).toBe(200);
    expect(json<{ items: Message[] }>(list).items.map((m) => m.id)).toContain(mail!.id);
  });

  it('a long list shows the first 20 of each section and says how many more', async () => {
    const busy = await signIn(ctx, ['sales'], 'Bea Busy');
    ctx.clock.set('2026-04-06T12:00:00Z');
    for (let i = 0; i < 23; i += 1)
      await step(`Follow up ${String(i).padStart(2, '0')}`, `2026-04-0${1 + (i % 4)}T15:00:00Z`, { assigneeId: busy.userId });
    await queueStaffDigests({ db: ctx.database.db, now: ctx.clock.now() });
    const [mail] = await digestsTo(busy.userId);
    expect(mail!.subject).toBe('23 overdue · Monday 6 April 2026');
    expect(mail!.text.match(/^- Follow up/gm)).toHaveLength(20);
    expect(mail!.text).toContain('- and 3 more');
  });

  it('Settings turn it off: no digest for anyone until it is on again', async () => {
    const quinn = await signIn(ctx, ['quality'], 'Quinn Quality');
    ctx.clock.set('2026-05-04T12:00:00Z');
    await step('Sign the inspection', '2026-05-04T20:00:00Z', { assigneeId: quinn.userId });
    const off = await updateTestSettings(ctx, admin, { staffDigest: false });
    expect(off.staffDigest).toBe(false);
    try {
      expect(await queueStaffDigests({ db: ctx.database.db, now: ctx.clock.now() })).toBe(0);
      expect(await digestsTo(quinn.userId)).toEqual([]);
    } finally {
      await updateTestSettings(ctx, admin, { staffDigest: true });
    }
    await queueStaffDigests({ db: ctx.database.db, now: ctx.clock.now() });
    expect(await digestsTo(quinn.userId)).toHaveLength(1);
    // A bad value is refused, naming the field.
    const bad = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: admin.headers, payload: { staffDigest: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['staffDigest']);
  });

  it('an inactive colleague gets none', async () => {
    const gone = await signIn(ctx, ['csr'], 'Gus Gone');
    ctx.clock.set('2026-06-01T12:00:00Z');
    await step('Left behind', '2026-06-01T18:00:00Z', { assigneeId: gone.userId });
    await ctx.database.query('update users set active = false where id = $1', [gone.userId]);
    await queueStaffDigests({ db: ctx.database.db, now: ctx.clock.now() });
    expect(await digestsTo(gone.userId)).toEqual([]);
  });
});

// The daily sweep (docs/domain.md §3/§4): neglected, rhythm overdue and late risk become events once per
// episode; the rhythm's median gap is kept on the account row; `rapport sweep` and its exit codes.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { OrderDetail } from '../../contract/orders.js';
import type { Settings } from '../../contract/settings.js';
import { main } from '../../src/cli/main.js';
import { accounts } from '../../src/db/schema/index.js';
import { lateRiskReasons, runSweep, type SweepResult } from '../../src/domain/sweep/index.js';
import { createTestPostgresDatabase, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { drainJobs } from '../support/jobs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const NONE = { 'account.neglected': 0, 'account.rhythm_overdue': 0, 'order.late_risk': 0, 'schedule.daily': 0, 'quote.expired': 0 };

async function rapport(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    out.mockRestore();
    err.mockRestore();
  }
}

describe.each(engines)('daily sweep on %s', (engine) => {
  // 2026-03-02 is a Monday; the organisation works Monday–Friday in UTC (the defaults).
  const ctx: TestContext = useTestApp(engine);
  let s: Session;
  const post = (url: string, payload: unknown) => ctx.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const patch = (url: string, payload: unknown) => ctx.app.inject({ method: 'PATCH', url, headers: s.headers, payload: payload as object });
  const sweep = (asOf?: string, isDryRun = false): Promise<SweepResult> =>
    runSweep({ db: ctx.database.db, now: ctx.clock.now() }, { ...(asOf && { asOf }), isDryRun });

  async function makeAccount(over: Partial<typeof accounts.$inferInsert> = {}) {
    const [a] = await ctx.database.db
      .insert(accounts)
      .values({ name: uniq('Sweepco'), kind: 'customer', currency: 'USD', ...over })
      .returning();
    return a!.id;
  }
  async function order(accountId: string, placedAt: string, extra: Record<string, unknown> = {}) {
    const res = await post('/api/v1/orders', { accountId, number: uniq('SO'), placedAt, amount: '100.00', ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return json<OrderDetail>(res);
  }
  async function move(orderId: string, to: string, at: string) {
    const res = await post(`/api/v1/orders/${orderId}/transitions`, { to, at });
    expect(res.statusCode, res.body).toBe(200);
  }
  /** Moves the clock; sessions expire when idle, so sign in again at the new time. */
  async function setClock(iso: string) {
    ctx.clock.set(iso);
    s = await signIn(ctx, ['admin']);
  }
  const medianGap = async (id: string) =>
    (await ctx.database.query<{ m: number | null }>('select median_gap_days as m from accounts where id = $1', [id]))[0]!.m;
  const eventsOf = (subjectId: string, type: string) =>
    ctx.database.query<{ occurred_at: Date; payload: Record<string, unknown> }>(
      'select occurred_at, payload from domain_events where subject_id = $1 and type = $2 order by id',
      [subjectId, type],
    );

  it('keeps the median gap between order dates on the account: 0-day gaps count, an even count takes the middle two', async () => {
    s = await signIn(ctx, ['admin']);
    const id = await makeAccount();
    await order(id, '2026-01-01T09:00:00Z');
    expect(await medianGap(id)).toBeNull();
    await order(id, '2026-01-01T15:00:00Z');
    await order(id, '2026-01-11T10:00:00Z');
    await order(id, '2026-01-31T10:00:00Z');
    expect(await medianGap(id)).toBe(10); // gaps 0, 10, 20
    await order(id, '2026-02-04T10:00:00Z');
    expect(await medianGap(id)).toBe(7); // gaps 0, 4, 10, 20 → (4 + 10) / 2
    // Days since 2026-02-04 (26) exceed 2 × 7: rhythm overdue, so the account is at risk.
    const acc = await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${id}`, headers: { cookie: s.cookie } });
    expect(json(acc)).toMatchObject({ status: 'at_risk' });
  });

  it('emits neglected, rhythm overdue and late risk once per episode, dated the day each began, plus schedule.daily once a day', async () => {
    const rhythm = await makeAccount();
    for (const at of [
      '2026-01-01T10:00:00Z',
      '2026-01-01T16:00:00Z',
      '2026-01-11T10:00:00Z',
      '2026-01-31T10:00:00Z',
      '2026-02-04T10:00:00Z',
    ])
      await order(rhythm, at);
    // Two orders are too few for a rhythm; the last one 213 days ago is neglect (> 180).
    const neglected = await makeAccount();
    await order(neglected, '2025-07-01T10:00:00Z');
    await order(neglected, '2025-08-01T10:00:00Z');
    const onRhythm = await makeAccount();
    for (const at of ['2026-02-01T10:00:00Z', '2026-02-11T10:00:00Z', '2026-02-21T10:00:00Z']) await order(onRhythm, at);
    const supplier = await makeAccount({ kind: 'supplier' });
    await order(supplier, '2024-01-01T10:00:00Z');

    const holder = await makeAccount();
    // Expected after promised, and plenty of time: at risk by the estimate only.
    const estimate = await order(holder, '2026-03-01T10:00:00Z', { promisedDate: '2026-04-30', expectedShipDate: '2026-05-05' });
    // Received today, promised in 6 working days; the stages typically need 16: behind from the start.
    const tight = await order(holder, '2026-03-02T09:00:00Z', { promisedDate: '2026-03-10' });
    // In production since 2026-02-03 (its 10 days used up): inspection 2 + ready 1 = 3 left, 4 until
    // 2026-03-06 — fine; a promise of 2026-03-04 leaves 2 — behind since today.
    const fine = await order(holder, '2026-02-02T09:00:00Z', { promisedDate: '2026-03-06' });
    const behind = await order(holder, '2026-02-02T09:00:00Z', { promisedDate: '2026-03-04' });
    for (const o of [fine, behind]) {
      await move(o.id, 'data_review', '2026-02-02T12:00:00Z');
      await move(o.id, 'in_production', '2026-02-03T09:00:00Z');
    }
    // A shipped order past its promised date is late history, not late risk.
    const shipped = await order(holder, '2026-01-05T09:00:00Z', { promisedDate: '2026-01-20' });
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship', 'shipped'])
      await move(shipped.id, to, '2026-01-21T09:00:00Z');

    const dry = await sweep(undefined, true);
    const first = await sweep();
    expect(first.day).toBe('2026-03-02');
    expect(dry.emitted).toEqual(first.emitted);
    expect(first.neglectedAccountIds).toContain(neglected);
    expect(first.neglectedAccountIds).not.toContain(supplier);
    expect(first.rhythmOverdueAccountIds).toContain(rhythm);
    expect(first.rhythmOverdueAccountIds).not.toContain(onRhythm);
    expect(first.rhythmOverdueAccountIds).not.toContain(neglected);
    expect(first.lateRiskOrderIds.sort()).toEqual([estimate.id, tight.id, behind.id].sort());
    expect(first.emitted['schedule.daily']).toBe(1);

    // occurred_at is the day the episode began (in the account's timezone), not the sweep day.
    const [n] = await eventsOf(neglected, 'account.neglected');
    expect(n!.occurred_at.toISOString()).toBe('2026-01-29T00:00:00.000Z'); // 2025-08-01 + 181 days
    expect(n!.payload).toMatchObject({ lastOrderDate: '2025-08-01', daysSinceLastOrder: 213, neglectDays: 180 });
    const [r] = await eventsOf(rhythm, 'account.rhythm_overdue');
    expect(r!.occurred_at.toISOString()).toBe('2026-02-19T00:00:00.000Z'); // 2026-02-04 + 2 × 7 + 1
    expect(r!.payload).toMatchObject({ medianGapDays: 7, rhythmFactor: 2, orderCount: 5 });
    const [e] = await eventsOf(estimate.id, 'order.late_risk');
    expect(e!.payload).toMatchObject({ reasons: ['expected_after_promised'], promisedDate: '2026-04-30', expectedShipDate: '2026-05-05' });
    expect(e!.occurred_at.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    const [t] = await eventsOf(tight.id, 'order.late_risk');
    expect(t!.payload).toMatchObject({ reasons: ['stage_times'], status: 'received' });
    const [b] = await eventsOf(behind.id, 'order.late_risk');
    expect(b!.payload).toMatchObject({ reasons: ['stage_times'], status: 'in_production', since: '2026-03-02' });

    // The same day again: nothing new.
    expect((await sweep()).emitted).toEqual(NONE);

    // A new order ends the rhythm episode; the next overdue stretch is a new episode.
    await order(rhythm, '2026-03-02T08:00:00Z'); // gaps 0, 4, 10, 20, 26 → median 10
    await setClock('2026-03-22T14:00:00Z');
    expect((await sweep()).rhythmOverdueAccountIds).not.toContain(rhythm); // 20 days: not more than 2 × 10
    await setClock('2026-03-23T14:00:00Z');
    expect((await sweep()).rhythmOverdueAccountIds).toContain(rhythm);
    expect(await eventsOf(rhythm, 'account.rhythm_overdue')).toHaveLength(2);
    // A changed estimate is a new late-risk episode for the same order, emitted by the change itself
    // (the sweep's selection, scoped to the order); the sweep then finds it already emitted.
    const upd = await patch(`/api/v1/orders/${estimate.id}`, { expectedShipDate: '2026-05-12' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(await eventsOf(estimate.id, 'order.late_risk')).toHaveLength(2);
    const later = await sweep();
    expect(later.lateRiskOrderIds).not.toContain(estimate.id);
    expect(later.neglectedAccountIds).not.toContain(neglected);
    expect(await eventsOf(estimate.id, 'order.late_risk')).toHaveLength(2);
    await setClock('2026-03-02T14:00:00Z');
  });

  it('replays a past day with --as-of idempotently, and imported history stays history for the playbooks', async () => {
    // A playbook on account.neglected with the default 14-day horizon.
    const pb = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/playbooks/sweep-test-re-engage',
      headers: s.headers,
      payload: {
        source: [
          'key: sweep-test-re-engage',
          'name: Re-engage (test)',
          'trigger: { event: account.neglected }',
          'steps:',
          '  - { key: call, title: Call them, kind: call, role: sales, due: { after: trigger, offset: P2D } }',
        ].join('\n'),
      },
    });
    expect(pb.statusCode, pb.body).toBeLessThan(300);
    // Neglected for years (imported history) vs. crossing the 180-day line this week.
    const ancient = await makeAccount();
    await order(ancient, '2023-05-01T10:00:00Z');
    const recent = await makeAccount();
    await order(recent, '2025-09-01T10:00:00Z'); // neglected from 2026-02-28

    // Before its neglect began the recent account is not selected on a replayed day.
    const past = await sweep('2026-02-20');
    expect(past.day).toBe('2026-02-20');
    expect(past.neglectedAccountIds).toContain(ancient);
    expect(past.neglectedAccountIds).not.toContain(recent);
    expect((await sweep('2026-02-20')).emitted).toEqual(NONE);

    const today = await sweep();
    expect(today.neglectedAccountIds).toEqual([recent]);
    await drainJobs(ctx);
    const runs = await ctx.database.query<{ subject_id: string }>(
      "select subject_id::text from playbook_runs where playbook_key = 'sweep-test-re-engage'",
    );
    expect(runs.map((x) => x.subject_id)).toEqual([recent]);
    expect(await eventsOf(ancient, 'account.neglected')).toHaveLength(1);
  });

  it('selects in SQL exactly the orders the late-risk rule flags, following the stage-days setting', async () => {
    const holder = await makeAccount({ timezone: 'Pacific/Auckland' });
    const cases: OrderDetail[] = [];
    for (const [placed, promised, expected, path] of [
      ['2026-02-20T01:00:00Z', '2026-03-20', null, ['data_review']],
      ['2026-02-25T01:00:00Z', '2026-03-13', null, ['data_review', 'in_production']],
      ['2026-02-10T01:00:00Z', '2026-03-05', '2026-03-04', ['data_review', 'in_production', 'inspection']],
      ['2026-02-27T01:00:00Z', '2026-03-03', null, ['data_review', 'in_production', 'inspection', 'ready_to_ship']],
      ['2026-03-01T23:00:00Z', '2026-03-31', null, []],
      ['2025-12-01T01:00:00Z', '2026-02-27', null, ['data_review']],
    ] as const) {
      const o = await order(holder, placed, { promisedDate: promised, expectedShipDate: expected });
      for (const to of path) await move(o.id, to, placed);
      cases.push(o);
    }
    const check = async () => {
      const settings = json<Settings>(await ctx.app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie: s.cookie } }));
      const facts = await ctx.database.query<{ id: string; status: string; promised: string; expected: string | null; entered: string }>(
        `select o.id::text, o.status, o.promised_date::text as promised, o.expected_ship_date::text as expected,
                (coalesce((select max(e.at) from order_events e where e.order_id = o.id and e.to_status = o.status), o.placed_at)
                   at time zone 'Pacific/Auckland')::date::text as entered
           from orders o where o.id = any($1::uuid[])`,
        [cases.map((c) => c.id)],
      );
      const flagged = facts
        .filter(
          (f) =>
            lateRiskReasons(
              {
                status: f.status,
                promisedDate: f.promised,
                expectedShipDate: f.expected,
                stageEnteredOn: f.entered < '2026-03-02' ? f.entered : '2026-03-02',
              },
              '2026-03-02',
              settings.stageDays,
              settings,
            ).length > 0,
        )
        .map((f) => f.id)
        .sort();
      const selected = (await sweep(undefined, true)).lateRiskOrderIds.filter((id) => cases.some((c) => c.id === id)).sort();
      expect(selected).toEqual(flagged);
      return selected;
    };
    const withDefaults = await check();
    expect(withDefaults.length).toBeGreaterThan(0);
    const res = await patch('/api/v1/settings', {
      stageDays: { received: 0, data_review: 0, in_production: 1, inspection: 0, ready_to_ship: 0 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const withShortStages = await check();
    expect(withShortStages.length).toBeLessThan(withDefaults.length);
    await patch('/api/v1/settings', { stageDays: { received: 1, data_review: 2, in_production: 10, inspection: 2, ready_to_ship: 1 } });
  });

  it('exposes stage days in the settings, merges a partial update and refuses bad ones naming the field', async () => {
    const res = await patch('/api/v1/settings', { stageDays: { inspection: 3 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<Settings>(res).stageDays).toEqual({ received: 1, data_review: 2, in_production: 10, inspection: 3, ready_to_ship: 1 });
    for (const [body, path] of [
      [{ stageDays: { inspection: -1 } }, 'stageDays.inspection'],
      [{ stageDays: { inspection: 1.5 } }, 'stageDays.inspection'],
      [{ stageDays: { packing: 2 } }, 'stageDays'],
    ] as const) {
      const bad = await patch('/api/v1/settings', body);
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(json(bad))).toContain(path);
    }
    const bad = await patch('/api/v1/settings', { stageDays: { packing: 2 } });
    expect(JSON.stringify(json(bad))).toContain('packing');
    await patch('/api/v1/settings', { stageDays: { inspection: 2 } });
  });

  // The CLI reads DATABASE_URL; on PGlite it would need a fresh data folder of its own (slow), and
  // the use case it runs is the one tested above on both engines.
  if (engine === 'postgres')
    it('rapport sweep prints the events per type and exits 0; a second run emits nothing', async () => {
      const db = await createTestPostgresDatabase();
      try {
        const first = await rapport(['sweep', '--as-of', '2026-03-02'], { DATABASE_URL: db.url });
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toContain('Swept 2026-03-02: 1 new event');
        expect(first.stdout).toMatch(/schedule\.daily\s+1/);
        const again = await rapport(['sweep', '--as-of', '2026-03-02'], { DATABASE_URL: db.url });
        expect(again.code).toBe(0);
        expect(again.stdout).toContain('Swept 2026-03-02: 0 new events');
      } finally {
        await db.drop();
      }
    });
});

describe('rapport sweep bad usage', () => {
  it.each([['2026-02-30'], ['yesterday'], ['02/03/2026']])('refuses --as-of %s with exit 2 and the reason', async (date) => {
    const run = await rapport(['sweep', '--as-of', date]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--as-of must be a calendar date YYYY-MM-DD, got "${date}"`);
  });
});

// An import is a bulk form of the use cases behind it, so it passes the same authorization and the
// same rules: importing users needs admin and keeps an admin; a status change of an existing order
// is a transition (lifecycle, gates, admin-only override) — as through the API and the ERP webhook.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { OrderDetail } from '../../contract/orders.js';
import { users } from '../../src/db/schema/index.js';
import { importCsv } from '../../src/domain/imports/index.js';
import { DomainError } from '../../src/domain/shared/index.js';
import { contextFor, countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { auditionReadyToShip, makeAccount, orderAt } from '../support/audition.js';
import { uploadImport } from '../support/multipart.js';
import { eq } from 'drizzle-orm';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface ProblemBody {
  code: string;
  detail: string;
  errors: { path: string; line: number; column: string; value: string; reason: string; code?: string }[];
}

const upload = uploadImport;

const getOrder = (ctx: TestContext, as: Session, id: string) =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: { cookie: as.cookie } });

async function setExternalRef(ctx: TestContext, s: Session, ref: string) {
  await ctx.database.db.update(users).set({ externalRef: ref }).where(eq(users.id, s.userId));
}

describe.each(engines)('imports follow the use cases’ rules on %s', (engine) => {
  const ctx = useTestApp(engine);

  describe('users', () => {
    // Regression (issue 9, defect 1): an operations user imported a one-line file giving themself admin.
    it.each([['operations'], ['gm']] as const)('a %s user cannot import users, not even a dry run: 403, nothing written', async (role) => {
      const user = await signIn(ctx, [role]);
      await setExternalRef(ctx, user, `E-${user.userId.slice(0, 8)}`);
      const [usersBefore, importsBefore] = [await countRows(ctx.database, 'users'), await countRows(ctx.database, 'imports')];
      for (const dryRun of ['true', 'false']) {
        const res = await upload(
          ctx,
          user,
          { kind: 'users', dryRun },
          `externalRef,name,roles\nE-${user.userId.slice(0, 8)},Me,${role};admin\nNEW-1,New,admin\n`,
        );
        expect(res.statusCode, res.body).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(json(res)).toMatchObject({ code: 'auth.forbidden', detail: expect.stringContaining('needs the role admin') });
      }
      const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } });
      expect(json<{ user: { roles: string[] } }>(me).user.roles).toEqual([role]);
      expect(await countRows(ctx.database, 'users')).toBe(usersBefore);
      expect(await countRows(ctx.database, 'imports')).toBe(importsBefore);
    });

    it('the use case refuses a non-admin too, whatever path calls it', async () => {
      const ops = await signIn(ctx, ['operations']);
      const file = path.join(os.tmpdir(), `users-${ops.userId}.csv`);
      writeFileSync(file, 'externalRef,name,roles\nX-1,X,admin\n');
      onTestFinished(() => rmSync(file, { force: true }));
      const actor = { kind: 'user' as const, userId: ops.userId, name: 'Ops', roles: ['operations' as const], ip: null, requestId: null };
      const err = await importCsv(contextFor(ctx, actor), { kind: 'users', file }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'auth.forbidden', category: 'forbidden' });
    });

    it('an admin imports users and their roles', async () => {
      const admin = await signIn(ctx, ['admin']);
      const res = await upload(ctx, admin, { kind: 'users' }, 'externalRef,name,roles\nREP-7,Rita Rep,sales;csr\n');
      expect(res.statusCode, res.body).toBe(201);
      const [rita] = await ctx.database.db.select().from(users).where(eq(users.externalRef, 'REP-7'));
      expect([...rita!.roles].sort()).toEqual(['csr', 'sales']);
    });

    it('the other kinds stay open to operations', async () => {
      const ops = await signIn(ctx, ['operations']);
      const res = await upload(ctx, ops, { kind: 'accounts' }, `externalRef,name\nOPS-A-${ops.userId.slice(0, 6)},Ops Account\n`);
      expect(res.statusCode, res.body).toBe(201);
    });
  });

  describe('the last active admin', () => {
    // A database of its own: exactly one active admin.
    const own = useTestApp(engine);

    it('keeps the admin role, dry run or not, and says which line; another admin first makes it fine', async () => {
      const admin = await signIn(own, ['admin']);
      await setExternalRef(own, admin, 'ADM-1');
      for (const dryRun of ['true', 'false']) {
        const res = await upload(own, admin, { kind: 'users', dryRun }, 'externalRef,name,roles\nADM-1,Ada,gm\n');
        expect(res.statusCode, res.body).toBe(422);
        expect(json<ProblemBody>(res).errors).toEqual([
          expect.objectContaining({ line: 2, column: 'roles', value: 'gm', reason: expect.stringContaining('last active admin') }),
        ]);
      }
      const [still] = await own.database.db.select().from(users).where(eq(users.id, admin.userId));
      expect(still!.roles).toContain('admin');
      // Giving admin to someone else earlier in the file makes the same change fine.
      const ok = await upload(own, admin, { kind: 'users' }, 'externalRef,name,roles\nADM-2,Bo Admin,admin\nADM-1,Ada,gm\n');
      expect(ok.statusCode, ok.body).toBe(201);
      const [ada] = await own.database.db.select().from(users).where(eq(users.id, admin.userId));
      expect(ada!.roles).toEqual(['gm']);
    });
  });

  describe('orders that Rapport is running', () => {
    const ordersCsv = (order: OrderDetail, accountRef: string, extra: Record<string, string>) => {
      const cols = { number: order.number, accountRef, placedAt: order.placedAt, amount: '1000.00', ...extra };
      return `${Object.keys(cols).join(',')}\n${Object.values(cols).join(',')}\n`;
    };

    // Regression (issue 9, defect 2): an import shipped a first order past its open inspection and documents check.
    it.each([
      ['a status column', { status: 'shipped' }, 'status'],
      ['a shipped date alone', { shippedAt: '2026-03-02T15:00:00Z' }, 'shippedAt'],
    ])('%s cannot ship an audition with open gates: the row names the step, nothing moves', async (_, extra, column) => {
      const ops = await signIn(ctx, ['operations']);
      const { order, accountRef } = await auditionReadyToShip(ctx, ops);
      const eventsBefore = await countRows(ctx.database, 'order_events');
      const res = await upload(ctx, ops, { kind: 'orders' }, ordersCsv(order, accountRef, extra));
      expect(res.statusCode, res.body).toBe(422);
      const body = json<ProblemBody>(res);
      expect(body.code).toBe('imports.bad_row');
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({ line: 2, column, code: 'orders.gate_open' });
      expect(body.errors[0]!.reason).toContain('double inspection: 0 of 2 sign-offs, quality manager sign-off missing');
      expect(body.errors[0]!.reason).toContain('shipping package and documents check');
      const after = json<OrderDetail>(await getOrder(ctx, ops, order.id));
      expect(after.status).toBe('ready_to_ship');
      expect(after.shippedAt).toBeNull();
      expect(await countRows(ctx.database, 'order_events')).toBe(eventsBefore);
    });

    it('only an admin may override the gates, with a reason recorded on the order; the playbooks hear of the shipment', async () => {
      const gm = await signIn(ctx, ['gm']);
      const admin = await signIn(ctx, ['admin']);
      const { order, accountRef } = await auditionReadyToShip(ctx, gm);
      const csv = ordersCsv(order, accountRef, { status: 'shipped', shippedAt: '2026-03-02T15:00:00Z' });
      const refused = await upload(ctx, gm, { kind: 'orders', overrideGates: 'The customer collected it in person.' }, csv);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(json(refused)).toMatchObject({ code: 'orders.gate_override_forbidden' });
      const short = await upload(ctx, admin, { kind: 'orders', overrideGates: 'because' }, csv);
      expect(short.statusCode).toBe(400);
      expect(json<ProblemBody>(short).errors).toEqual([expect.objectContaining({ path: 'overrideGates' })]);

      const res = await upload(ctx, admin, { kind: 'orders', overrideGates: 'The customer collected it in person.' }, csv);
      expect(res.statusCode, res.body).toBe(201);
      const after = json<
        OrderDetail & { events: { kind: string; note: string | null; fromStatus: string | null; toStatus: string | null }[] }
      >(await getOrder(ctx, admin, order.id));
      expect(after.status).toBe('shipped');
      expect(after.events.find((e) => e.kind === 'gate_override')).toMatchObject({
        note: 'The customer collected it in person.',
        fromStatus: 'ready_to_ship',
        toStatus: 'shipped',
      });
      const events = await ctx.database.query<{ type: string; source: string }>(
        'select type, source from domain_events where subject_id = $1 and source = $2 order by id',
        [order.id, 'import'],
      );
      expect(events).toEqual([
        { type: 'order.status_changed', source: 'import' },
        { type: 'order.shipped', source: 'import' },
      ]);
      const audit = await ctx.database.query<{ n: number }>(
        "select count(*)::int as n from audit_log where action = 'orders.gate_override' and entity_id = $1",
        [order.id],
      );
      expect(audit[0]!.n).toBe(1);
    });

    it('the lifecycle decides: two steps back is refused, one step back is rework', async () => {
      const ops = await signIn(ctx, ['operations']);
      const account = await makeAccount(ctx);
      const order = await orderAt(ctx, ops, account, 'ready_to_ship');
      const back2 = await upload(ctx, ops, { kind: 'orders' }, ordersCsv(order, account.accountRef, { status: 'in_production' }));
      expect(back2.statusCode, back2.body).toBe(422);
      expect(json<ProblemBody>(back2).errors[0]).toMatchObject({
        column: 'status',
        value: 'in_production',
        code: 'orders.bad_transition',
        reason: expect.stringContaining('allowed next: shipped, inspection, cancelled'),
      });
      const back1 = await upload(ctx, ops, { kind: 'orders' }, ordersCsv(order, account.accountRef, { status: 'inspection' }));
      expect(back1.statusCode, back1.body).toBe(201);
      expect(json<OrderDetail>(await getOrder(ctx, ops, order.id)).status).toBe('inspection');
    });

    it('without a status column the dates move an order forward only, never back', async () => {
      const ops = await signIn(ctx, ['operations']);
      const account = await makeAccount(ctx);
      const order = await orderAt(ctx, ops, account, 'in_production');
      const res = await upload(ctx, ops, { kind: 'orders' }, ordersCsv(order, account.accountRef, { promisedDate: '2026-03-20' }));
      expect(res.statusCode, res.body).toBe(201);
      expect(json<OrderDetail>(await getOrder(ctx, ops, order.id))).toMatchObject({ status: 'in_production', promisedDate: '2026-03-20' });
    });

    // Regression (issue 9, defect 3): the order page answered 500 for good once an import filled an empty field.
    it('an order given a promised date by an import still opens, its event saying from nothing to the date', async () => {
      const ops = await signIn(ctx, ['operations']);
      const account = await makeAccount(ctx);
      const order = await orderAt(ctx, ops, account, 'received');
      expect(order.promisedDate).toBeNull();
      const res = await upload(
        ctx,
        ops,
        { kind: 'orders' },
        ordersCsv(order, account.accountRef, { promisedDate: '2026-03-20', carrier: 'DHL' }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const page = await getOrder(ctx, ops, order.id);
      expect(page.statusCode, page.body).toBe(200);
      const updated = json<{ events: { kind: string; changes: Record<string, unknown> | null }[] }>(page).events.find(
        (e) => e.kind === 'updated',
      );
      expect(updated?.changes).toEqual({ promisedDate: { from: null, to: '2026-03-20' }, carrier: { from: null, to: 'DHL' } });
    });
  });

  describe('quotes', () => {
    const quotesCsv = (q: { number: string; sentAt: string }, accountRef: string, extra: Record<string, string>) => {
      const cols = { number: q.number, accountRef, sentAt: q.sentAt, amount: '500.00', ...extra };
      return `${Object.keys(cols).join(',')}\n${Object.values(cols).join(',')}\n`;
    };
    async function quoteOf(as: Session, accountId: string, decide?: Record<string, unknown>) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/quotes',
        headers: as.headers,
        payload: { accountId, number: `Q-${as.userId.slice(0, 4)}-${Math.random().toString(16).slice(2, 8)}`, amount: '500.00' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const q = json<{ id: string; number: string; sentAt: string }>(res);
      if (decide) {
        const d = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/quotes/${q.id}`, headers: as.headers, payload: decide });
        expect(d.statusCode, d.body).toBe(200);
      }
      return q;
    }

    it('a decided quote is not decided again by a file, and only an admin reopens it', async () => {
      const ops = await signIn(ctx, ['operations']);
      const admin = await signIn(ctx, ['admin']);
      const account = await makeAccount(ctx);
      const q = await quoteOf(ops, account.id, { status: 'won' });
      const relost = await upload(
        ctx,
        ops,
        { kind: 'quotes' },
        quotesCsv(q, account.accountRef, { status: 'lost', decidedAt: '2026-03-02T15:00:00Z', lostReason: 'Price' }),
      );
      expect(relost.statusCode, relost.body).toBe(422);
      expect(json<ProblemBody>(relost).errors[0]).toMatchObject({ column: 'status', code: 'quotes.bad_transition' });
      const reopen = await upload(ctx, ops, { kind: 'quotes' }, quotesCsv(q, account.accountRef, { status: 'open' }));
      expect(reopen.statusCode, reopen.body).toBe(422);
      expect(json<ProblemBody>(reopen).errors[0]).toMatchObject({ column: 'status', code: 'quotes.reopen_forbidden' });
      const byAdmin = await upload(ctx, admin, { kind: 'quotes' }, quotesCsv(q, account.accountRef, { status: 'open' }));
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      const [row] = await ctx.database.query<{ status: string }>('select status from quotes where id = $1', [q.id]);
      expect(row!.status).toBe('open');
    });

    it('an open quote decided by a file is a decision the playbooks hear of (its follow-ups stop)', async () => {
      const ops = await signIn(ctx, ['operations']);
      const account = await makeAccount(ctx);
      const q = await quoteOf(ops, account.id);
      const res = await upload(
        ctx,
        ops,
        { kind: 'quotes' },
        quotesCsv(q, account.accountRef, { status: 'lost', decidedAt: '2026-03-02T15:00:00Z', lostReason: 'Price' }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const events = await ctx.database.query<{ type: string; payload: { from: string; to: string } }>(
        "select type, payload from domain_events where subject_id = $1 and source = 'import'",
        [q.id],
      );
      expect(events).toEqual([{ type: 'quote.lost', payload: expect.objectContaining({ from: 'open', to: 'lost' }) }]);
    });

    it('a quote given a valid-until date by a file shows the change on the timeline, from nothing to the date', async () => {
      const ops = await signIn(ctx, ['operations']);
      const account = await makeAccount(ctx);
      const q = await quoteOf(ops, account.id);
      const res = await upload(ctx, ops, { kind: 'quotes' }, quotesCsv(q, account.accountRef, { validUntil: '2026-04-30' }));
      expect(res.statusCode, res.body).toBe(201);
      const [ev] = await ctx.database.query<{ changes: Record<string, unknown> }>(
        "select changes from quote_events where quote_id = $1 and kind = 'updated'",
        [q.id],
      );
      expect(ev!.changes).toEqual({ validUntil: { from: null, to: '2026-04-30' } });
      const timeline = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/accounts/${account.id}/timeline`,
        headers: { cookie: ops.cookie },
      });
      expect(timeline.statusCode, timeline.body).toBe(200);
    });
  });

  describe('events written before the fix', () => {
    it('an order event missing the empty side of a change still shows, and migration 0008 repairs it', async () => {
      const ops = await signIn(ctx, ['operations']);
      const account = await makeAccount(ctx);
      const order = await orderAt(ctx, ops, account, 'received');
      const [ev] = await ctx.database.query<{ id: number }>(
        `insert into order_events (order_id, account_id, kind, changes, note, at)
         values ($1, $2, 'updated', '{"promisedDate": {"to": "2026-03-20"}, "carrier": {"from": "DHL"}}'::jsonb, 'imported', now()) returning id`,
        [order.id, account.id],
      );
      const page = await getOrder(ctx, ops, order.id);
      expect(page.statusCode, page.body).toBe(200);
      expect(json<{ events: { id: string; changes: unknown }[] }>(page).events.find((e) => e.id === String(ev!.id))?.changes).toEqual({
        promisedDate: { from: null, to: '2026-03-20' },
        carrier: { from: 'DHL', to: null },
      });
      const migration = readFileSync(path.resolve('src/db/migrations/0008_repair_event_changes.sql'), 'utf8');
      for (const statement of migration.split('--> statement-breakpoint')) await ctx.database.exec(statement);
      const [repaired] = await ctx.database.query<{ changes: unknown }>('select changes from order_events where id = $1', [ev!.id]);
      expect(repaired!.changes).toEqual({ promisedDate: { from: null, to: '2026-03-20' }, carrier: { from: 'DHL', to: null } });
    });
  });
});

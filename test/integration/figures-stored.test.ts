// Decision 0022: the figures read facts the database stores (each order's placed and shipped days,
// each account's first and second orders, count and median gap). Here every write path that can
// change them runs — orders created through the API and inserted as history, shipped and cancelled,
// imported (new and changed), accounts and the organisation moving timezone, through the API and
// the accounts import — and then every figure computed from the stored facts must equal the one
// computed from the orders' times alone (the rule as written), for as-of days before, inside and
// after the orders, for all time and for periods. On both engines.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import {
  accountRowsSql,
  dashboardSql,
  kpisSql,
  orderRowsSql,
  type FigureScope,
  type FigureSource,
} from '../../src/domain/analytics/figures-sql.js';
import { importCsv } from '../../src/domain/imports/index.js';
import { getSettings } from '../../src/domain/settings/index.js';
import { rowsOf, systemActor } from '../../src/domain/shared/index.js';
import { contextFor, engines, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq, updateTestSettings } from '../support/factories.js';

const ORDER_FIGURES = ['firstOrderOnTime', 'onTime', 'revenue'] as const;
const ACCOUNT_FIGURES = ['secondOrderConversion', 'medianDaysToSecondOrder', 'neglectedAccounts', 'rhythmOverdueAccounts'] as const;

describe.each(engines)('stored facts and the figures on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], uniq('Admin'));
  });

  const rows = (query: SQL): Promise<unknown[]> => rowsOf<unknown>(ctx.database.db, query);

  async function scopeFor(repId: string, asOf: string, from: string | null = null, to = asOf): Promise<FigureScope> {
    const settings = await getSettings(ctx.database.db);
    return {
      asOf,
      from,
      to,
      repId,
      orgTimezone: settings.timezone,
      currency: settings.currency,
      neglectDays: settings.neglectDays,
      rhythmFactor: settings.rhythmFactor,
    };
  }

  /** Every figure, its dashboard series and the rows behind each, from one source. */
  async function everything(s: FigureScope, source: FigureSource) {
    const page = { after: null, limit: null };
    return {
      kpis: await rows(kpisSql(s, source)),
      dashboard: await rows(dashboardSql(s, source)),
      ...Object.fromEntries(
        await Promise.all([
          ...ORDER_FIGURES.map(async (f) => [f, await rows(orderRowsSql(s, f, page, source))] as const),
          ...ACCOUNT_FIGURES.map(async (f) => [f, await rows(accountRowsSql(s, f, page, source))] as const),
        ]),
      ),
    };
  }

  /** The stored facts of the rep's accounts, beside the same facts computed from the orders' times. */
  async function storedAgainstComputed(repId: string) {
    return rows(sql`
      with acc as (
        select a.*, coalesce(a.timezone, (select s.timezone from settings s where s.id = 1)) as zone
          from accounts a join account_team t on t.account_id = a.id and t.role = 'sales' and t.user_id = ${repId}::uuid
      ),
      o as (
        select o.*, (o.placed_at at time zone acc.zone)::date as day, (o.shipped_at at time zone acc.zone)::date as shipped_day,
               row_number() over (partition by o.account_id order by o.placed_at, o.number, o.id) as rn
          from orders o join acc on acc.id = o.account_id
      )
      select 'order' as what, o.number as id from o
       where o.placed_on is distinct from o.day or o.shipped_on is distinct from o.shipped_day
      union all
      select 'account', acc.name from acc
       where acc.order_count <> (select count(*) from o where o.account_id = acc.id)
          or acc.first_order_id is distinct from (select o.id from o where o.account_id = acc.id and o.rn = 1)
          or acc.second_order_id is distinct from (select o.id from o where o.account_id = acc.id and o.rn = 2)
          or acc.second_order_at is distinct from (select o.placed_at from o where o.account_id = acc.id and o.rn = 2)
          or acc.first_order_on is distinct from (select o.day from o where o.account_id = acc.id and o.rn = 1)
          or acc.second_order_on is distinct from (select o.day from o where o.account_id = acc.id and o.rn = 2)
          or acc.last_order_on is distinct from (select max(o.day) from o where o.account_id = acc.id)
          or acc.median_gap_days is distinct from (
               select percentile_cont(0.5) within group (order by g.gap)::real
                 from (select o.day - lag(o.day) over (order by o.placed_at, o.number, o.id) as gap from o where o.account_id = acc.id) g)`);
  }

  async function expectSameFigures(repId: string, days: readonly string[]) {
    for (const asOf of days) {
      for (const [from, to] of [
        [null, asOf],
        ['2025-01-01', asOf],
        ['2025-03-01', '2025-06-30'],
      ] as const) {
        if (from !== null && from > asOf) continue;
        const s = await scopeFor(repId, asOf, from, to > asOf ? asOf : to);
        expect(await everything(s, 'stored'), `as of ${asOf}, ${from ?? 'all time'}–${to}`).toEqual(await everything(s, 'computed'));
      }
    }
  }

  it('every write path keeps the stored facts, and the figures from them equal the figures from the orders alone', async () => {
    const [rep] = await ctx.database.db
      .insert(users)
      .values({ email: `${uniq('rep')}@example.test`, name: uniq('Rep'), roles: ['sales'] })
      .returning();
    const team = [{ userId: rep!.id, role: 'sales' as const }];
    const zones = ['UTC', 'America/Chicago', 'Pacific/Auckland', 'Asia/Kolkata', null] as const;
    const accounts = [];
    for (const [i, timezone] of zones.entries())
      accounts.push(await createTestAccount(ctx, { team, externalRef: uniq(`FS${i}`), ...(timezone ? { timezone } : {}) }));
    const [utc, chicago, auckland, kolkata, org] = accounts as [
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
    ];

    // History inserted as rows (the database's trigger sets the days), near midnight in several
    // zones, with same-day repeats, ties on the placed time, late and early shipments, a cancellation.
    const same = '2025-02-10T23:30:00Z';
    await insertTestOrder(ctx, {
      accountId: utc.id,
      number: uniq('B'),
      placedAt: same,
      promisedDate: '2025-02-20',
      shippedAt: '2025-02-20T23:59:00Z',
    });
    await insertTestOrder(ctx, {
      accountId: utc.id,
      number: uniq('A'),
      placedAt: same,
      promisedDate: '2025-02-21',
      shippedAt: '2025-02-25T01:00:00Z',
    });
    const history: [string, string, string, { shippedAt?: string; cancelledAt?: string }][] = [
      [utc.id, '2025-04-01T00:10:00Z', '2025-04-10', {}],
      [chicago.id, '2025-03-01T05:30:00Z', '2025-03-05', { shippedAt: '2025-03-06T04:00:00Z' }],
      [chicago.id, '2025-03-01T06:30:00Z', '2025-03-09', { cancelledAt: '2025-03-03T12:00:00Z' }],
      [auckland.id, '2025-01-31T11:30:00Z', '2025-02-10', { shippedAt: '2025-02-09T12:30:00Z' }],
      [kolkata.id, '2025-05-15T18:45:00Z', '2025-05-20', { shippedAt: '2025-05-20T18:00:00Z' }],
      [org.id, '2025-02-01T12:00:00Z', '2025-02-05', { shippedAt: '2025-02-05T12:00:00Z' }],
    ];
    for (const [accountId, placedAt, promisedDate, more] of history)
      await insertTestOrder(ctx, { accountId, placedAt, promisedDate, ...more });

    // Orders through the API, shipped and cancelled through its transitions.
    const post = async (accountId: string, placedAt: string, promisedDate: string) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: admin.headers,
        payload: { accountId, number: uniq('API'), amount: '250.00', placedAt, promisedDate },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const move = async (id: string, to: string, at: string, extra: Record<string, unknown> = {}) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${id}/transitions`,
        headers: admin.headers,
        payload: { to, at, ...extra },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const apiOrder = await post(auckland.id, '2025-03-10T10:00:00Z', '2025-03-20');
    await move(apiOrder, 'cancelled', '2025-03-12T10:00:00Z', { note: 'changed their mind' });
    await post(kolkata.id, '2025-06-01T18:29:00Z', '2025-06-10');
    await post(org.id, '2025-06-02T08:00:00Z', '2025-06-05');

    // The orders import: new orders (the import sets the days itself) and a changed one.
    const importFile = (text: string) => {
      const file = path.join(os.tmpdir(), `figures-stored-${randomUUID()}.csv`);
      writeFileSync(file, text);
      onTestFinished(() => rmSync(file, { force: true }));
      return file;
    };
    const importer = contextFor(ctx, { ...systemActor('test'), kind: 'cli' });
    const changed = uniq('IMP');
    const imported = await importCsv(importer, {
      kind: 'orders',
      file: importFile(
        [
          'number,accountRef,placedAt,amount,promisedDate,shippedAt',
          `${changed},${chicago.externalRef},2025-04-02T04:59:00Z,100.00,2025-04-08,2025-04-09T03:00:00Z`,
          `${uniq('IMP')},${chicago.externalRef},2025-04-02T05:01:00Z,120.00,2025-04-08,`,
          `${uniq('IMP')},${auckland.externalRef},2025-05-01T12:00:00Z,90.00,2025-05-03,2025-05-03T11:00:00Z`,
          `${uniq('IMP')},${org.externalRef},2025-07-01T00:30:00Z,80.00,2025-07-04,`,
        ].join('\n'),
      ),
    });
    expect(imported).toMatchObject({ status: 'succeeded', created: 4 });
    const reimported = await importCsv(importer, {
      kind: 'orders',
      file: importFile(
        `number,accountRef,placedAt,amount,promisedDate,shippedAt\n${changed},${chicago.externalRef},2025-04-03T04:59:00Z,100.00,2025-04-08,2025-04-07T23:00:00Z\n`,
      ),
    });
    expect(reimported).toMatchObject({ status: 'succeeded', updated: 1 });

    const days = ['2025-01-15', '2025-02-10', '2025-03-01', '2025-04-02', '2025-06-01', '2025-12-31'];
    expect(await storedAgainstComputed(rep!.id)).toEqual([]);
    await expectSameFigures(rep!.id, days);

    // Timezones move: an account's through the API, another's through the accounts import, and the
    // organisation's (the accounts without one).
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${utc.id}`,
      headers: admin.headers,
      payload: { timezone: 'Pacific/Kiritimati' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const accountsImport = await importCsv(importer, {
      kind: 'accounts',
      file: importFile(`externalRef,name,currency,timezone\n${chicago.externalRef},${chicago.name},USD,Asia/Tokyo\n`),
    });
    expect(accountsImport).toMatchObject({ status: 'succeeded', updated: 1 });
    const before = (await getSettings(ctx.database.db)).timezone;
    await updateTestSettings(ctx, admin, { timezone: 'Pacific/Honolulu' });
    onTestFinished(() => updateTestSettings(ctx, admin, { timezone: before }).then(() => undefined));

    expect(await storedAgainstComputed(rep!.id)).toEqual([]);
    await expectSameFigures(rep!.id, days);
  });
});

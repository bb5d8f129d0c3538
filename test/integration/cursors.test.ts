// Crafted cursors are refused as a 400 naming `cursor`, never a failed cast and a 500 (issue 9,
// defect 11: ["zz","1"] or [1,{}] on users, orders, quotes, activities, timeline and imports).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../src/db/schema/index.js';
import { encodeCursor } from '../../src/domain/shared/index.js';
import { engines, json, signIn, useTestApp } from '../support/app.js';

const uuid = randomUUID();
// Wrong for every list.
const CRAFTED: [string, string][] = [
  ['two texts', encodeCursor(['zz', '1'])],
  ['a number and an object', encodeCursor([1, {}])],
  ['a lone null', encodeCursor([null])],
  ['a NUL inside', encodeCursor(['a\u0000b', uuid])],
  ['nested arrays', encodeCursor([[['x']], uuid])],
  ['not JSON at all', 'bm90LWpzb24'],
  ['a huge number', encodeCursor([1e300, uuid])],
];
// Wrong for the lists that sort by a time (a text-sorted list takes any text).
const CRAFTED_TIMES: [string, string][] = [
  ['a month 13', encodeCursor(['2026-13-45T00:00:00.000Z', uuid])],
  ['February 31st', encodeCursor(['2026-02-31 10:00:00+00', uuid])],
  ['a time of 25 o’clock', encodeCursor(['2026-02-01T25:00:00.000Z', uuid])],
];

describe.each(engines)('crafted cursors on %s', (engine) => {
  const ctx = useTestApp(engine);

  it.each(CRAFTED)('%s: every list answers 400 pagination.bad_cursor', async (_, cursor) => {
    const gm = await signIn(ctx, ['admin', 'gm']);
    const [account] = await ctx.database.db
      .insert(accounts)
      .values({ name: `Cursor ${randomUUID()}`, kind: 'customer', currency: 'USD' })
      .returning();
    const lists = [
      '/api/v1/users',
      '/api/v1/orders',
      '/api/v1/orders?sort=promisedDate',
      '/api/v1/orders?sort=-amount',
      '/api/v1/orders?sort=number',
      '/api/v1/quotes',
      '/api/v1/quotes?sort=amount',
      '/api/v1/activities',
      `/api/v1/accounts/${account!.id}/timeline`,
      '/api/v1/imports',
      '/api/v1/accounts',
      '/api/v1/accounts?sort=-potentialAnnualSpend',
    ];
    for (const list of lists) {
      const url = `${list}${list.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
      const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: gm.cookie } });
      expect(res.statusCode, `${list}: ${res.body}`).toBe(400);
      expect(json(res), list).toMatchObject({ code: 'pagination.bad_cursor', errors: [{ path: 'cursor' }] });
    }
  });

  it.each(CRAFTED_TIMES)('%s: every list sorted by a time answers 400', async (_, cursor) => {
    const gm = await signIn(ctx, ['admin', 'gm']);
    const [account] = await ctx.database.db
      .insert(accounts)
      .values({ name: `Cursor ${randomUUID()}`, kind: 'customer', currency: 'USD' })
      .returning();
    for (const list of [
      '/api/v1/orders',
      '/api/v1/quotes',
      '/api/v1/activities',
      '/api/v1/imports',
      `/api/v1/accounts/${account!.id}/timeline`,
    ]) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `${list}?cursor=${encodeURIComponent(cursor)}`,
        headers: { cookie: gm.cookie },
      });
      expect(res.statusCode, `${list}: ${res.body}`).toBe(400);
      expect(json(res), list).toMatchObject({ code: 'pagination.bad_cursor' });
    }
    const noUuid = encodeCursor(['2026-01-01T00:00:00.000Z', 'nope']);
    for (const list of ['/api/v1/orders', '/api/v1/quotes', '/api/v1/activities', '/api/v1/imports']) {
      const res = await ctx.app.inject({ method: 'GET', url: `${list}?cursor=${noUuid}`, headers: { cookie: gm.cookie } });
      expect(res.statusCode, `${list}: ${res.body}`).toBe(400);
    }
  });

  it('a cursor the list handed out still pages', async () => {
    const gm = await signIn(ctx, ['gm']);
    for (let i = 0; i < 3; i++) await signIn(ctx, ['sales']);
    const first = json<{ items: { id: string }[]; nextCursor: string }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/users?limit=2', headers: { cookie: gm.cookie } }),
    );
    const next = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/users?limit=2&cursor=${first.nextCursor}`,
      headers: { cookie: gm.cookie },
    });
    expect(next.statusCode).toBe(200);
    expect(json<{ items: { id: string }[] }>(next).items.map((u) => u.id)).not.toContain(first.items[0]!.id);
  });
});

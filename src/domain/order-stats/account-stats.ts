// accounts.order_count / first_order_id / first_order_at / second_order_id / second_order_at /
// last_order_at, the first/second/last order days (*_order_on) and median_gap_days are denormalised
// for lists, status and the figures (decision 0022); they are recomputed from orders, never
// incremented, so they cannot drift.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../shared/index.js';

const CHUNK = 50_000;
/** Up to this many accounts, each one's orders are read through the index (below). */
const FEW = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Recomputes the order statistics of these accounts in one set-based UPDATE per 50 000 accounts.
 * First order (docs/domain.md §4): earliest placed_at, ties the lowest number (then id, to be total);
 * the second is the next in the same order.
 * Cancelled orders count: the definition does not exclude them. Accounts without orders are
 * reset to 0 / null. Call it inside the transaction that changed the orders (create, import, demo)
 * or a timezone the median depends on (an account's, the organisation's).
 * median_gap_days (rhythm, docs/domain.md §4): the median of the days between consecutive order dates in
 * the account's (else the organisation's) timezone — the orders' stored placed_on, which the
 * database keeps in that timezone —, 0-day gaps included; percentile_cont gives the mean of the
 * middle two for an even count; null with fewer than two orders.
 */
export async function refreshAccountOrderStats(db: Db, accountIds: readonly string[]): Promise<void> {
  const ids = [...new Set(accountIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    // One text parameter cast to uuid[] (not one parameter per id): works on both drivers and
    // plans fast. Ids are checked first so the array literal cannot be bent by a stray comma.
    const bad = chunk.find((id) => !UUID.test(id));
    if (bad !== undefined) throw new Error(`refreshAccountOrderStats: not an account id: ${bad}`);
    const list = `{${chunk.join(',')}}`;
    // Many accounts: one pass over their orders, numbered and gapped per account by a window (not
    // a lateral subquery per account: an import touching 50k accounts reads 1M orders once). A few
    // (an order written, an import's statistics a part per step): each account's orders through
    // its index — the OFFSET 0 keeps the planner from turning that back into a pass over all
    // orders, which it costs lower from a few hundred accounts on (measured 120 vs 25 ms for 100
    // accounts of 200k orders on PGlite).
    const orders =
      chunk.length <= FEW
        ? sql`ids cross join lateral (select o.account_id, o.id, o.placed_at, o.placed_on, o.number
                                        from orders o where o.account_id = ids.id offset 0) o`
        : sql`orders o where o.account_id in (select id from ids)`;
    await db.execute(sql`
      with ids as (select unnest(cast(${list} as uuid[])) as id),
      o as (
        select o.account_id, o.id, o.placed_at, o.placed_on,
               row_number() over w as rn,
               o.placed_on - lag(o.placed_on) over w as gap
          from ${orders}
        window w as (partition by o.account_id order by o.placed_at, o.number, o.id)
      )
      update accounts a
         set order_count = s.n,
             first_order_id = s.first_id,
             first_order_at = s.first_at,
             second_order_id = s.second_id,
             second_order_at = s.second_at,
             first_order_on = s.first_on,
             second_order_on = s.second_on,
             last_order_on = s.last_on,
             last_order_at = s.last_at,
             median_gap_days = s.median_gap
        from (
          select ids.id as account_id,
                 count(o.id)::int as n,
                 (array_agg(o.id) filter (where o.rn = 1))[1] as first_id,
                 min(o.placed_at) as first_at,
                 (array_agg(o.id) filter (where o.rn = 2))[1] as second_id,
                 min(o.placed_at) filter (where o.rn = 2) as second_at,
                 min(o.placed_on) as first_on,
                 min(o.placed_on) filter (where o.rn = 2) as second_on,
                 max(o.placed_on) as last_on,
                 max(o.placed_at) as last_at,
                 percentile_cont(0.5) within group (order by o.gap::float8) as median_gap
            from ids left join o on o.account_id = ids.id
           group by ids.id
        ) s
       where a.id = s.account_id`);
  }
}

/**
 * After a timezone change: the database has already moved the orders' stored days (decision 0022),
 * and the account's first, second and last order days and the median gap between them are
 * recomputed here. `org`: the organisation's timezone changed,
 * so every account without its own.
 */
export async function refreshStatsForTimezone(db: Db, whose: { accountIds: readonly string[] } | 'org'): Promise<void> {
  if (whose !== 'org') return refreshAccountOrderStats(db, whose.accountIds);
  const rows = await rowsOf<{ id: string }>(db, sql`select id from accounts where timezone is null and order_count > 0`);
  await refreshAccountOrderStats(
    db,
    rows.map((r) => r.id),
  );
}

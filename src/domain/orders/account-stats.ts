// accounts.order_count / first_order_id / first_order_at / last_order_at / median_gap_days are denormalised for
// lists and status; they are recomputed from orders, never incremented, so they cannot drift.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

const CHUNK = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Recomputes the order statistics of these accounts in one set-based UPDATE per 10 000 accounts.
 * First order (DESIGN §4): earliest placed_at, ties the lowest number (then id, to be total).
 * Cancelled orders count: the definition does not exclude them. Accounts without orders are
 * reset to 0 / null. Call it inside the transaction that changed the orders (create, import, demo).
 * median_gap_days (rhythm, DESIGN §4): the median of the days between consecutive order dates in
 * the account's (else the organisation's) timezone, 0-day gaps included; percentile_cont gives the
 * mean of the middle two for an even count; null with fewer than two orders.
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
    await db.execute(sql`
      update accounts a
         set order_count = s.n,
             first_order_id = s.first_id,
             first_order_at = s.first_at,
             last_order_at = s.last_at,
             median_gap_days = s.median_gap
        from (
          select ids.id as account_id,
                 count(o.id)::int as n,
                 (array_agg(o.id order by o.placed_at, o.number, o.id) filter (where o.id is not null))[1] as first_id,
                 min(o.placed_at) as first_at,
                 max(o.placed_at) as last_at,
                 percentile_cont(0.5) within group (order by o.gap::float8) as median_gap
            from unnest(cast(${list} as uuid[])) as ids(id)
            cross join lateral (
              select coalesce((select x.timezone from accounts x where x.id = ids.id), (select st.timezone from settings st where st.id = 1), 'UTC') as tz
            ) z
            left join lateral (
              select o.id, o.placed_at, o.number,
                     o.day - lag(o.day) over (order by o.placed_at, o.number, o.id) as gap
                from (select o.*, (o.placed_at at time zone z.tz)::date as day
                        from orders o where o.account_id = ids.id) o
            ) o on true
           group by ids.id
        ) s
       where a.id = s.account_id`);
  }
}

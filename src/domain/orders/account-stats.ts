// accounts.order_count / first_order_id / first_order_at / last_order_at / median_gap_days are denormalised for
// lists and status; they are recomputed from orders, never incremented, so they cannot drift.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

const CHUNK = 50_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Recomputes the order statistics of these accounts in one set-based UPDATE per 50 000 accounts.
 * First order (docs/domain.md §4): earliest placed_at, ties the lowest number (then id, to be total).
 * Cancelled orders count: the definition does not exclude them. Accounts without orders are
 * reset to 0 / null. Call it inside the transaction that changed the orders (create, import, demo).
 * median_gap_days (rhythm, docs/domain.md §4): the median of the days between consecutive order dates in
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
    // One pass over the accounts' orders, numbered and gapped per account by a window (not a
    // lateral subquery per account: an import touching 50k accounts reads 1M orders once).
    await db.execute(sql`
      with ids as (select unnest(cast(${list} as uuid[])) as id),
      o as (
        select o.account_id, o.id, o.placed_at,
               row_number() over w as rn,
               d.day - lag(d.day) over w as gap
          from orders o
          join accounts x on x.id = o.account_id
          cross join lateral (select (o.placed_at at time zone coalesce(x.timezone, (select st.timezone from settings st where st.id = 1), 'UTC'))::date as day) d
         where o.account_id in (select id from ids)
        window w as (partition by o.account_id order by o.placed_at, o.number, o.id)
      )
      update accounts a
         set order_count = s.n,
             first_order_id = s.first_id,
             first_order_at = s.first_at,
             last_order_at = s.last_at,
             median_gap_days = s.median_gap
        from (
          select ids.id as account_id,
                 count(o.id)::int as n,
                 (array_agg(o.id) filter (where o.rn = 1))[1] as first_id,
                 min(o.placed_at) as first_at,
                 max(o.placed_at) as last_at,
                 percentile_cont(0.5) within group (order by o.gap::float8) as median_gap
            from ids left join o on o.account_id = ids.id
           group by ids.id
        ) s
       where a.id = s.account_id`);
  }
}

// accounts.order_count / first_order_id / first_order_at / last_order_at are denormalised for
// lists and status; they are recomputed from orders, never incremented, so they cannot drift.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

const CHUNK = 5000;

/**
 * Recomputes the order statistics of these accounts in one set-based UPDATE per 5 000 accounts.
 * First order (DESIGN §4): earliest placed_at, ties the lowest number (then id, to be total).
 * Cancelled orders count: the definition does not exclude them. Accounts without orders are
 * reset to 0 / null. Call it inside the transaction that changed the orders (create, import, demo).
 */
export async function refreshAccountOrderStats(db: Db, accountIds: readonly string[]): Promise<void> {
  const ids = [...new Set(accountIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const list = sql.join(chunk.map((id) => sql`cast(${id} as uuid)`), sql`, `);
    await db.execute(sql`
      update accounts a
         set order_count = s.n,
             first_order_id = s.first_id,
             first_order_at = s.first_at,
             last_order_at = s.last_at
        from (
          select ids.id as account_id,
                 count(o.id)::int as n,
                 (array_agg(o.id order by o.placed_at, o.number, o.id) filter (where o.id is not null))[1] as first_id,
                 min(o.placed_at) as first_at,
                 max(o.placed_at) as last_at
            from unnest(array[${list}]) as ids(id)
            left join orders o on o.account_id = ids.id
           group by ids.id
        ) s
       where a.id = s.account_id`);
  }
}

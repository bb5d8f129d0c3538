// P2.1 — "tell the customer before they find out", measured (docs/analytics.md, "Late notices"):
// the late orders promised in the period and how many had their late notice sent by the promised
// date. One statement; dates in the account's (else the organisation's) timezone, as of a day.
import { sql } from 'drizzle-orm';
import type { AnalyticsQuery, LateNotices } from '../../../contract/analytics.js';
import { rowsOf, type ReadContext } from '../shared/index.js';
import { ratio } from './get-kpis.js';
import { resolveScope } from './scope.js';

export async function getLateNotices(ctx: ReadContext, query: AnalyticsQuery): Promise<LateNotices> {
  const s = await resolveScope(ctx, query);
  const asOf = sql`${s.asOf}::date`;
  const repFilter = s.repId
    ? sql`where exists (select 1 from account_team t where t.account_id = a.id and t.role = 'sales' and t.user_id = ${s.repId}::uuid)`
    : sql``;
  const period = s.from === null ? sql`o.promised_date <= ${s.to}::date` : sql`o.promised_date between ${s.from}::date and ${s.to}::date`;
  const [row] = await rowsOf<{ late: number; notified: number }>(
    ctx.db,
    sql`
      with acc as (select a.id, coalesce(a.timezone, ${s.orgTimezone}::text) as zone from accounts a ${repFilter}),
      o as (
        select o.id, o.status, o.promised_date, o.shipped_at, acc.zone,
               case when (o.shipped_at at time zone acc.zone)::date <= ${asOf} then (o.shipped_at at time zone acc.zone)::date end as shipped_on,
               (o.status = 'cancelled' and not exists (select 1 from order_events e where e.order_id = o.id and e.to_status = 'cancelled'
                                                          and (e.at at time zone acc.zone)::date > ${asOf})) as is_cancelled
          from orders o join acc on acc.id = o.account_id
         where o.promised_date is not null and ${period} and o.promised_date < ${asOf}
           and (o.placed_at at time zone acc.zone)::date <= ${asOf}
      ),
      late as (
        select o.id, o.promised_date,
               (select min(m.sent_at at time zone o.zone)::date from messages m
                 where m.order_id = o.id and m.template = 'late_notice' and m.status = 'sent') as notice_on
          from o
         where not o.is_cancelled
           -- a status past shipped without a shipped time cannot be judged (as for on time)
           and not (o.shipped_at is null and o.status in ('shipped', 'delivered', 'closed'))
           and (o.shipped_on is null or o.shipped_on > o.promised_date)
      )
      select count(*)::int as late, count(*) filter (where notice_on <= promised_date and notice_on <= ${asOf})::int as notified from late`,
  );
  const late = Number(row?.late ?? 0);
  const notified = Number(row?.notified ?? 0);
  return {
    asOf: s.asOf,
    from: s.from,
    to: s.to,
    rep: s.repId,
    lateOrders: late,
    notifiedInAdvance: notified,
    share: ratio(notified, late),
  };
}

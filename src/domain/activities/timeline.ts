// The account timeline: activities ∪ order events ∪ imported orders ∪ quote events, newest first, in ONE query.
// Each branch is cut to the page (its own index on (account_id, at)) before the UNION ALL is
// sorted, so a page costs O(limit) rows per source however long the history.
import { sql, type SQL } from 'drizzle-orm';
import type { TimelineItem, TimelineQuery } from '../../../contract/activities.js';
import type { Db } from '../../db/client.js';
import { getAccountRow } from '../orders/index.js';
import { decodeCursor, encodeCursor, readChanges } from '../shared/index.js';
import { timelineDetail, timelineTitle, type TimelineRaw } from './timeline.rules.js';

interface Row {
  source: TimelineRaw['source'];
  id: string;
  type: string;
  at: string;
  subject: string | null;
  body: string | null;
  actor_id: string | null;
  actor_name: string | null;
  order_id: string | null;
  order_number: string | null;
  is_first_order: boolean | null;
  quote_id: string | null;
  quote_number: string | null;
  from_status: string | null;
  to_status: string | null;
  changes: unknown;
  task_id: string | null;
  zone: string;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export async function getAccountTimeline(
  db: Db,
  accountId: string,
  input: TimelineQuery,
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ['timestamp', 'text']) as [string, string] | null;
  const n = input.limit + 1;
  // Ids are prefixed per source and event ids zero-padded, so one text order (collate "C") is total.
  const seek = (at: SQL, id: SQL): SQL =>
    after
      ? sql`and (${at} < cast(${after[0]} as timestamptz) or (${at} = cast(${after[0]} as timestamptz) and ${id} collate "C" < ${after[1]}))`
      : sql``;

  const actId = sql`('a:' || x.id::text)`;
  const activityBranch = sql`(select 'activity' as source, ${actId} as id, x.kind as type, x.occurred_at as at, x.subject, x.body,
        x.actor_id, x.order_id, null::uuid as quote_id, null::text as from_status, null::text as to_status, null::jsonb as changes,
        x.task_id
      from activities x where x.account_id = ${accountId} ${seek(sql`x.occurred_at`, actId)}
      order by x.occurred_at desc, ${actId} collate "C" desc limit ${n})`;
  const oeId = sql`('o:' || lpad(e.id::text, 20, '0'))`;
  const orderBranch = sql`(select 'order' as source, ${oeId} as id, e.kind as type, e.at, null::text as subject, e.note as body,
        e.actor_id, e.order_id, null::uuid as quote_id, e.from_status, e.to_status, e.changes, null::uuid as task_id
      from order_events e where e.account_id = ${accountId} ${seek(sql`e.at`, oeId)}
      order by e.at desc, ${oeId} collate "C" desc limit ${n})`;
  // An imported order is its own history (decision 0007): one entry at its placed time, by whoever
  // imported it, with its shipped and delivered times; what changed later has order events.
  const impId = sql`('i:' || o.id::text)`;
  const importedBranch = sql`(select 'order' as source, ${impId} as id, 'imported' as type, o.placed_at as at, null::text as subject, i.file_name as body,
        i.created_by as actor_id, o.id as order_id, null::uuid as quote_id, null::text as from_status, null::text as to_status,
        jsonb_strip_nulls(jsonb_build_object(
          'shippedAt', case when o.shipped_at is not null then jsonb_build_object('from', null, 'to', o.shipped_at) end,
          'deliveredAt', case when o.delivered_at is not null then jsonb_build_object('from', null, 'to', o.delivered_at) end)) as changes,
        null::uuid as task_id
      from orders o left join imports i on i.id = o.import_id
     where o.account_id = ${accountId} and o.import_id is not null ${seek(sql`o.placed_at`, impId)}
     order by o.placed_at desc, ${impId} collate "C" desc limit ${n})`;
  const qeId = sql`('q:' || lpad(e.id::text, 20, '0'))`;
  const quoteBranch = sql`(select 'quote' as source, ${qeId} as id, e.kind as type, e.at, null::text as subject, null::text as body,
        e.actor_id, null::uuid as order_id, e.quote_id, e.from_status, e.to_status, e.changes, null::uuid as task_id
      from quote_events e where e.account_id = ${accountId} ${seek(sql`e.at`, qeId)}
      order by e.at desc, ${qeId} collate "C" desc limit ${n})`;
  const branches = [
    ...(!input.source || input.source === 'activity' ? [activityBranch] : []),
    ...(!input.source || input.source === 'order' ? [orderBranch, importedBranch] : []),
    ...(!input.source || input.source === 'quote' ? [quoteBranch] : []),
  ];

  const result = await db.execute(sql`
    select t.source, t.id, t.type, to_char(t.at at time zone 'UTC', ${sql.raw(ISO)}) as at, t.subject, t.body,
           t.actor_id::text as actor_id, u.name as actor_name,
           t.order_id::text as order_id, o.number as order_number,
           (t.order_id is not null and t.order_id = a.first_order_id) as is_first_order,
           t.quote_id::text as quote_id, q.number as quote_number,
           t.from_status, t.to_status, t.changes, t.task_id::text as task_id, a.zone
      from (${sql.join(branches, sql` union all `)}) t
      cross join (select first_order_id, coalesce(timezone, (select s.timezone from settings s where s.id = 1), 'UTC') as zone
                    from accounts where id = ${accountId}) a
      left join users u on u.id = t.actor_id
      left join orders o on o.id = t.order_id
      left join quotes q on q.id = t.quote_id
     order by t.at desc, t.id collate "C" desc
     limit ${n}`);
  const rows = (result as { rows: Row[] }).rows;
  // No row: an empty timeline or no such account (the cross join finds none); only then look.
  if (rows.length === 0) await getAccountRow(db, accountId);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const items = page.map((r): TimelineItem => {
    const raw: TimelineRaw = {
      source: r.source,
      type: r.type,
      subject: r.subject,
      body: r.body,
      orderNumber: r.order_number,
      quoteNumber: r.quote_number,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      changes: readChanges(r.changes),
      isStep: r.task_id !== null,
      zone: r.zone,
    };
    return {
      id: r.id,
      source: r.source,
      type: r.type,
      at: r.at,
      title: timelineTitle(raw),
      detail: timelineDetail(raw),
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
      orderId: r.order_id,
      orderNumber: r.order_number,
      isFirstOrder: r.is_first_order === true,
      quoteId: r.quote_id,
      quoteNumber: r.quote_number,
    };
  });
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor([last.at, last.id]) : null };
}

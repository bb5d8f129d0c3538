// Today's note (P4.1): whom to thank, ranked, and why — neglected customers first, then customers
// past their rhythm (THE definitions of src/domain/accounts/status-sql.ts, explained by the same
// accountAttention as the account page), suppliers who helped lately, colleagues who completed a
// task for the writer. ONE statement, whatever the number of accounts; those thanked within the
// attribution window are left out, as their note is still waiting for an answer.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { NoteSuggestion, NoteSuggestionReason, TodaysNote } from '../../../contract/thank-you-notes.js';
import { accounts } from '../../db/schema/index.js';
import { accountAttention, accountViewOf, isNeglectedSql, isRhythmOverdueSql } from '../accounts/index.js';
import { getCachedSettings } from '../settings/index.js';
import { dateIn, rowsOf, type Actor, type ReadContext } from '../shared/index.js';
import { noteTemplate } from './notes.rules.js';

/** Per kind of reason, at most this many suggestions. */
const PER_REASON = 3;
/** How far back a supplier's help or a colleague's completed task counts as "lately". */
const HELPED_WITHIN_DAYS = 30;

interface Row {
  grp: number;
  reason: NoteSuggestionReason;
  account_id: string | null;
  user_id: string | null;
  name: string;
  kind: 'customer' | 'prospect' | 'supplier' | null;
  is_lost: boolean | null;
  order_count: number | null;
  last_order_at: string | null;
  median_gap_days: number | null;
  timezone: string | null;
  helped_at: string | null;
  helped_what: string | null;
  helped_kind: string | null;
  helped_account: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
}

export interface TodaysNoteInput {
  actor: Actor;
  /** The day (organisation timezone); default today. */
  date?: string | undefined;
}

export async function getTodaysNote(ctx: ReadContext, input: TodaysNoteInput): Promise<TodaysNote> {
  const { db, now } = ctx;
  const settings = await getCachedSettings(db);
  const zone = settings.timezone;
  const today = input.date ?? dateIn(now, zone);
  const view = accountViewOf(settings, now);
  const policy = { ...view.policy, today };
  const dayEnd = DateTime.fromISO(today, { zone }).plus({ days: 1 }).toJSDate();
  const helpedSince = DateTime.fromISO(today, { zone }).minus({ days: HELPED_WITHIN_DAYS }).toJSDate();
  const thankedSince = DateTime.fromISO(today, { zone }).minus({ days: settings.thankYouWindowDays }).toJSDate();
  const me = input.actor.userId;
  const endIso = dayEnd.toISOString();
  const myRoles =
    input.actor.roles.length > 0
      ? sql`y.role in (${sql.join(
          input.actor.roles.map((role) => sql`${role}`),
          sql`, `,
        )})`
      : sql`false`;
  const helpedIso = helpedSince.toISOString();
  const thankedIso = thankedSince.toISOString();

  const notThankedAccount = sql`not exists (select 1 from thank_you_notes tn where tn.account_id = ${accounts.id}
      and tn.written_at > ${thankedIso}::timestamptz and tn.written_at < ${endIso}::timestamptz)`;
  const accountCols = sql`${accounts.id} as account_id, null::uuid as user_id, ${accounts.name} as name, ${accounts.kind} as kind,
      ${accounts.isLost} as is_lost, ${accounts.orderCount} as order_count,
      to_char(${accounts.lastOrderAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_order_at,
      ${accounts.medianGapDays} as median_gap_days, ${accounts.timezone} as timezone`;
  const noHelp = sql`null::text as helped_at, null::text as helped_what, null::text as helped_kind, null::text as helped_account`;
  const lastOrderOn = sql`(${accounts.lastOrderAt} at time zone coalesce(${accounts.timezone}, ${zone}::text))::date`;

  const rows = await rowsOf<Row>(
    db,
    sql`
    with s as (
      (select 1 as grp, 'neglected' as reason, ${accountCols}, ${noHelp}, ${accounts.lastOrderAt} as sort_at, 0::float8 as sort_n
         from accounts
        where not ${accounts.isLost} and ${isNeglectedSql(policy)} and ${notThankedAccount}
        order by ${accounts.lastOrderAt} asc, ${accounts.id} limit ${PER_REASON})
      union all
      (select 2, 'rhythm_overdue', ${accountCols}, ${noHelp}, ${accounts.lastOrderAt},
              -((${today}::date - ${lastOrderOn})::float8 / nullif(${accounts.medianGapDays}, 0)::float8)
         from accounts
        where not ${accounts.isLost} and not ${isNeglectedSql(policy)} and ${isRhythmOverdueSql(policy)} and ${notThankedAccount}
        order by 17, ${accounts.id} limit ${PER_REASON})
      union all
      (select 3, 'supplier_helped', ${accountCols},
              to_char(h.occurred_at at time zone ${zone}::text, 'YYYY-MM-DD'), coalesce(h.subject, left(h.body, 80)), h.kind, null::text,
              h.occurred_at, 0::float8
         from accounts
         join lateral (select x.occurred_at, x.subject, x.body, x.kind from activities x
                        where x.account_id = ${accounts.id} and x.kind <> 'thank_you_note'
                          and x.occurred_at >= ${helpedIso}::timestamptz and x.occurred_at < ${endIso}::timestamptz
                        order by x.occurred_at desc, x.id desc limit 1) h on true
        where ${accounts.kind} = 'supplier' and not ${accounts.isLost} and ${notThankedAccount}
        order by h.occurred_at desc, ${accounts.id} limit ${PER_REASON})
      union all
      (select 4, 'colleague_helped', null::uuid, u.id, u.name, null::text, null::boolean, null::int, null::text, null::real, null::text,
              to_char(t.completed_at at time zone ${zone}::text, 'YYYY-MM-DD'), t.title, null::text, ta.name,
              t.completed_at, 0::float8
         from users u
         join lateral (select y.title, y.completed_at, y.account_id from tasks y
                        where y.completed_by = u.id and y.status = 'done'
                          and y.completed_at >= ${helpedIso}::timestamptz and y.completed_at < ${endIso}::timestamptz
                          and (y.assignee_id = ${me}::uuid or ${myRoles}
                               or exists (select 1 from account_team at where at.account_id = y.account_id and at.user_id = ${me}::uuid))
                        order by y.completed_at desc, y.id desc limit 1) t on true
         left join accounts ta on ta.id = t.account_id
        where u.active and u.id <> ${me}::uuid
          and not exists (select 1 from thank_you_notes tn where tn.recipient_user_id = u.id and tn.author_id = ${me}::uuid
                           and tn.written_at > ${thankedIso}::timestamptz and tn.written_at < ${endIso}::timestamptz)
        order by t.completed_at desc, u.id limit ${PER_REASON})
    )
    select s.grp, s.reason, s.account_id, s.user_id, s.name, s.kind, s.is_lost, s.order_count, s.last_order_at, s.median_gap_days,
           s.timezone, s.helped_at, s.helped_what, s.helped_kind, s.helped_account,
           c.id as contact_id, c.name as contact_name, c.email as contact_email
      from s
      left join lateral (select k.id, k.name, k.email from contacts k where k.account_id = s.account_id
                          order by k.is_primary desc, (k.email is not null and k.email <> '') desc, k.created_at, k.id limit 1) c on true
     order by s.grp, s.sort_n nulls first, s.sort_at asc nulls last`,
  );

  const [counted] = await rowsCount(ctx, me, today);
  const writes = input.actor.roles.some((role) => settings.thankYouRoles.includes(role));
  const items: NoteSuggestion[] = [];
  for (const row of rows) {
    const why = explain(row, policy);
    if (!why) continue;
    const firstName = row.contact_name?.split(/\s+/)[0] ?? (row.user_id ? row.name.split(/\s+/)[0]! : null);
    items.push({
      rank: items.length + 1,
      reason: row.reason,
      why,
      recipientKind: row.reason === 'colleague_helped' ? 'colleague' : row.reason === 'supplier_helped' ? 'supplier' : 'customer',
      accountId: row.account_id,
      contactId: row.contact_id,
      contactName: row.contact_name,
      hasEmail: Boolean(row.contact_email),
      recipientUserId: row.user_id,
      name: row.name,
      template: noteTemplate(row.reason, row.name, firstName),
    });
  }
  return { date: today, expected: writes ? settings.thankYouPerDay : 0, written: counted ?? 0, items };
}

function explain(row: Row, policy: Parameters<typeof accountAttention>[1]): string | null {
  switch (row.reason) {
    case 'neglected':
    case 'rhythm_overdue': {
      const attention = accountAttention(
        {
          isLost: Boolean(row.is_lost),
          kind: row.kind ?? 'customer',
          orderCount: Number(row.order_count ?? 0),
          lastOrderAt: row.last_order_at ? new Date(row.last_order_at) : null,
          medianGapDays: row.median_gap_days === null ? null : Number(row.median_gap_days),
          timezone: row.timezone,
        },
        policy,
      );
      return attention?.explanation ?? null;
    }
    case 'supplier_helped':
      return `${ACTIVITY_WORDS[row.helped_kind ?? ''] ?? 'an activity'} on ${row.helped_at}${row.helped_what ? `: ${row.helped_what}` : ''}`;
    case 'colleague_helped':
      return `completed “${row.helped_what ?? 'a task'}”${row.helped_account ? ` for ${row.helped_account}` : ''} on ${row.helped_at}`;
  }
}

const ACTIVITY_WORDS: Record<string, string> = {
  call: 'a call',
  email: 'an email',
  meeting: 'a meeting',
  visit: 'a visit',
  note: 'a note',
};

async function rowsCount(ctx: ReadContext, me: string | null, day: string): Promise<number[]> {
  if (!me) return [0];
  const rows = await rowsOf<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from thank_you_notes where author_id = ${me}::uuid and written_on = ${day}::date`,
  );
  return rows.map((x) => Number(x.n));
}

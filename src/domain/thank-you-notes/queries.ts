// Reading thank-you notes: one statement per page, each note with what came back on its own — the
// first quote or order of its account within the attribution window (settings), found when read,
// never copied onto the note (docs/thank-you-notes.md).
import { sql, type SQL } from 'drizzle-orm';
import type { ListThankYouNotesQuery, NoteOutcome, NoteRecipientKind, ThankYouNote } from '../../../contract/thank-you-notes.js';
import type { Db } from '../../db/client.js';
import { getCachedSettings } from '../settings/index.js';
import { decodeCursor, encodeCursor, formatMoney, notFound, rowsOf } from '../shared/index.js';
import { proposeFollowUp } from './notes.rules.js';

const ISO = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`);
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', ${ISO})`;

interface NoteRow {
  id: string;
  recipient_kind: NoteRecipientKind;
  account_id: string | null;
  contact_id: string | null;
  recipient_user_id: string | null;
  channel: 'card' | 'email';
  body: string;
  written_at: string;
  written_on: string;
  activity_id: string | null;
  message_id: string | null;
  outcome: NoteOutcome;
  outcome_at: string | null;
  outcome_on: string | null;
  follow_up_task_id: string | null;
  author_id: string;
  author_name: string;
  recipient_name: string;
  contact_name: string | null;
  att_kind: 'quote' | 'order' | null;
  att_id: string | null;
  att_number: string | null;
  att_at: string | null;
  att_amount: string | number | null;
  att_currency: string | null;
}

/** The first quote sent or order placed by the note's account after it, within `windowDays` (and up to `until`). */
export function attributionSql(windowDays: number, until: Date | null): SQL {
  const cap = (col: SQL) => (until ? sql`and ${col} <= ${until.toISOString()}::timestamptz` : sql``);
  return sql`left join lateral (
      select x.kind, x.id, x.number, x.at, x.amount, x.currency from (
        (select 'order' as kind, o.id, o.number, o.placed_at as at, o.amount, o.currency from orders o
          where o.account_id = n.account_id and o.status <> 'cancelled'
            and o.placed_at > n.written_at and o.placed_at <= n.written_at + make_interval(days => ${windowDays}::int) ${cap(sql`o.placed_at`)}
          order by o.placed_at, o.id limit 1)
        union all
        (select 'quote' as kind, q.id, q.number, q.sent_at as at, q.amount, q.currency from quotes q
          where q.account_id = n.account_id
            and q.sent_at > n.written_at and q.sent_at <= n.written_at + make_interval(days => ${windowDays}::int) ${cap(sql`q.sent_at`)}
          order by q.sent_at, q.id limit 1)
      ) x order by x.at, x.kind limit 1
    ) att on true`;
}

async function selectNotes(db: Db, where: SQL, limit: number): Promise<ThankYouNote[]> {
  const settings = await getCachedSettings(db);
  const rows = await rowsOf<NoteRow>(
    db,
    sql`
    select n.id, n.recipient_kind, n.account_id, n.contact_id, n.recipient_user_id, n.channel, n.body,
           ${iso(sql`n.written_at`)} as written_at, n.written_on::text as written_on, n.activity_id, n.message_id, n.outcome,
           ${iso(sql`n.outcome_at`)} as outcome_at, (n.outcome_at at time zone ${settings.timezone}::text)::date::text as outcome_on,
           n.follow_up_task_id, au.id as author_id, au.name as author_name, coalesce(a.name, ru.name, '') as recipient_name,
           c.name as contact_name, att.kind as att_kind, att.id as att_id, att.number as att_number, ${iso(sql`att.at`)} as att_at,
           att.amount as att_amount, att.currency as att_currency
      from thank_you_notes n
      join users au on au.id = n.author_id
      left join accounts a on a.id = n.account_id
      left join users ru on ru.id = n.recipient_user_id
      left join contacts c on c.id = n.contact_id
      ${attributionSql(settings.thankYouWindowDays, null)}
     where ${where}
     order by n.written_at desc, n.id desc
     limit ${limit}`,
  );
  return rows.map(presentNote);
}

function presentNote(r: NoteRow): ThankYouNote {
  return {
    id: r.id,
    recipientKind: r.recipient_kind,
    accountId: r.account_id,
    contactId: r.contact_id,
    recipientUserId: r.recipient_user_id,
    channel: r.channel,
    body: r.body,
    outcome: r.outcome,
    author: { id: r.author_id, name: r.author_name },
    recipientName: r.recipient_name,
    contactName: r.contact_name,
    writtenAt: r.written_at,
    writtenOn: r.written_on,
    activityId: r.activity_id,
    messageId: r.message_id,
    outcomeAt: r.outcome_at,
    followUpTaskId: r.follow_up_task_id,
    attributed:
      r.att_kind && r.att_id
        ? {
            kind: r.att_kind,
            id: r.att_id,
            number: r.att_number ?? '',
            at: r.att_at ?? '',
            amount: formatMoney(Number(r.att_amount), r.att_currency ?? 'USD'),
            currency: r.att_currency ?? 'USD',
          }
        : null,
    proposedFollowUp: proposeFollowUp({
      outcome: r.outcome,
      followUpTaskId: r.follow_up_task_id,
      recipientName: r.contact_name ?? r.recipient_name,
      outcomeOn: r.outcome_on,
    }),
  };
}

export async function getThankYouNote(db: Db, id: string): Promise<ThankYouNote> {
  const [note] = await selectNotes(db, sql`n.id = ${id}`, 1);
  // thank_you_notes.not_found: no thank-you note has this id.
  if (!note) throw notFound('thank_you_notes.not_found', `No thank-you note with id ${id}.`);
  return note;
}

/** Notes newest first (written_at, then id), keyset-paged; `mine` narrows to the caller's. */
export async function listThankYouNotes(
  db: Db,
  input: ListThankYouNotesQuery & { callerId: string | null },
): Promise<{ items: ThankYouNote[]; nextCursor: string | null }> {
  const where: SQL[] = [sql`true`];
  if (input.authorId) where.push(sql`n.author_id = ${input.authorId}`);
  if (input.mine === 'true') where.push(input.callerId ? sql`n.author_id = ${input.callerId}` : sql`false`);
  if (input.accountId) where.push(sql`n.account_id = ${input.accountId}`);
  const after = decodeCursor(input.cursor, ['timestamp', 'uuid']) as [string, string] | null;
  if (after) where.push(sql`(n.written_at, n.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await selectNotes(db, sql.join(where, sql` and `), input.limit + 1);
  const hasMore = rows.length > input.limit;
  const items = hasMore ? rows.slice(0, input.limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor([last.writtenAt, last.id]) : null };
}

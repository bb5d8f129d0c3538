// The sweep's quote step (P4.3, docs/domain.md §4 hit ratio): an open quote whose valid-until date is
// before today (organisation timezone) expires — the day after its last valid day, never on it.
// Set-based: one statement decides every such quote and writes its 'status_changed' quote event;
// the caller records a `quote.expired` domain event per quote, which stops its follow-up runs the
// same way a won or lost quote does (playbook `stopOn`). An expired quote is no longer open, so a
// second sweep finds nothing: each quote expires once.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export interface ExpiredQuote {
  quoteId: string;
  accountId: string;
  number: string;
  validUntil: string;
  /** The start of the day after valid-until (organisation timezone), never later than now. */
  decidedAtMs: number;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []));

/** The quotes that expire by `today`: open, with a valid-until date before it. */
const expiring = (today: string): SQL => sql`q.status = 'open' and q.valid_until is not null and q.valid_until < ${today}::date`;

/** When an expiring quote is decided: 00:00 of the day after valid-until in the organisation's timezone, at most now. */
const decidedAt = (orgTimezone: string, now: Date): SQL =>
  sql`least(${now.toISOString()}::timestamptz, (q.valid_until + 1)::timestamp at time zone ${orgTimezone}::text)`;

type Row = { id: string; account_id: string; number: string; valid_until: string; decided_ms: number | string };
const present = (r: Row): ExpiredQuote => ({
  quoteId: r.id,
  accountId: r.account_id,
  number: r.number,
  validUntil: r.valid_until,
  decidedAtMs: Number(r.decided_ms),
});

/** The quotes a sweep of `today` would expire (nothing written: dry runs). */
export async function selectExpiringQuotes(db: Db, today: string, orgTimezone: string, now: Date): Promise<ExpiredQuote[]> {
  const rows = rowsOf<Row>(
    await db.execute(sql`
      select q.id::text as id, q.account_id::text as account_id, q.number, q.valid_until::text as valid_until,
             date_part('epoch', ${decidedAt(orgTimezone, now)}) * 1000 as decided_ms
        from quotes q
       where ${expiring(today)}
       order by q.valid_until, q.number`),
  );
  return rows.map(present);
}

/** Expires them: status, decision time and one quote event each, in one statement inside the sweep's transaction. */
export async function expireQuotes(tx: Db, today: string, orgTimezone: string, now: Date): Promise<ExpiredQuote[]> {
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      with expired as (
        update quotes q
           set status = 'expired', decided_at = ${decidedAt(orgTimezone, now)}, updated_at = ${now.toISOString()}::timestamptz
         where ${expiring(today)}
        returning q.id, q.account_id, q.number, q.valid_until, q.decided_at
      ),
      logged as (
        insert into quote_events (quote_id, account_id, kind, from_status, to_status, changes, actor_id, at)
        select e.id, e.account_id, 'status_changed', 'open', 'expired',
               jsonb_build_object('status', jsonb_build_object('from', 'open', 'to', 'expired'),
                                  'decidedAt', jsonb_build_object('from', null, 'to',
                                    to_char(e.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
               null, e.decided_at
          from expired e
      )
      select e.id::text as id, e.account_id::text as account_id, e.number, e.valid_until::text as valid_until,
             date_part('epoch', e.decided_at) * 1000 as decided_ms
        from expired e
       order by e.valid_until, e.number`),
  );
  return rows.map(present);
}

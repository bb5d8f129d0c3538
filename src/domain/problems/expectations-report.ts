// The expectations report (P3.4, docs/problems.md "The expectations report"): problems opened in a
// period by origin, by responsible person and by month, and each preventive action done with the
// problems of its origin in the N months before it against the months after (per month). Two
// set-based statements; days are the organisation's.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ExpectationsQuery, ExpectationsReport, PreventiveKind, ProblemOrigin } from '../../../contract/problems.js';
import { getCachedSettings } from '../settings/index.js';
import { dateIn, rowsOf, type ReadContext } from '../shared/index.js';
import { DAYS_PER_MONTH, perMonth } from './problems.rules.js';

interface CountRow {
  origin: ProblemOrigin | null;
  responsible_id: string | null;
  responsible_name: string | null;
  month: string;
  n: number | string;
}

interface PreventiveRow {
  problem_id: string;
  origin: ProblemOrigin | null;
  action: string;
  kind: PreventiveKind | null;
  owner_id: string | null;
  owner_name: string | null;
  done_on: string;
  before_from: string;
  after_to: string;
  before_n: number | string;
  after_n: number | string;
}

const share = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 10_000) / 10_000);

/** Adds n to the count under key. */
function bump<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

export async function getExpectationsReport({ db, now }: ReadContext, q: ExpectationsQuery): Promise<ExpectationsReport> {
  const { timezone } = await getCachedSettings(db);
  const asOf = q.asOf ?? dateIn(now, timezone);
  const to = q.to ?? asOf;
  const from = q.from ?? DateTime.fromISO(to).startOf('month').minus({ months: 11 }).toISODate()!;
  const months = q.months;
  const day = (col: string) => sql`(${sql.raw(col)} at time zone ${timezone}::text)::date`;

  const counts = await rowsOf<CountRow>(
    db,
    sql`select p.origin, u.id as responsible_id, u.name as responsible_name,
               to_char(${day('p.opened_at')}, 'YYYY-MM') as month, count(*)::int as n
          from problems p left join users u on u.id = p.responsible_user_id
         where ${day('p.opened_at')} between ${from}::date and ${to}::date
         group by 1, 2, 3, 4`,
  );
  const total = counts.reduce((s, r) => s + Number(r.n), 0);
  const byOrigin = new Map<ProblemOrigin | null, number>();
  const people = new Map<string | null, { name: string; n: number; origins: Map<ProblemOrigin | null, number> }>();
  const byMonth = new Map<string, Map<ProblemOrigin | null, number>>();
  for (let m = DateTime.fromISO(from).startOf('month'); m.toISODate()! <= to; m = m.plus({ months: 1 }))
    byMonth.set(m.toFormat('yyyy-MM'), new Map());
  for (const r of counts) {
    const n = Number(r.n);
    bump(byOrigin, r.origin, n);
    const p = people.get(r.responsible_id) ?? { name: r.responsible_name ?? '', n: 0, origins: new Map<ProblemOrigin | null, number>() };
    p.n += n;
    bump(p.origins, r.origin, n);
    people.set(r.responsible_id, p);
    const month = byMonth.get(r.month) ?? new Map<ProblemOrigin | null, number>();
    bump(month, r.origin, n);
    byMonth.set(r.month, month);
  }
  const originList = (m: Map<ProblemOrigin | null, number>) =>
    [...m]
      .map(([origin, count]) => ({ origin, count }))
      .sort((a, b) => b.count - a.count || String(a.origin).localeCompare(String(b.origin)));

  const asOfNext = DateTime.fromISO(asOf).plus({ days: 1 }).toISODate()!;
  const preventive = await rowsOf<PreventiveRow>(
    db,
    sql`with done as (
          select p.id, p.origin, p.preventive_action, p.preventive_kind, p.preventive_owner_id, ${day('t.completed_at')} as done_on
            from problems p join tasks t on t.id = p.preventive_task_id
           where t.status = 'done' and ${day('t.completed_at')} <= ${asOf}::date
        ), w as (
          select d.*, (d.done_on - make_interval(months => ${months}::int))::date as before_from,
                 least((d.done_on + make_interval(months => ${months}::int))::date, ${asOfNext}::date) as after_end
            from done d
        )
        select w.id as problem_id, w.origin, w.preventive_action as action, w.preventive_kind as kind,
               u.id as owner_id, u.name as owner_name, w.done_on::text as done_on, w.before_from::text as before_from,
               (w.after_end - 1)::text as after_to,
               (select count(*)::int from problems q where q.origin is not distinct from w.origin
                  and ${day('q.opened_at')} >= w.before_from and ${day('q.opened_at')} < w.done_on) as before_n,
               (select count(*)::int from problems q where q.origin is not distinct from w.origin
                  and ${day('q.opened_at')} >= w.done_on and ${day('q.opened_at')} < w.after_end) as after_n
          from w left join users u on u.id = w.preventive_owner_id
         order by w.done_on desc, w.id`,
  );

  return {
    asOf,
    from,
    to,
    months,
    total,
    byOrigin: originList(byOrigin).map((o) => ({ ...o, share: share(o.count, total) })),
    byResponsible: [...people]
      .map(([id, p]) => ({
        responsible: id ? { id, name: p.name } : null,
        count: p.n,
        share: share(p.n, total),
        byOrigin: originList(p.origins),
      }))
      // Most first; nobody named after the people with as many.
      .sort(
        (a, b) =>
          b.count - a.count ||
          Number(!a.responsible) - Number(!b.responsible) ||
          (a.responsible?.name ?? '').localeCompare(b.responsible?.name ?? ''),
      ),
    byMonth: [...byMonth]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ month, total: [...m.values()].reduce((s, n) => s + n, 0), byOrigin: originList(m) })),
    preventiveActions: preventive.map((r) => {
      const afterDays = DateTime.fromISO(r.after_to).diff(DateTime.fromISO(r.done_on), 'days').days + 1;
      // A full window is N months; a window cut short by asOf counts its days as months.
      const isFull = DateTime.fromISO(r.done_on).plus({ months }).minus({ days: 1 }).toISODate()! <= r.after_to;
      const afterMonths = isFull ? months : afterDays / DAYS_PER_MONTH;
      const before = { from: r.before_from, to: DateTime.fromISO(r.done_on).minus({ days: 1 }).toISODate()!, count: Number(r.before_n) };
      const beforePerMonth = perMonth(before.count, months * DAYS_PER_MONTH);
      const afterPerMonth = perMonth(Number(r.after_n), afterMonths * DAYS_PER_MONTH);
      return {
        problemId: r.problem_id,
        origin: r.origin,
        action: r.action,
        kind: r.kind,
        owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
        doneOn: r.done_on,
        before: { ...before, perMonth: beforePerMonth },
        after: { from: r.done_on, to: r.after_to, count: Number(r.after_n), perMonth: afterPerMonth },
        fell: afterDays > 0 ? afterPerMonth < beforePerMonth : null,
      };
    }),
  };
}

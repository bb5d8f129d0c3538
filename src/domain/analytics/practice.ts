// "Does the practice work?" (docs/analytics.md): for the first orders of the period that a playbook
// ran for, whether their steps were done on time, against whether the account came back. One
// statement over the same common table expressions as every other figure (figures-sql.ts), so a
// first order, its account's second order and "as of" mean here what they mean in the kpis.
//
// A step (a task of the run; `wait` steps are events, not work) is judged as the data stood at the
// end of asOf in the account's timezone: kept when done by its due time; missed when done after it,
// skipped by a person, or still open past it; not judged while open and not yet due (or without a
// due time and not done). A run is kept when every judged step was kept, missed when one was not;
// a run with no judged step, or cancelled (its order was), is left out.
import { sql, type SQL } from 'drizzle-orm';
import type { AnalyticsQuery, Practice, PracticeOutcome, PracticeRows, PracticeRowsQuery } from '../../../contract/analytics.js';
import { decodeCursor, pageResult, rowsOf, type ReadContext } from '../shared/index.js';
import { figureCtes, limitOf, seek, type FigureScope } from './figures-sql.js';
import { ratio } from './get-kpis.js';
import { resolveScope } from './scope.js';

/** The judged steps of the period's first-order runs (`st`, one row per run and step) and the runs (`rv`). */
function practiceCtes(s: FigureScope): SQL {
  return sql`
    ${figureCtes(s)},
    r as materialized (
      select pr.id, pr.playbook_key, oc.id as order_id, oc.number as order_number, oc.account_id,
             ((${s.asOf}::date + 1)::timestamp at time zone acc.zone) as as_of_end
        from playbook_runs pr
        join oc on oc.id = pr.order_id and oc.is_first and oc.in_period and not oc.is_cancelled
        join acc on acc.id = oc.account_id
       where pr.status <> 'cancelled'
    ),
    tj as (
      select t.run_id, t.step_key,
             case
               when t.status = 'done' and t.completed_at < r.as_of_end and (t.due_at is null or t.completed_at <= t.due_at) then true
               when t.status = 'skipped' and t.completed_at < r.as_of_end then false
               when t.due_at < r.as_of_end then false
             end as kept
        from tasks t join r on r.id = t.run_id
       where t.kind <> 'wait' and t.step_key is not null
    ),
    st as materialized (
      select run_id, step_key, bool_and(kept) as kept from tj where kept is not null group by run_id, step_key
    ),
    rv as materialized (
      select r.*, bool_and(st.kept) as kept,
             coalesce(array_agg(st.step_key order by st.step_key) filter (where not st.kept), '{}') as missed_steps
        from r join st on st.run_id = r.id
       group by r.id, r.playbook_key, r.order_id, r.order_number, r.account_id, r.as_of_end
    )`;
}

interface OutcomeSql {
  playbook_key: string;
  step_key: string | null;
  kept: boolean;
  accounts: number;
  converted: number;
  median_days: number | null;
}

function practiceSql(s: FigureScope): SQL {
  const outcome = sql`count(*)::int as accounts,
             count(*) filter (where x.second_on is not null)::int as converted,
             percentile_cont(0.5) within group (order by (x.second_on - x.first_on)::float8) filter (where x.second_on is not null) as median_days`;
  return sql`
    with ${practiceCtes(s)}
    select rv.playbook_key, null::text as step_key, rv.kept, ${outcome}
      from rv join acct x on x.account_id = rv.account_id
     group by rv.playbook_key, rv.kept
    union all
    select r.playbook_key, st.step_key, st.kept, ${outcome}
      from st join r on r.id = st.run_id join acct x on x.account_id = r.account_id
     group by r.playbook_key, st.step_key, st.kept`;
}

interface PlaybookSql {
  key: string;
  name: string;
  steps: { key: string; title: string }[] | null;
}

const EMPTY: PracticeOutcome = { secondOrderConversion: ratio(0, 0), medianDaysToSecondOrder: null };

function outcomeOf(r: OutcomeSql | undefined): PracticeOutcome {
  if (!r) return EMPTY;
  return {
    secondOrderConversion: ratio(r.converted, r.accounts),
    medianDaysToSecondOrder: r.median_days === null ? null : Number(r.median_days),
  };
}

export async function getPractice(ctx: ReadContext, query: AnalyticsQuery): Promise<Practice> {
  const s = await resolveScope(ctx, query);
  const rows = await rowsOf<OutcomeSql>(ctx.db, practiceSql(s));
  // Names and step titles from each playbook's current version (a step key a later version dropped keeps its key as title).
  const books = await rowsOf<PlaybookSql>(
    ctx.db,
    sql`select p.key, p.name,
               (select json_agg(json_build_object('key', st->>'key', 'title', st->>'title') order by n)
                  from jsonb_array_elements(p.document->'steps') with ordinality as e(st, n)) as steps
          from playbooks p where p.is_current`,
  );
  const byKey = new Map(books.map((b) => [b.key, b]));
  const find = (playbook: string, step: string | null, kept: boolean) =>
    rows.find((r) => r.playbook_key === playbook && r.step_key === step && r.kept === kept);
  const keys = [...new Set(rows.map((r) => r.playbook_key))].sort();
  return {
    asOf: s.asOf,
    from: s.from,
    to: s.to,
    rep: s.repId,
    playbooks: keys.map((key) => {
      const book = byKey.get(key);
      const judged = new Set(rows.filter((r) => r.playbook_key === key && r.step_key !== null).map((r) => r.step_key!));
      const order = (book?.steps ?? []).map((st) => st.key);
      const stepKeys = [...order.filter((k) => judged.has(k)), ...[...judged].filter((k) => !order.includes(k)).sort()];
      return {
        key,
        name: book?.name ?? key,
        kept: outcomeOf(find(key, null, true)),
        missed: outcomeOf(find(key, null, false)),
        steps: stepKeys.map((step) => ({
          key: step,
          title: book?.steps?.find((st) => st.key === step)?.title ?? step,
          kept: outcomeOf(find(key, step, true)),
          missed: outcomeOf(find(key, step, false)),
        })),
      };
    }),
  };
}

interface PracticeRowSql {
  id: string;
  account_name: string;
  order_id: string;
  order_number: string;
  first_on: string;
  second_on: string | null;
  days_to_second: number | null;
  missed_steps: string[];
  sort_day: string;
}

/** The accounts behind one side of a playbook (or of one of its steps), by first order date. */
export async function listPracticeRows(ctx: ReadContext, query: PracticeRowsQuery): Promise<PracticeRows> {
  const after = decodeCursor(query.cursor, ['date', 'uuid']) as [string, string] | null;
  const s = await resolveScope(ctx, query);
  const page = { after, limit: query.limit };
  const kept = query.side === 'kept';
  const judged = query.step
    ? sql`exists (select 1 from st where st.run_id = rv.id and st.step_key = ${query.step} and st.kept = ${kept})`
    : sql`rv.kept = ${kept}`;
  const rows = await rowsOf<PracticeRowSql>(
    ctx.db,
    sql`
      with ${practiceCtes(s)}
      select rv.account_id as id, x.name as account_name, rv.order_id, rv.order_number, x.first_on::text as first_on,
             x.second_on::text as second_on, (x.second_on - x.first_on) as days_to_second, rv.missed_steps,
             x.first_on::text as sort_day
        from rv join acct x on x.account_id = rv.account_id
       where rv.playbook_key = ${query.playbook} and ${judged} ${seek(sql`x.first_on`, sql`rv.account_id`, page)}
       order by x.first_on, rv.account_id
       ${limitOf(page)}`,
  );
  const result = pageResult(rows, page.limit, (r) => [r.sort_day, r.id]);
  return {
    items: result.items.map((r) => ({
      accountId: r.id,
      accountName: r.account_name,
      orderId: r.order_id,
      orderNumber: r.order_number,
      firstOrderOn: r.first_on,
      secondOrderOn: r.second_on,
      daysToSecondOrder: r.days_to_second === null ? null : Number(r.days_to_second),
      missedSteps: r.missed_steps,
    })),
    nextCursor: result.nextCursor,
  };
}

// The habits page's figures (P4.1–2, P4.4), from one call: each writer's notes this week, streak and
// what came back, and the team's: notes by kind and outcome, neglected customers that ordered again,
// new quotes and revenue after notes. Revenue and quotes are the ACCOUNT's, credited to its team —
// counted once per order or quote however many notes preceded it, never split to one writer.
// Set-based: three statements, whatever the number of notes or accounts.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { NOTE_OUTCOMES, type Habits, type NoteOutcome, type WriterHabits } from '../../../contract/thank-you-notes.js';
import { neglectedWhenSql } from '../accounts/index.js';
import { getCachedSettings } from '../settings/index.js';
import { dateIn, formatMoney, rowsOf, type Actor, type ReadContext } from '../shared/index.js';
import { streak, weekStart } from './notes.rules.js';
import { attributionSql } from './queries.js';

export interface HabitsInput {
  actor: Actor;
  asOf?: string | undefined;
}

export async function getHabits(ctx: ReadContext, input: HabitsInput): Promise<Habits> {
  const { db, now } = ctx;
  const settings = await getCachedSettings(db);
  const zone = settings.timezone;
  const asOf = input.asOf ?? dateIn(now, zone);
  const monday = weekStart(asOf);
  const window = settings.thankYouWindowDays;
  const periodFrom = DateTime.fromISO(asOf)
    .minus({ days: window - 1 })
    .toISODate()!;
  const until = DateTime.fromISO(asOf, { zone }).plus({ days: 1 }).toJSDate();
  const streakFrom = DateTime.fromISO(asOf).minus({ days: 400 }).toISODate()!;
  const writerRoles =
    settings.thankYouRoles.length > 0
      ? sql`u.roles && array[${sql.join(
          settings.thankYouRoles.map((r) => sql`${r}`),
          sql`, `,
        )}]::text[]`
      : sql`false`;

  // Per writer: everyone asked to write, and anyone else who wrote in the period.
  const writers = await rowsOf<{ id: string; name: string; this_week: number; notes: number; with_outcome: number }>(
    db,
    sql`select u.id, u.name,
            count(n.id) filter (where n.written_on between ${monday}::date and ${asOf}::date)::int as this_week,
            count(n.id) filter (where n.written_on between ${periodFrom}::date and ${asOf}::date)::int as notes,
            count(n.id) filter (where n.written_on between ${periodFrom}::date and ${asOf}::date
                                  and (n.outcome <> 'none' or att.id is not null))::int as with_outcome
          from users u
          left join thank_you_notes n on n.author_id = u.id and n.written_on between least(${monday}::date, ${periodFrom}::date) and ${asOf}::date
          ${attributionSql(window, until)}
         where (u.active and ${writerRoles}) or n.id is not null
         group by u.id, u.name
         order by u.name, u.id`,
  );
  const days = await rowsOf<{ author_id: string; day: string }>(
    db,
    sql`select distinct author_id, written_on::text as day from thank_you_notes
         where written_on between ${streakFrom}::date and ${asOf}::date`,
  );
  const daysBy = new Map<string, Set<string>>();
  for (const d of days) daysBy.set(d.author_id, (daysBy.get(d.author_id) ?? new Set()).add(d.day));
  const habitsOf = (w: { id: string; name: string; this_week: number; notes: number; with_outcome: number }): WriterHabits => ({
    user: { id: w.id, name: w.name },
    thisWeek: Number(w.this_week),
    streak: streak(daysBy.get(w.id) ?? new Set(), asOf, settings.workdays, settings.holidays),
    notes: Number(w.notes),
    withOutcome: Number(w.with_outcome),
  });
  const people = writers.map(habitsOf);
  const me = input.actor.userId;
  const mine = people.find((p) => p.user.id === me) ?? {
    user: { id: me ?? '00000000-0000-0000-0000-000000000000', name: input.actor.name },
    thisWeek: 0,
    streak: 0,
    notes: 0,
    withOutcome: 0,
  };

  // The team: notes in the period, and what their accounts did within the window after them.
  const lastBefore = sql`(select max(o.placed_at) from orders o where o.account_id = n.account_id and o.status <> 'cancelled' and o.placed_at <= n.written_at)`;
  const wasNeglected = neglectedWhenSql(
    {
      kind: sql`a.kind`,
      orderCount: sql`1`,
      lastOrderOn: sql`(${lastBefore} at time zone coalesce(a.timezone, ${zone}::text))::date`,
      medianGapDays: sql`null`,
    },
    sql`n.written_on`,
    settings.neglectDays,
  );
  const inWindow = (col: string) =>
    sql`${sql.raw(col)} > n.written_at and ${sql.raw(col)} <= n.written_at + make_interval(days => ${window}::int)
        and ${sql.raw(col)} <= ${until.toISOString()}::timestamptz`;
  const [team] = await rowsOf<{
    notes: number;
    customer: number;
    supplier: number;
    colleague: number;
    outcomes: Record<string, number> | string | null;
    reactivated: number;
    new_quotes: number;
    revenue: string | number;
  }>(
    db,
    sql`with n as (select * from thank_you_notes where written_on between ${periodFrom}::date and ${asOf}::date),
          thanked as (select n.*, ${wasNeglected} as was_neglected from n join accounts a on a.id = n.account_id where n.recipient_kind = 'customer')
        select (select count(*) from n)::int as notes,
               (select count(*) from n where recipient_kind = 'customer')::int as customer,
               (select count(*) from n where recipient_kind = 'supplier')::int as supplier,
               (select count(*) from n where recipient_kind = 'colleague')::int as colleague,
               (select coalesce(jsonb_object_agg(outcome, c), '{}'::jsonb) from (select outcome, count(*)::int as c from n group by outcome) o) as outcomes,
               (select count(distinct n.account_id) from thanked n
                 where n.was_neglected and exists (select 1 from orders o where o.account_id = n.account_id and o.status <> 'cancelled' and ${inWindow('o.placed_at')}))::int as reactivated,
               (select count(*) from quotes q where exists (select 1 from thanked n where n.account_id = q.account_id and ${inWindow('q.sent_at')}))::int as new_quotes,
               (select coalesce(sum(o.amount), 0) from orders o
                 where o.status <> 'cancelled' and o.currency = ${settings.currency}
                   and exists (select 1 from thanked n where n.account_id = o.account_id and ${inWindow('o.placed_at')}))::text as revenue`,
  );
  const outcomesRaw = typeof team?.outcomes === 'string' ? (JSON.parse(team.outcomes) as Record<string, number>) : (team?.outcomes ?? {});
  const byOutcome = Object.fromEntries(NOTE_OUTCOMES.map((o) => [o, Number(outcomesRaw[o] ?? 0)])) as Record<NoteOutcome, number>;
  return {
    asOf,
    weekStart: monday,
    windowDays: window,
    me: mine,
    writers: people,
    team: {
      notes: Number(team?.notes ?? 0),
      byKind: { customer: Number(team?.customer ?? 0), supplier: Number(team?.supplier ?? 0), colleague: Number(team?.colleague ?? 0) },
      byOutcome,
      accountsReactivated: Number(team?.reactivated ?? 0),
      newQuotes: Number(team?.new_quotes ?? 0),
      revenueAfterNotes: formatMoney(Number(team?.revenue ?? 0), settings.currency),
      currency: settings.currency,
    },
  };
}

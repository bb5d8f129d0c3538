// "Executive calls due / done / overdue this quarter" (P3.2, docs/journeys.md): the journeys' calls
// for the executive role whose due day (organisation's timezone) falls in the period — by default
// the quarter of asOf — as the data stood at the end of asOf.
import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ExecutiveCalls, ExecutiveCallsQuery, JourneyStage } from '../../../contract/journeys.js';
import { accounts, tasks, users } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import { dateIn, type ReadContext } from '../shared/index.js';
import { presentJourneyTask } from './get-journey.js';

export async function getExecutiveCalls({ db, now }: ReadContext, q: ExecutiveCallsQuery): Promise<ExecutiveCalls> {
  const { timezone } = await getCachedSettings(db);
  const asOf = q.asOf ?? dateIn(now, timezone);
  const day = DateTime.fromISO(asOf, { zone: timezone });
  const from = q.from ?? day.startOf('quarter').toISODate()!;
  const to = q.to ?? day.endOf('quarter').toISODate()!;
  // The end of asOf: what was done by then counts as done, what was open after its due time as overdue.
  const endOfAsOf = day.plus({ days: 1 }).startOf('day').toJSDate();
  const rows = await db
    .select({ task: tasks, assigneeName: users.name, accountName: accounts.name })
    .from(tasks)
    .innerJoin(accounts, eq(accounts.id, tasks.accountId))
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(
      and(
        isNotNull(tasks.stage),
        eq(tasks.kind, 'call'),
        eq(tasks.role, 'executive'),
        ne(tasks.status, 'skipped'),
        sql`(${tasks.dueAt} at time zone ${timezone}::text)::date between ${from}::date and ${to}::date`,
      ),
    )
    .orderBy(asc(tasks.dueAt), asc(tasks.id));
  // As the data stood at the end of asOf (or now, when that is still ahead): a call done later was still open then.
  const at = endOfAsOf < now ? endOfAsOf : now;
  const items = rows.map((r) => {
    const doneBy = r.task.status === 'done' && r.task.completedAt !== null && r.task.completedAt <= at;
    const task = doneBy || r.task.status !== 'done' ? r.task : { ...r.task, status: 'open' as const, completedAt: null };
    return {
      ...presentJourneyTask({ ...task, assigneeName: r.assigneeName }, at),
      account: { id: r.task.accountId!, name: r.accountName },
      stage: r.task.stage as JourneyStage,
    };
  });
  return {
    asOf,
    from,
    to,
    due: items.length,
    done: items.filter((i) => i.status === 'done').length,
    overdue: items.filter((i) => i.isOverdue).length,
    items,
  };
}

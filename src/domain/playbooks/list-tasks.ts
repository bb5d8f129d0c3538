// My day (docs/domain.md §3): my tasks and my roles' unassigned ones — overdue, today, this week.
import { and, asc, eq, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ListTasksQuery, Task } from '../../../contract/tasks.js';
import { tasks } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import type { UseCaseContext } from '../shared/index.js';
import { dayAndWeekBounds } from './calendar.rules.js';
import { presentTasks } from './queries.js';

export async function listTasks({ db, actor, now }: UseCaseContext, query: ListTasksQuery): Promise<{ items: Task[] }> {
  const where: (SQL | undefined)[] = [ne(tasks.kind, 'wait')];
  where.push(query.status === 'active' ? inArray(tasks.status, ['open', 'waiting']) : eq(tasks.status, query.status));
  if (query.mine === 'true') {
    const mine = actor.userId ? eq(tasks.assigneeId, actor.userId) : sql`false`;
    const roles = [...actor.roles];
    where.push(roles.length > 0 ? or(mine, and(isNull(tasks.assigneeId), inArray(tasks.role, roles))) : mine);
  }
  if (query.role) where.push(eq(tasks.role, query.role));
  if (query.orderId) where.push(eq(tasks.orderId, query.orderId));
  if (query.accountId) where.push(eq(tasks.accountId, query.accountId));
  if (query.quoteId) where.push(eq(tasks.quoteId, query.quoteId));
  if (query.due) {
    const { dayEnd, weekEnd } = dayAndWeekBounds(now, (await getSettings(db)).timezone);
    where.push(lt(tasks.dueAt, query.due === 'overdue' ? now : query.due === 'today' ? dayEnd : weekEnd));
  }
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.createdAt), asc(tasks.id))
    .limit(query.limit);
  return { items: await presentTasks(db, rows, now) };
}

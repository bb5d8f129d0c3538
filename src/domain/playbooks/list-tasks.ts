// My day (docs/domain.md §3): my tasks and my roles' unassigned ones — overdue, today, this week;
// a manager may open another person's day (`for`) to cover an absence.
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ListTasksQuery, Task } from '../../../contract/tasks.js';
import type { Role } from '../../../contract/common.js';
import { tasks, users } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { dayAndWeekBounds, forbidden, hasRole, notFound, type UseCaseContext } from '../shared/index.js';
import { presentTasks } from './queries.js';

/** Whose day a list is: the caller's, or — for a manager covering an absence — another person's. */
async function personOf({ db, actor }: UseCaseContext, id: string | undefined): Promise<{ userId: string | null; roles: readonly Role[] }> {
  if (!id || id === actor.userId) return actor;
  // tasks.forbidden: another person's day is for a GM, a quality manager or an admin.
  if (!hasRole(actor, 'admin', 'gm', 'quality_manager'))
    throw forbidden('tasks.forbidden', "Another person's day is for a GM, a quality manager or an admin.");
  const [person] = await db.select({ userId: users.id, roles: users.roles }).from(users).where(eq(users.id, id));
  // users.not_found: `for` names no user.
  if (!person) throw notFound('users.not_found', 'No user has this id.');
  return person;
}

export async function listTasks(ctx: UseCaseContext, query: ListTasksQuery): Promise<{ items: Task[] }> {
  const { db, now } = ctx;
  const where: (SQL | undefined)[] = [ne(tasks.kind, 'wait')];
  where.push(query.status === 'active' ? inArray(tasks.status, ['open', 'waiting']) : eq(tasks.status, query.status));
  if (query.mine === 'true') {
    const person = await personOf(ctx, query.for);
    const mine = person.userId ? eq(tasks.assigneeId, person.userId) : sql`false`;
    const roles = [...person.roles];
    where.push(roles.length > 0 ? or(mine, and(isNull(tasks.assigneeId), inArray(tasks.role, roles))) : mine);
  }
  if (query.role) where.push(eq(tasks.role, query.role));
  if (query.orderId) where.push(eq(tasks.orderId, query.orderId));
  if (query.accountId) where.push(eq(tasks.accountId, query.accountId));
  if (query.quoteId) where.push(eq(tasks.quoteId, query.quoteId));
  if (query.due || query.completed) {
    const { dayStart, dayEnd, weekEnd } = dayAndWeekBounds(now, (await getSettings(db)).timezone);
    if (query.due) where.push(lt(tasks.dueAt, query.due === 'overdue' ? now : query.due === 'today' ? dayEnd : weekEnd));
    if (query.completed) where.push(gte(tasks.completedAt, dayStart), lt(tasks.completedAt, dayEnd));
  }
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(...(query.completed ? [desc(tasks.completedAt)] : [sql`${tasks.dueAt} asc nulls last`]), asc(tasks.createdAt), asc(tasks.id))
    .limit(query.limit);
  return { items: await presentTasks(db, rows, now) };
}

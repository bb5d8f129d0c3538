// Read side of playbooks, runs and tasks. Each takes a db that may be a transaction.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Playbook, PlaybookDetail, PlaybookDocument, PlaybookRun, ListRunsQuery } from '../../../contract/playbooks.js';
import type { Task } from '../../../contract/tasks.js';
import type { Db } from '../../db/client.js';
import { accounts, orders, playbookRuns, playbooks, quotes, taskSignoffs, tasks, users } from '../../db/schema/index.js';
import { notFound, type ReadContext } from '../shared/index.js';
import { getSettings } from '../settings/index.js';

export type PlaybookRow = typeof playbooks.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type RunRow = typeof playbookRuns.$inferSelect;

export const documentOf = (row: Pick<PlaybookRow, 'document'>): PlaybookDocument => row.document as PlaybookDocument;

export function presentPlaybook(row: PlaybookRow): Playbook {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    version: row.version,
    isBuiltin: row.isBuiltin,
    isEnabled: row.isEnabled,
    document: documentOf(row),
    source: row.source,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listPlaybooks(db: Db): Promise<Playbook[]> {
  const rows = await db.select().from(playbooks).where(eq(playbooks.isCurrent, true)).orderBy(asc(playbooks.key));
  return rows.map(presentPlaybook);
}

export async function getPlaybook(db: Db, key: string): Promise<PlaybookDetail> {
  const rows = await db
    .select({ p: playbooks, creator: users.name })
    .from(playbooks)
    .leftJoin(users, eq(users.id, playbooks.createdBy))
    .where(eq(playbooks.key, key))
    .orderBy(desc(playbooks.version));
  const current = rows.find((r) => r.p.isCurrent) ?? rows[0];
  // playbooks.not_found: no playbook has this key.
  if (!current) throw notFound('playbooks.not_found', `No playbook with key ${key}.`);
  return {
    ...presentPlaybook(current.p),
    versions: rows.map((r) => ({
      id: r.p.id,
      version: r.p.version,
      isCurrent: r.p.isCurrent,
      createdAt: r.p.createdAt.toISOString(),
      createdBy: r.p.createdBy ? { id: r.p.createdBy, name: r.creator ?? '' } : null,
    })),
  };
}

export async function listRuns(db: Db, filter: ListRunsQuery): Promise<PlaybookRun[]> {
  const where = [
    filter.status ? eq(playbookRuns.status, filter.status) : undefined,
    filter.orderId ? eq(playbookRuns.orderId, filter.orderId) : undefined,
    filter.quoteId ? eq(playbookRuns.quoteId, filter.quoteId) : undefined,
    filter.accountId ? eq(playbookRuns.accountId, filter.accountId) : undefined,
  ];
  const rows = await db
    .select({ r: playbookRuns, name: playbooks.name, version: playbooks.version })
    .from(playbookRuns)
    .innerJoin(playbooks, eq(playbooks.id, playbookRuns.playbookId))
    .where(and(...where))
    .orderBy(asc(playbookRuns.startedAt), asc(playbookRuns.id))
    .limit(filter.limit);
  return rows.map(({ r, name, version }) => ({
    id: r.id,
    playbookId: r.playbookId,
    playbookKey: r.playbookKey,
    playbookName: name,
    version,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    accountId: r.accountId,
    orderId: r.orderId,
    quoteId: r.quoteId,
    triggerEventId: Number(r.triggerEventId),
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    cancelReason: r.cancelReason,
  }));
}

/** Tasks with their account, order, assignee, run and sign-offs, presented; in the order given. */
export async function presentTasks(db: Db, rows: TaskRow[], now: Date): Promise<Task[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((t) => t.id);
  const settings = await getSettings(db);
  const joined = await db
    .select({
      id: tasks.id,
      accountName: accounts.name,
      firstOrderId: accounts.firstOrderId,
      potential: accounts.potentialAnnualSpend,
      orderNumber: orders.number,
      quoteNumber: quotes.number,
      assigneeName: sql<string | null>`(select name from users u where u.id = ${tasks.assigneeId})`,
      completerName: sql<string | null>`(select name from users u where u.id = ${tasks.completedBy})`,
      playbookKey: playbookRuns.playbookKey,
    })
    .from(tasks)
    .leftJoin(accounts, eq(accounts.id, tasks.accountId))
    .leftJoin(orders, eq(orders.id, tasks.orderId))
    .leftJoin(quotes, eq(quotes.id, tasks.quoteId))
    .leftJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
    .where(inArray(tasks.id, ids));
  const extra = new Map(joined.map((j) => [j.id, j]));
  const signs = await db
    .select({
      taskId: taskSignoffs.taskId,
      userId: taskSignoffs.userId,
      name: users.name,
      roles: taskSignoffs.roles,
      note: taskSignoffs.note,
      signedAt: taskSignoffs.signedAt,
    })
    .from(taskSignoffs)
    .innerJoin(users, eq(users.id, taskSignoffs.userId))
    .where(inArray(taskSignoffs.taskId, ids))
    .orderBy(asc(taskSignoffs.signedAt));
  return rows.map((t) => {
    const j = extra.get(t.id)!;
    const isFirstOrder = t.orderId !== null && j.firstOrderId === t.orderId;
    return {
      id: t.id,
      title: t.title,
      guidance: t.guidance,
      kind: t.kind,
      role: t.role,
      assignee: t.assigneeId ? { id: t.assigneeId, name: j.assigneeName ?? '' } : null,
      account: t.accountId ? { id: t.accountId, name: j.accountName ?? '' } : null,
      order: t.orderId
        ? {
            id: t.orderId,
            number: j.orderNumber ?? '',
            isFirstOrder,
            isAudition: isFirstOrder && j.potential !== null && j.potential >= settings.auditionMinSpend,
          }
        : null,
      quote: t.quoteId ? { id: t.quoteId, number: j.quoteNumber ?? '' } : null,
      dueAt: t.dueAt?.toISOString() ?? null,
      status: t.status,
      isOverdue: t.status === 'open' && t.dueAt !== null && t.dueAt < now,
      escalatedAt: t.escalatedAt?.toISOString() ?? null,
      evidence: (t.evidence as Task['evidence']) ?? null,
      outcome: (t.outcome as Task['outcome']) ?? null,
      signoffs: signs
        .filter((s) => s.taskId === t.id)
        .map((s) => ({ user: { id: s.userId, name: s.name }, roles: s.roles, note: s.note, signedAt: s.signedAt.toISOString() })),
      gateStatus: t.gateStatus,
      requires: t.requires,
      run: t.runId ? { id: t.runId, playbookKey: j.playbookKey ?? '' } : null,
      stepKey: t.stepKey,
      completedBy: t.completedBy ? { id: t.completedBy, name: j.completerName ?? '' } : null,
      completedAt: t.completedAt?.toISOString() ?? null,
      createdAt: t.createdAt.toISOString(),
    };
  });
}

export async function getTaskRow(db: Db, id: string, lock = false): Promise<TaskRow> {
  const q = db.select().from(tasks).where(eq(tasks.id, id));
  const [row] = lock ? await q.for('update') : await q;
  // tasks.not_found: no task has this id.
  if (!row) throw notFound('tasks.not_found', `No task with id ${id}.`);
  return row;
}

export async function getTask({ db, now }: ReadContext, id: string): Promise<Task> {
  return (await presentTasks(db, [await getTaskRow(db, id)], now))[0]!;
}

// Reading problems: one statement per page, each with its account, order, people and the state of
// its preventive action's task; newest first, keyset-paged.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { ListProblemsQuery, ProblemDetail, ProblemOrigin, ProblemSource, ProblemStatus } from '../../../contract/problems.js';
import type { PreventiveKind, ResponsibleSource } from '../../../contract/problems.js';
import type { Db } from '../../db/client.js';
import { problems } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import { dateIn, decodeCursor, notFound, pageResult, rowsOf, type ReadContext } from '../shared/index.js';
import { isProblemPastDue } from './problems.rules.js';

const ISO = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`);
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', ${ISO})`;

interface ProblemRow {
  id: string;
  account_id: string;
  account_name: string;
  order_id: string | null;
  order_number: string | null;
  source: ProblemSource;
  category: string;
  description: string;
  root_cause: string | null;
  origin: ProblemOrigin | null;
  responsible_id: string | null;
  responsible_name: string | null;
  responsible_source: ResponsibleSource | null;
  responsible_confirmed_at: string | null;
  confirmed_by_id: string | null;
  confirmed_by_name: string | null;
  product_claim: string | null;
  corrective_action: string | null;
  preventive_action: string | null;
  preventive_kind: PreventiveKind | null;
  owner_id: string | null;
  owner_name: string | null;
  preventive_due_on: string | null;
  preventive_task_id: string | null;
  preventive_done_at: string | null;
  preventive_none_needed: boolean;
  preventive_none_reason: string | null;
  status: ProblemStatus;
  due_at: string;
  fix_task_id: string | null;
  opened_by_id: string | null;
  opened_by_name: string | null;
  opened_at: string;
  closed_at: string | null;
  updated_at: string;
}

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

async function selectProblems({ db, now }: ReadContext, where: SQL, limit: number): Promise<ProblemDetail[]> {
  const settings = await getCachedSettings(db);
  const today = dateIn(now, settings.timezone);
  const rows = await rowsOf<ProblemRow>(
    db,
    sql`
    select p.id, p.account_id, a.name as account_name, p.order_id, o.number as order_number, p.source, p.category, p.description,
           p.root_cause, p.origin, ru.id as responsible_id, ru.name as responsible_name, p.responsible_source,
           ${iso(sql`p.responsible_confirmed_at`)} as responsible_confirmed_at, cu.id as confirmed_by_id, cu.name as confirmed_by_name,
           p.product_claim, p.corrective_action, p.preventive_action, p.preventive_kind, ou.id as owner_id, ou.name as owner_name,
           p.preventive_due_on::text as preventive_due_on, p.preventive_task_id,
           case when pt.status = 'done' then ${iso(sql`pt.completed_at`)} end as preventive_done_at,
           p.preventive_none_needed, p.preventive_none_reason, p.status, ${iso(sql`p.due_at`)} as due_at, p.fix_task_id,
           bu.id as opened_by_id, bu.name as opened_by_name, ${iso(sql`p.opened_at`)} as opened_at,
           ${iso(sql`p.closed_at`)} as closed_at, ${iso(sql`p.updated_at`)} as updated_at
      from problems p
      join accounts a on a.id = p.account_id
      left join orders o on o.id = p.order_id
      left join users ru on ru.id = p.responsible_user_id
      left join users cu on cu.id = p.responsible_confirmed_by
      left join users ou on ou.id = p.preventive_owner_id
      left join users bu on bu.id = p.opened_by
      left join tasks pt on pt.id = p.preventive_task_id
     where ${where}
     order by p.opened_at desc, p.id desc
     limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    orderId: r.order_id,
    orderNumber: r.order_number,
    source: r.source,
    category: r.category,
    description: r.description,
    rootCause: r.root_cause,
    origin: r.origin,
    responsible: person(r.responsible_id, r.responsible_name),
    responsibleSource: r.responsible_source,
    responsibleConfirmedAt: r.responsible_confirmed_at,
    responsibleConfirmedBy: person(r.confirmed_by_id, r.confirmed_by_name),
    productClaim: r.product_claim,
    correctiveAction: r.corrective_action,
    preventiveAction: r.preventive_action,
    preventiveKind: r.preventive_kind,
    preventiveOwner: person(r.owner_id, r.owner_name),
    preventiveDueOn: r.preventive_due_on,
    preventiveTaskId: r.preventive_task_id,
    preventiveDoneAt: r.preventive_done_at,
    preventiveNoneNeeded: r.preventive_none_needed,
    preventiveNoneReason: r.preventive_none_reason,
    status: r.status,
    dueAt: r.due_at,
    isPastDue: isProblemPastDue(r.status, dateIn(new Date(r.due_at), settings.timezone), today),
    fixTaskId: r.fix_task_id,
    openedBy: person(r.opened_by_id, r.opened_by_name),
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  }));
}

export async function getProblem(ctx: ReadContext, id: string): Promise<ProblemDetail> {
  const [problem] = await selectProblems(ctx, sql`p.id = ${id}`, 1);
  // problems.not_found: no problem has this id.
  if (!problem) throw notFound('problems.not_found', `No problem with id ${id}.`);
  return problem;
}

/** The day bounds of "opened on or after / before" in the organisation's timezone. */
function openedOnSql(op: '>=' | '<=', day: string, zone: string): SQL {
  return sql`(p.opened_at at time zone ${zone}::text)::date ${sql.raw(op)} ${day}::date`;
}

export async function listProblems(ctx: ReadContext, q: ListProblemsQuery): Promise<{ items: ProblemDetail[]; nextCursor: string | null }> {
  const { timezone } = await getCachedSettings(ctx.db);
  const where: SQL[] = [sql`true`];
  if (q.accountId) where.push(sql`p.account_id = ${q.accountId}`);
  if (q.orderId) where.push(sql`p.order_id = ${q.orderId}`);
  if (q.origin) where.push(sql`p.origin = ${q.origin}`);
  if (q.responsibleUserId) where.push(sql`p.responsible_user_id = ${q.responsibleUserId}`);
  if (q.status) where.push(sql`p.status = ${q.status}`);
  if (q.openedFrom) where.push(openedOnSql('>=', q.openedFrom, timezone));
  if (q.openedTo) where.push(openedOnSql('<=', q.openedTo, timezone));
  const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | null;
  if (after) where.push(sql`(p.opened_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await selectProblems(ctx, sql.join(where, sql` and `), q.limit + 1);
  return pageResult(rows, q.limit, (p) => [p.openedAt, p.id]);
}

/** A problem's row, locked for an update in `tx`. */
export async function lockProblem(tx: Db, id: string): Promise<typeof problems.$inferSelect> {
  const [row] = await tx.select().from(problems).where(eq(problems.id, id)).for('update');
  if (!row) throw notFound('problems.not_found', `No problem with id ${id}.`);
  return row;
}

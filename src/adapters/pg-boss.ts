// ADAPTER over pg-boss's own tables (README.md here). pg-boss documents its API, not the layout of
// its schema. Rapport reads and updates the job table itself in three places: the dead-letter list
// and its retry, which a web process serves without a running PgBoss (the same UPDATE as
// `PgBoss#retry`), and the count of job rows that shows an idle install writes none. This file is
// the only place with SQL on pg-boss's tables (eslint holds that for src/).

/** pg-boss's schema (its default; we never pass another). */
export const BOSS_SCHEMA = 'pgboss';
const jobTable = `${BOSS_SCHEMA}.job`;

/** Raw SQL on a database (the `Database` of src/db/client.ts is one). */
interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A job of pg-boss's job table, as the dead-letter list shows it. */
export interface BossJobRow {
  id: string;
  name: string;
  data: unknown;
  output: unknown;
  retryCount: number;
  createdOn: Date;
  completedOn: Date | null;
}

/** True once pg-boss has installed its schema (a worker started at least once). */
export async function hasJobTable(database: Queryable): Promise<boolean> {
  const [row] = await database.query<{ t: string | null }>('select to_regclass($1)::text as t', [jobTable]);
  return Boolean(row?.t);
}

/** Jobs that failed after their last retry, newest first. */
export async function failedJobs(database: Queryable, limit: number): Promise<BossJobRow[]> {
  if (!(await hasJobTable(database))) return [];
  const rows = await database.query<{
    id: string;
    name: string;
    data: unknown;
    output: unknown;
    retry_count: number;
    created_on: Date;
    completed_on: Date | null;
  }>(
    `select id, name, data, output, retry_count, created_on, completed_on from ${jobTable}
      where state = 'failed' order by created_on desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    data: r.data,
    output: r.output,
    retryCount: Number(r.retry_count),
    createdOn: new Date(r.created_on),
    completedOn: r.completed_on ? new Date(r.completed_on) : null,
  }));
}

/**
 * Puts a failed job back in its queue with one more retry allowed (what `PgBoss#retry` does);
 * false when no failed job has this id.
 */
export async function retryFailedJob(database: Queryable, id: string): Promise<boolean> {
  if (!(await hasJobTable(database))) return false;
  const rows = await database.query(
    `update ${jobTable} set state = 'retry', retry_limit = retry_limit + 1 where id = $1::uuid and state = 'failed' returning id`,
    [id],
  );
  return rows.length > 0;
}

/** How many rows the job table holds for `queue`, in `state` or in any (0 before pg-boss started). */
export async function countJobRows(database: Queryable, queue: string, state?: string): Promise<number> {
  if (!(await hasJobTable(database))) return 0;
  const [row] = await database.query<{ n: number }>(
    `select count(*)::int as n from ${jobTable} where name = $1 and ($2::text is null or state::text = $2)`,
    [queue, state ?? null],
  );
  return Number(row?.n ?? 0);
}

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
    `update ${jobTable}
        set state = 'retry', retry_limit = retry_limit + 1, completed_on = null, start_after = greatest(start_after, ${BOSS_SCHEMA}.job_now())
      where id = $1::uuid and state = 'failed' returning id`,
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

// Upgrading from pg-boss 10. pg-boss 11 rewrote its schema and migrates only from that rewrite
// (schema version 25) on: pg-boss 12 started on a database pg-boss 10 installed (version 24) fails
// with "Version 24 not found". Rapport sets that schema aside under another name, lets pg-boss
// install its own afresh, then copies the jobs that still matter into it.

/** Where a pg-boss 10 schema is kept once set aside (it is never dropped by Rapport). */
export const BOSS_10_SCHEMA = 'pgboss_v10';
/** The schema version pg-boss 10.x installs. */
const BOSS_10_SCHEMA_VERSION = 24;
const CARRIED_FORWARD = 'rapport: jobs carried forward';

/** The schema version of the installed pg-boss (its `version` table), or null when none is installed. */
export async function bossSchemaVersion(database: Queryable): Promise<number | null> {
  const [found] = await database.query<{ t: string | null }>('select to_regclass($1)::text as t', [`${BOSS_SCHEMA}.version`]);
  if (!found?.t) return null;
  const [row] = await database.query<{ version: number }>(`select max(version)::int as version from ${BOSS_SCHEMA}.version`);
  return row?.version ?? null;
}

/**
 * When the installed pg-boss schema is pg-boss 10's (or older), renames it to `pgboss_v10` so the
 * next `boss.start()` installs the current schema; true when it did. Call before `boss.start()`.
 */
export async function setAsideBoss10Schema(database: Queryable): Promise<boolean> {
  const version = await bossSchemaVersion(database);
  if (version === null || version > BOSS_10_SCHEMA_VERSION) return false;
  const [taken] = await database.query<{ n: number }>('select count(*)::int as n from pg_namespace where nspname = $1', [BOSS_10_SCHEMA]);
  if (Number(taken?.n ?? 0) > 0)
    throw new Error(`pg-boss ${version} schema found, but ${BOSS_10_SCHEMA} already exists: move one of them away`);
  await database.query(`alter schema ${BOSS_SCHEMA} rename to ${BOSS_10_SCHEMA}`);
  return true;
}

/**
 * Copies, once, the jobs of a set-aside pg-boss 10 schema that still matter — waiting (created,
 * retry) and failed (the dead-letter list) — into the current job table, for the queues that exist
 * there, with the queue's policy; completed, cancelled, active and archived jobs stay behind. Call
 * after `boss.start()` and `createQueue()`. Returns how many it copied, or null when there was
 * nothing to do (no pg-boss 10 schema, or copied already).
 */
export async function carryForwardBoss10Jobs(database: Queryable): Promise<number | null> {
  const [old] = await database.query<{ done: string | null }>(
    `select obj_description(oid, 'pg_namespace') as done from pg_namespace where nspname = $1`,
    [BOSS_10_SCHEMA],
  );
  if (!old || old.done === CARRIED_FORWARD) return null;
  const [row] = await database.query<{ n: number }>(
    `with carried as (
       insert into ${jobTable} (id, name, priority, data, state, retry_limit, retry_count, retry_delay, retry_backoff,
                                start_after, singleton_key, singleton_on, expire_seconds, created_on, completed_on,
                                keep_until, output, dead_letter, policy)
       select j.id, j.name, j.priority, j.data, j.state::text::${BOSS_SCHEMA}.job_state, j.retry_limit, j.retry_count,
              j.retry_delay, j.retry_backoff, j.start_after, j.singleton_key, j.singleton_on,
              greatest(1, extract(epoch from j.expire_in))::int, j.created_on, j.completed_on,
              greatest(j.keep_until, now() + interval '14 days'), j.output, null, q.policy
         from ${BOSS_10_SCHEMA}.job j join ${BOSS_SCHEMA}.queue q on q.name = j.name
        where j.state::text in ('created', 'retry', 'failed')
       on conflict do nothing
       returning 1)
     select count(*)::int as n from carried`,
  );
  // A crash before this mark copies again on the next start; `on conflict do nothing` skips the rows
  // still there.
  await database.query(`comment on schema ${BOSS_10_SCHEMA} is '${CARRIED_FORWARD}'`);
  return Number(row?.n ?? 0);
}

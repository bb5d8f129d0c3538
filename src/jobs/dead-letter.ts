// The dead-letter list: pg-boss jobs that failed after their last retry. Read and retried with SQL on
// pg-boss's own table (the same UPDATE as PgBoss#retry), so a web process needs no running boss.
import type { FailedJob } from '../../contract/tasks.js';
import type { Database } from '../db/client.js';
import { notFound } from '../domain/shared/index.js';

async function hasBossSchema(database: Database): Promise<boolean> {
  const rows = await database.query<{ n: number }>(
    `select count(*)::int as n from information_schema.tables where table_schema = 'pgboss' and table_name = 'job'`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function listFailedJobs(database: Database): Promise<FailedJob[]> {
  if (!(await hasBossSchema(database))) return [];
  const rows = await database.query<{
    id: string;
    name: string;
    data: unknown;
    output: unknown;
    retry_count: number;
    created_on: Date;
    completed_on: Date | null;
  }>(
    `select id, name, data, output, retry_count, created_on, completed_on from pgboss.job where state = 'failed' order by created_on desc limit 200`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    data: r.data,
    output: r.output,
    retryCount: Number(r.retry_count),
    createdOn: new Date(r.created_on).toISOString(),
    completedOn: r.completed_on ? new Date(r.completed_on).toISOString() : null,
  }));
}

export async function retryFailedJob(database: Database, id: string): Promise<void> {
  const rows = (await hasBossSchema(database))
    ? await database.query(
        `update pgboss.job set state = 'retry', retry_limit = retry_limit + 1 where id = $1::uuid and state = 'failed' returning id`,
        [id],
      )
    : [];
  // jobs.not_found: no failed job has this id (it may have been retried already).
  if (rows.length === 0) throw notFound('jobs.not_found', `No failed job with id ${id}.`);
}

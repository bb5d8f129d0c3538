// The dead-letter list: pg-boss jobs that failed after their last retry. Read and retried on pg-boss's
// own table (src/adapters/pg-boss.ts; the same UPDATE as PgBoss#retry), so a web process needs no
// running boss.
import type { FailedJob } from '../../contract/tasks.js';
import { failedJobs, retryFailedJob as retryBossJob } from '../adapters/pg-boss.js';
import type { Database } from '../db/client.js';
import { notFound } from '../domain/shared/index.js';

export async function listFailedJobs(database: Database): Promise<FailedJob[]> {
  const rows = await failedJobs(database, 200);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    data: r.data,
    output: r.output,
    retryCount: r.retryCount,
    createdOn: r.createdOn.toISOString(),
    completedOn: r.completedOn ? r.completedOn.toISOString() : null,
  }));
}

export async function retryFailedJob(database: Database, id: string): Promise<void> {
  // jobs.not_found: no failed job has this id (it may have been retried already).
  if (!(await retryBossJob(database, id))) throw notFound('jobs.not_found', `No failed job with id ${id}.`);
}

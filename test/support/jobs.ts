// Tests drain jobs explicitly (never by sleeping): the same use cases the pg-boss handlers call.
import { expect } from 'vitest';
import { dispatchPendingEvents, escalateOverdueTasks } from '../../src/domain/playbooks/index.js';
import type { TestContext } from './app.js';

/** Dispatches every pending domain event now; fails the test when one could not be handled. */
export async function drainJobs(ctx: TestContext, { escalate = false, graceHours = 24 } = {}) {
  const at = { db: ctx.database.db, now: ctx.clock.now() };
  const result = await dispatchPendingEvents(at);
  expect(result.failed).toEqual([]);
  const escalated = escalate ? await escalateOverdueTasks(at, { graceHours }) : 0;
  return { ...result, escalated };
}

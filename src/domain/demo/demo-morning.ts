// The demo company's morning: what the job runner does each day at opening time, done once right
// after the history is written, so the sample company is alive on first sign-in — the daily sweep
// (lapsed quotes expire, neglected and rhythm-overdue customers get their re-engage call) and its
// events dispatched to the playbooks (with the recent quotes' follow-up calls). Before it, the
// recent orders' playbooks as the weeks before would have left them (demo-runs.ts).
import { and, eq, sql } from 'drizzle-orm';
import { playbookRuns, tasks } from '../../db/schema/index.js';
import { dispatchPendingEvents, installBuiltinPlaybooks } from '../playbooks/index.js';
import type { ReadContext } from '../shared/index.js';
import { runSweep } from '../sweep/index.js';
import { writeDemoHistoryRuns } from './demo-history-runs.js';
import { runDemoLateNotices, type DemoLateNotices } from './demo-late-notices.js';
import { runDemoPlaybooks, type DemoRuns, type DemoRunsInput } from './demo-runs.js';

/** How far before the engine's last two weeks the delivered first orders get their finished runs. */
const HISTORY_RUN_DAYS = 180;

export interface DemoMorning {
  expiredQuotes: number;
  /** Open call tasks of the re-engage playbook. */
  reengageCalls: number;
  /** Open call tasks of the quote follow-up playbook. */
  quoteFollowUps: number;
  /** The recent orders' playbook runs, worked up to this morning. */
  orderRuns: DemoRuns;
  /** The older delivered first orders' runs, finished (demo-history-runs.ts). */
  historyRuns: number;
  /** A late order told before its promise, and one whose notice waits as a draft. */
  lateNotices: DemoLateNotices;
}

export async function runDemoMorning(ctx: ReadContext, input: DemoRunsInput): Promise<DemoMorning> {
  // As `rapport start` would first: the built-in playbooks, so today's events find them.
  await installBuiltinPlaybooks(ctx);
  // The weeks before this morning, as the engine and the staff would have lived them.
  const orderRuns = await runDemoPlaybooks(ctx, input);
  const historyRuns = await writeDemoHistoryRuns(ctx, {
    seed: input.seed,
    from: new Date(orderRuns.since.getTime() - HISTORY_RUN_DAYS * 24 * 3_600_000),
    until: orderRuns.since,
  });
  const swept = await runSweep(ctx);
  const dispatched = await dispatchPendingEvents(ctx);
  if (dispatched.failed.length > 0) throw new Error(`demo events not dispatched: ${JSON.stringify(dispatched.failed.slice(0, 3))}`);
  const lateNotices = await runDemoLateNotices(ctx, swept.day);
  const openTasksOf = async (key: string) => {
    const [row] = await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks)
      .innerJoin(playbookRuns, eq(playbookRuns.id, tasks.runId))
      .where(and(eq(playbookRuns.playbookKey, key), eq(tasks.status, 'open')));
    return Number(row?.n ?? 0);
  };
  return {
    expiredQuotes: swept.expiredQuoteIds.length,
    reengageCalls: await openTasksOf('re-engage'),
    quoteFollowUps: await openTasksOf('quote-follow-up'),
    orderRuns,
    historyRuns,
    lateNotices,
  };
}

// The onboarding journey's stage rows (docs/journeys.md), kept by the engine in its transaction:
// written when a journey run starts, moved on whenever its tasks move, with an
// `account.stage_changed` event each time the account's current stage changes.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { JourneyStage } from '../../../contract/journeys.js';
import type { PlaybookDocument } from '../../../contract/playbooks.js';
import type { Db } from '../../db/client.js';
import { accounts, journeyStages, playbookRuns, tasks } from '../../db/schema/index.js';
import { recordEvent } from '../events/index.js';
import { journeyProgress, stagesOf } from './journey.rules.js';

/**
 * Whether the account already has an onboarding journey, running or finished: one per account.
 * Locks the account's row first, so two starts at once cannot both see none.
 */
export async function accountHasJourney(tx: Db, accountId: string): Promise<boolean> {
  await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('update');
  const [row] = await tx
    .select({ id: journeyStages.id })
    .from(journeyStages)
    .innerJoin(playbookRuns, eq(playbookRuns.id, journeyStages.runId))
    .where(and(eq(journeyStages.accountId, accountId), inArray(playbookRuns.status, ['active', 'completed'])))
    .limit(1);
  return row !== undefined;
}

/** Writes a new journey run's stages (none entered yet), then enters the first. */
export async function beginJourney(
  tx: Db,
  { runId, accountId, doc, now }: { runId: string; accountId: string; doc: PlaybookDocument; now: Date },
): Promise<void> {
  const stages = stagesOf(doc);
  await tx.insert(journeyStages).values(stages.map((stage, position) => ({ accountId, runId, stage, position })));
  await syncJourney(tx, { runId, doc, now });
}

/**
 * Brings the run's stage rows up to date with its tasks: stages now complete get their completed
 * time, the new current stage its entered time, and a change of current stage records
 * `account.stage_changed` {from, to} (to: null once the journey is through). A run that is not a
 * journey costs nothing.
 */
export async function syncJourney(tx: Db, { runId, doc, now }: { runId: string; doc: PlaybookDocument; now: Date }): Promise<void> {
  const stages = stagesOf(doc);
  if (stages.length === 0) return;
  const rows = await tx.select().from(journeyStages).where(eq(journeyStages.runId, runId)).orderBy(asc(journeyStages.position));
  if (rows.length === 0) return;
  const taskRows = await tx
    .select({ stage: tasks.stage, status: tasks.status })
    .from(tasks)
    .where(and(eq(tasks.runId, runId), isNotNull(tasks.stage)));
  const { progress, current } = journeyProgress(
    rows.map((r) => r.stage),
    taskRows,
  );
  const before = rows.find((r) => r.enteredAt && !r.completedAt)?.stage ?? null;
  const completedNow: JourneyStage[] = [];
  for (const p of progress) {
    const row = rows.find((r) => r.stage === p.stage)!;
    if (p.completed && !row.completedAt) {
      await tx
        .update(journeyStages)
        .set({ completedAt: now, enteredAt: row.enteredAt ?? now })
        .where(eq(journeyStages.id, row.id));
      completedNow.push(p.stage);
    }
  }
  const currentRow = current ? rows.find((r) => r.stage === current)! : null;
  if (currentRow && !currentRow.enteredAt)
    await tx.update(journeyStages).set({ enteredAt: now }).where(eq(journeyStages.id, currentRow.id));
  if (before === current && completedNow.length === 0) return;
  const accountId = rows[0]!.accountId;
  await recordEvent(tx, {
    type: 'account.stage_changed',
    subjectType: 'account',
    subjectId: accountId,
    accountId,
    payload: { accountId, runId, from: before, to: current, completed: completedNow },
    occurredAt: now,
    source: 'system',
  });
}

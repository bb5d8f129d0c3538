// A preventive action's task done (completeTask): its problem, once the customer is fixed, is
// prevented — in the task's transaction. Still open or being fixed, it waits for the fix.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { problems } from '../../db/schema/index.js';
import { recordAudit, type Actor } from '../shared/index.js';

export interface NotePreventiveDoneInput {
  taskId: string;
  actor: Actor;
  now: Date;
}

export async function notePreventiveDone(tx: Db, { taskId, actor, now }: NotePreventiveDoneInput): Promise<void> {
  const moved = await tx
    .update(problems)
    .set({ status: 'prevented', updatedAt: now })
    .where(and(eq(problems.preventiveTaskId, taskId), eq(problems.status, 'fixed')))
    .returning({ id: problems.id });
  for (const p of moved)
    await recordAudit(
      tx,
      actor,
      { action: 'problems.prevented', entity: 'problem', entityId: p.id, changes: { status: { from: 'fixed', to: 'prevented' }, taskId } },
      now,
    );
}

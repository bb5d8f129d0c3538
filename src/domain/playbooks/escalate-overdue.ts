// Escalation (docs/domain.md §3): an open task overdue by more than the grace is escalated once —
// escalated_at set, a task for the role's escalation role (settings; the GM unless set) to step in,
// and a notice by mail to each holder of that role (docs/escalation.md).
import { and, eq, isNull, lt, ne } from 'drizzle-orm';
import { tasks } from '../../db/schema/index.js';
import { escalationRoleFor } from '../../../contract/settings.js';
import { queueEscalationNotices } from '../messages/index.js';
import { getSettings } from '../settings/index.js';
import { recordAudit, systemActor, type ReadContext } from '../shared/index.js';

export interface EscalateOverdueInput {
  /** How long past its due time a task waits before it is escalated. */
  graceHours: number;
}

/** The system's own step (the escalate-overdue job); returns how many tasks it escalated. */
export async function escalateOverdueTasks({ db, now }: ReadContext, { graceHours }: EscalateOverdueInput): Promise<number> {
  const cutoff = new Date(now.getTime() - graceHours * 3_600_000);
  return db.transaction(async (tx) => {
    const { escalationRoles } = await getSettings(tx);
    // SKIP LOCKED: two workers running the job at once escalate disjoint tasks, each once.
    const overdue = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), ne(tasks.kind, 'wait'), isNull(tasks.escalatedAt), lt(tasks.dueAt, cutoff)))
      .limit(500)
      .for('update', { skipLocked: true });
    const actor = systemActor('escalate-overdue');
    for (const t of overdue) {
      const toRole = escalationRoleFor(escalationRoles, t.role);
      await tx.update(tasks).set({ escalatedAt: now, updatedAt: now }).where(eq(tasks.id, t.id));
      await tx.insert(tasks).values({
        title: `Overdue: ${t.title}`,
        guidance: `This ${t.role ?? ''} task was due ${t.dueAt!.toISOString()} and is still open. Find out what blocks it and get it done or reassigned.`,
        kind: 'task',
        role: toRole,
        accountId: t.accountId,
        orderId: t.orderId,
        quoteId: t.quoteId,
        dueAt: now,
        status: 'open',
        outcome: null,
        evidence: {},
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, actor, { action: 'tasks.escalate', entity: 'task', entityId: t.id }, now);
      // The people it is escalated to hear it now, not at their next look at My day.
      await queueEscalationNotices({ db: tx, actor, now }, { step: { ...t, dueAt: t.dueAt! }, toRole });
    }
    return overdue.length;
  });
}

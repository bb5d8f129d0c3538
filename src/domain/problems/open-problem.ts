// Opening a problem (P2.2, P3.3, docs/problems.md), one transaction: the problem, a call for the
// account's CSR to fix the customer within one business day, a notice to the GM (a task in their
// My day), an entry on the account's timeline, the account's at-risk fact, the `problem.opened`
// event and the audit row. Usable inside a caller's transaction (a survey's detractor answer):
// with a `sourceKey`, a replay opens nothing more and answers the problem already opened.
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { CreateProblem, ProblemDetail, ResponsibleSource } from '../../../contract/problems.js';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam, activities, orders, problems, quotes, tasks, users } from '../../db/schema/index.js';
import { recordEvent } from '../events/index.js';
import { getSettings } from '../settings/index.js';
import { addOffset, assertRole, calendarOf, FieldErrors, recordAudit, type UseCaseContext } from '../shared/index.js';
import { PROBLEM_REPORTER_ROLES, proposeResponsible } from './problems.rules.js';
import { getProblem } from './queries.js';
import { refreshProblemDue } from './problem-due.js';

export type OpenProblemInput = CreateProblem & {
  /** Once key of what opened it (`survey-response:<id>`, `hot-button:<task>:<id>`): unique; a replay opens nothing more. */
  sourceKey?: string;
  /** A responsible person the caller proposes, and how (a hot button's captor). */
  proposed?: { userId: string; source: ResponsibleSource };
};

/** The order's rep, or the rep of the quote it was won from: who set the expectation at the sale. */
export async function repsOfOrder(tx: Db, orderId: string): Promise<{ orderRepId: string | null; quoteRepId: string | null }> {
  const [order] = await tx.select({ repId: orders.repId }).from(orders).where(eq(orders.id, orderId));
  const [quote] = await tx
    .select({ repId: quotes.repId })
    .from(quotes)
    .where(eq(quotes.orderId, orderId))
    .orderBy(asc(quotes.sentAt))
    .limit(1);
  return { orderRepId: order?.repId ?? null, quoteRepId: quote?.repId ?? null };
}

/** Whether `userId` is an active staff member. */
export async function isActiveUser(tx: Db, userId: string): Promise<boolean> {
  const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
  return u?.active === true;
}

export async function openProblem(ctx: UseCaseContext, input: OpenProblemInput): Promise<ProblemDetail> {
  const { actor, now } = ctx;
  // auth.forbidden: only the staff who hear from customers report problems (docs/problems.md).
  assertRole(actor, ...PROBLEM_REPORTER_ROLES);
  return ctx.db.transaction(async (tx) => {
    if (input.sourceKey) {
      const [seen] = await tx.select({ id: problems.id }).from(problems).where(eq(problems.sourceKey, input.sourceKey));
      if (seen) return getProblem({ db: tx, now }, seen.id);
    }
    const errors = new FieldErrors();
    const [account] = await tx.select({ id: accounts.id, name: accounts.name }).from(accounts).where(eq(accounts.id, input.accountId));
    if (!account) errors.add('accountId', `is not an account: ${input.accountId}`);
    let order: { id: string; number: string; csrId: string | null } | undefined;
    if (input.orderId) {
      const [o] = await tx
        .select({ id: orders.id, number: orders.number, csrId: orders.csrId, accountId: orders.accountId })
        .from(orders)
        .where(eq(orders.id, input.orderId));
      if (!o) errors.add('orderId', `is not an order: ${input.orderId}`);
      else if (account && o.accountId !== account.id) errors.add('orderId', `is an order of another account (${o.number})`);
      else order = o;
    }
    const named = input.responsibleUserId ?? null;
    if (named && !(await isActiveUser(tx, named))) errors.add('responsibleUserId', `is not an active staff member: ${named}`);
    // problems.invalid: the account, order or responsible person named does not fit; errors[] names each field.
    errors.throwIfAny('problems.invalid');

    const origin = input.origin ?? null;
    const reps = order ? await repsOfOrder(tx, order.id) : { orderRepId: null, quoteRepId: null };
    const responsible = input.proposed ?? proposeResponsible(origin, { named, ...reps });
    const settings = await getSettings(tx);
    // The settings are the business calendar (workdays, holidays, timezone).
    const dueAt = addOffset(now, 'P1D', true, calendarOf(settings));
    const id = randomUUID();
    const inserted = await tx
      .insert(problems)
      .values({
        id,
        accountId: account!.id,
        orderId: order?.id ?? null,
        source: input.source,
        sourceKey: input.sourceKey ?? null,
        category: input.category,
        description: input.description,
        origin,
        responsibleUserId: responsible?.userId ?? null,
        responsibleSource: responsible?.source ?? null,
        productClaim: input.productClaim || null,
        status: 'open',
        dueAt,
        openedBy: actor.userId,
        openedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      // Two callers with the same once key at once: the second inserts nothing and answers the first's.
      .onConflictDoNothing({ target: problems.sourceKey })
      .returning({ id: problems.id });
    if (inserted.length === 0) {
      const [seen] = await tx.select({ id: problems.id }).from(problems).where(eq(problems.sourceKey, input.sourceKey!));
      return getProblem({ db: tx, now }, seen!.id);
    }

    // The order's CSR, else the account team's (the first by name); else any CSR takes it from the role's pool.
    const [teamCsr] = await tx
      .select({ id: users.id })
      .from(accountTeam)
      .innerJoin(users, eq(users.id, accountTeam.userId))
      .where(and(eq(accountTeam.accountId, account!.id), eq(accountTeam.role, 'csr'), eq(users.active, true)))
      .orderBy(asc(users.name))
      .limit(1);
    const csrId = order?.csrId && (await isActiveUser(tx, order.csrId)) ? order.csrId : (teamCsr?.id ?? null);
    const what = `${input.category}: ${input.description.slice(0, 300)}`;
    const [fixTask] = await tx
      .insert(tasks)
      .values({
        title: `Call ${account!.name} to fix the customer`,
        guidance: `A problem was reported${order ? ` on order ${order.number}` : ''} — ${what}. Call them today or tomorrow, agree what will be done for them, and record it on the problem (corrective action).`,
        kind: 'call',
        accountId: account!.id,
        orderId: order?.id ?? null,
        role: 'csr',
        assigneeId: csrId,
        dueAt,
        status: 'open',
        evidence: { callOutcome: true },
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: tasks.id });
    // The GM hears of every problem (P2.2: bring the whole organisation's resources): a task in their My day.
    await tx.insert(tasks).values({
      title: `Problem reported at ${account!.name}`,
      guidance: `${actor.name} reported${order ? ` on order ${order.number}` : ''}: ${what}. The CSR calls the customer by the due time; see that it is fixed and that its cause is traced.`,
      kind: 'task',
      accountId: account!.id,
      orderId: order?.id ?? null,
      role: 'gm',
      dueAt,
      status: 'open',
      evidence: {},
      createdAt: now,
      updatedAt: now,
    });
    await tx.update(problems).set({ fixTaskId: fixTask!.id }).where(eq(problems.id, id));
    await tx.insert(activities).values({
      accountId: account!.id,
      kind: 'problem',
      subject: `Problem reported: ${input.category}`,
      body: input.description,
      actorId: actor.userId,
      orderId: order?.id ?? null,
      taskId: fixTask!.id,
      occurredAt: now,
      createdAt: now,
    });
    await refreshProblemDue(tx, account!.id);
    await recordEvent(tx, {
      type: 'problem.opened',
      subjectType: 'problem',
      subjectId: id,
      accountId: account!.id,
      payload: {
        problemId: id,
        accountId: account!.id,
        orderId: order?.id ?? null,
        source: input.source,
        category: input.category,
        origin,
        responsibleUserId: responsible?.userId ?? null,
      },
      occurredAt: now,
      source: actor.kind === 'system' ? 'system' : 'api',
    });
    await recordAudit(tx, actor, { action: 'problems.open', entity: 'problem', entityId: id, changes: input }, now);
    return getProblem({ db: tx, now }, id);
  });
}

// The account's at-risk fact from its problems (docs/problems.md "Past due"): the earliest due time
// of its problems not yet fixed, kept on the account row in the same transaction as every problem
// write, as the order facts are — so the account status (rules and SQL) reads one column.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts } from '../../db/schema/index.js';
import { UNFIXED_STATUSES } from './problems.rules.js';

export async function refreshProblemDue(tx: Db, accountId: string): Promise<void> {
  const unfixed = sql.join(
    UNFIXED_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  await tx
    .update(accounts)
    .set({
      problemDueAt: sql`(select min(p.due_at) from problems p where p.account_id = ${accountId} and p.status in (${unfixed}))`,
    })
    .where(sql`${accounts.id} = ${accountId}`);
}

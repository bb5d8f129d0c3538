// Loading the records an order, quote or activity points at, with the field named when one is wrong.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam, users } from '../../db/schema/index.js';
import { notFound, type FieldErrors } from '../shared/index.js';

export type AccountRow = typeof accounts.$inferSelect;

/** The account, row-locked for the rest of the transaction (serialises its order statistics). */
export async function lockAccount(tx: Db, id: string): Promise<AccountRow> {
  const [row] = await tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
  // accounts.not_found: the accountId of a new order, quote or activity names no account.
  if (!row) throw notFound('accounts.not_found', `No account with id ${id}.`);
  return row;
}

export async function getAccountRow(db: Db, id: string): Promise<AccountRow> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  // accounts.not_found: the account asked for does not exist.
  if (!row) throw notFound('accounts.not_found', `No account with id ${id}.`);
  return row;
}

/** Adds a field error for each named user id (repId, csrId …) that is not a user. */
export async function checkUsersExist(db: Db, refs: Record<string, string | null | undefined>, errors: FieldErrors): Promise<void> {
  const wanted = Object.entries(refs).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (wanted.length === 0) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, [...new Set(wanted.map(([, id]) => id))]));
  const ids = new Set(found.map((u) => u.id));
  for (const [field, id] of wanted) if (!ids.has(id)) errors.add(field, `is not a user: ${id}`);
}

/**
 * The account team's active member holding `role` (the first by user id when several), or null:
 * an order without a rep or CSR takes the team's (docs/domain.md §2, Orders).
 */
export async function teamSeat(db: Db, accountId: string, role: 'sales' | 'csr'): Promise<string | null> {
  const [m] = await db
    .select({ userId: accountTeam.userId })
    .from(accountTeam)
    .innerJoin(users, eq(users.id, accountTeam.userId))
    .where(and(eq(accountTeam.accountId, accountId), eq(accountTeam.role, role), eq(users.active, true)))
    .orderBy(asc(accountTeam.userId))
    .limit(1);
  return m?.userId ?? null;
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam, users } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import { notFound, type ReadContext } from '../shared/index.js';
import { accountViewOf, presentAccount, type AccountRow, type TeamRow } from './present.js';

export function accountNotFound(id: string) {
  // accounts.not_found: no account has this id.
  return notFound('accounts.not_found', `No account with id ${id}.`);
}

/** The account row, or accounts.not_found. `lock` takes a row lock that still lets orders reference it. */
export async function getAccountRow(db: Db, id: string, options: { lock?: boolean } = {}): Promise<AccountRow> {
  const q = db.select().from(accounts).where(eq(accounts.id, id));
  const [row] = options.lock ? await q.for('no key update') : await q;
  if (!row) throw accountNotFound(id);
  return row;
}

/** The teams of these accounts in one query, by account id. */
export async function loadTeams(db: Db, accountIds: string[]): Promise<Map<string, TeamRow[]>> {
  const byAccount = new Map<string, TeamRow[]>(accountIds.map((id) => [id, []]));
  if (accountIds.length === 0) return byAccount;
  const rows = await db
    .select({ accountId: accountTeam.accountId, userId: accountTeam.userId, name: users.name, role: accountTeam.role })
    .from(accountTeam)
    .innerJoin(users, eq(users.id, accountTeam.userId))
    .where(inArray(accountTeam.accountId, accountIds))
    .orderBy(asc(accountTeam.role), asc(sql`lower(${users.name})`), asc(accountTeam.userId));
  for (const r of rows) byAccount.get(r.accountId)?.push(r);
  return byAccount;
}

/** One account as the API shows it, or accounts.not_found. */
export async function getAccount({ db, now }: ReadContext, id: string) {
  const row = await getAccountRow(db, id);
  const [teams, settings] = await Promise.all([loadTeams(db, [id]), getCachedSettings(db)]);
  return presentAccount(row, teams.get(id) ?? [], accountViewOf(settings, now));
}

/** Whether (kind, externalRef) is free, apart from the account `exceptId`. */
export async function isExternalRefTaken(db: Db, kind: AccountRow['kind'], externalRef: string, exceptId?: string): Promise<boolean> {
  const [hit] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.kind, kind), eq(accounts.externalRef, externalRef)));
  return Boolean(hit && hit.id !== exceptId);
}

/** True when `err` (or its cause, as drizzle wraps driver errors) is a unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint: name, message } = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (code === '23505' && (name === constraint || (typeof message === 'string' && message.includes(constraint)))) return true;
  }
  return false;
}

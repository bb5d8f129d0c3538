import { and, eq, exists, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Account, ListAccountsQuery } from '../../../contract/accounts.js';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { keyset, nextCursor, readPage, type SortKey } from './keyset.js';
import { accountViewOf, presentAccount, type AccountRow } from './present.js';
import { loadTeams } from './queries.js';
import { accountStatusIs } from './status-sql.js';

type SortField = 'name' | 'createdAt' | 'lastOrderAt' | 'potentialAnnualSpend';

const SORT_KEYS: Record<SortField, SortKey> = {
  name: { expr: sql`lower(${accounts.name})`, kind: 'text', nullable: false },
  createdAt: { expr: sql`${accounts.createdAt}`, kind: 'timestamp', nullable: false },
  lastOrderAt: { expr: sql`${accounts.lastOrderAt}`, kind: 'timestamp', nullable: true },
  potentialAnnualSpend: { expr: sql`${accounts.potentialAnnualSpend}`, kind: 'bigint', nullable: true },
};

/** `%text%` for ILIKE with the user's wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}

export type ListAccountsInput = ListAccountsQuery & { now: Date };

/**
 * A page of accounts: filters and order in one set-based query, then the page's teams in one more.
 * Nulls (no order yet, no potential given) come last in both directions.
 */
export async function listAccounts(db: Db, input: ListAccountsInput): Promise<{ items: Account[]; nextCursor: string | null }> {
  const settings = await getSettings(db);
  const view = accountViewOf(settings, input.now);
  const field = input.sort.replace(/^-/, '') as SortField;
  const ks = keyset({ name: input.sort, keys: [SORT_KEYS[field]], id: accounts.id, direction: input.sort.startsWith('-') ? 'desc' : 'asc', cursor: input.cursor });

  const where: (SQL | undefined)[] = [];
  if (input.q) {
    const like = containsPattern(input.q);
    where.push(or(ilike(accounts.name, like), ilike(accounts.externalRef, like), ilike(accounts.city, like), ilike(accounts.country, like)));
  }
  if (input.kind) where.push(eq(accounts.kind, input.kind));
  if (input.tier) where.push(sql`lower(${accounts.tier}) = lower(${input.tier})`);
  if (input.status) where.push(accountStatusIs(input.status, view.policy));
  if (input.teamUserId) {
    where.push(exists(db.select({ one: sql`1` }).from(accountTeam).where(and(eq(accountTeam.accountId, accounts.id), eq(accountTeam.userId, input.teamUserId)))));
  }

  const rows = await readPage(ks, input.limit, (segment, take) =>
    db
      .select({ row: accounts, ...ks.select })
      .from(accounts)
      .where(and(segment.where, ...where))
      .orderBy(...segment.orderBy)
      .limit(take),
  );
  const cursor = nextCursor(rows.map((r) => ({ ...r, id: r.row.id })), input.limit, ks);
  const page: AccountRow[] = rows.slice(0, input.limit).map((r) => r.row);
  const teams = await loadTeams(db, page.map((r) => r.id));
  return { items: page.map((r) => presentAccount(r, teams.get(r.id) ?? [], view)), nextCursor: cursor };
}

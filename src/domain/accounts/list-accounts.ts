import { and, eq, exists, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Account, ListAccountsQuery } from '../../../contract/accounts.js';
import { rowFromJson } from '../../db/json-row.js';
import { accounts, accountTeam, users } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import type { ReadContext } from '../shared/index.js';
import { keyset, nextCursor, readPage, type SortKey } from './keyset.js';
import { accountViewOf, presentAccount, type TeamRow } from './present.js';
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

/** Each account's team as JSON, in the order loadTeams gives. NOTE: `accounts.id` spelled out; drizzle renders a lone column unqualified, and `id` would be `users.id` here. */
const teamJson = sql<
  TeamRow[]
>`(select coalesce(json_agg(json_build_object('accountId', t.account_id, 'userId', t.user_id, 'name', u.name, 'role', t.role)
    order by t.role, lower(u.name), t.user_id), '[]'::json)
  from ${accountTeam} t join ${users} u on u.id = t.user_id where t.account_id = ${accounts}.id)`;

/**
 * A page of accounts with their teams: filters and order in one set-based query (one query per
 * segment of the keyset). Nulls (no order yet, no potential given) come last in both directions.
 * Rows come as JSON (see db/json-row.ts): on PGlite decoding 20 columns × 26 rows cost more than the query.
 */
export async function listAccounts(ctx: ReadContext, input: ListAccountsQuery): Promise<{ items: Account[]; nextCursor: string | null }> {
  const { db } = ctx;
  const settings = await getCachedSettings(db);
  const view = accountViewOf(settings, ctx.now);
  const field = input.sort.replace(/^-/, '') as SortField;
  const ks = keyset({
    name: input.sort,
    keys: [SORT_KEYS[field]],
    id: accounts.id,
    direction: input.sort.startsWith('-') ? 'desc' : 'asc',
    cursor: input.cursor,
  });

  const where: (SQL | undefined)[] = [];
  if (input.q) {
    const like = containsPattern(input.q);
    where.push(
      or(ilike(accounts.name, like), ilike(accounts.externalRef, like), ilike(accounts.city, like), ilike(accounts.country, like)),
    );
  }
  if (input.kind) where.push(eq(accounts.kind, input.kind));
  if (input.tier) where.push(sql`lower(${accounts.tier}) = lower(${input.tier})`);
  if (input.status) where.push(accountStatusIs(input.status, view.policy));
  if (input.teamUserId) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(accountTeam)
          .where(and(eq(accountTeam.accountId, accounts.id), eq(accountTeam.userId, input.teamUserId))),
      ),
    );
  }

  const rows = await readPage(ks, input.limit, (segment, take) =>
    db
      .select({ json: sql<Record<string, unknown>>`row_to_json(${accounts})`, team: teamJson, ...ks.select })
      .from(accounts)
      .where(and(segment.where, ...where))
      .orderBy(...segment.orderBy)
      .limit(take),
  );
  const cursor = nextCursor(
    rows.map((r) => ({ ...r, id: r.json['id'] })),
    input.limit,
    ks,
  );
  const items = rows.slice(0, input.limit).map((r) => presentAccount(rowFromJson(accounts, r.json), r.team, view));
  return { items, nextCursor: cursor };
}

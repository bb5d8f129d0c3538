// API tokens for integrations: shown once at creation, stored only as a SHA-256 hash.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { CreatedToken, Token } from '../../../contract/auth.js';
import { apiTokens, users } from '../../db/schema/index.js';
import { forbidden, notFound, recordAudit, type ReadContext, type UseCaseContext } from '../shared/index.js';
import type { UserRow } from './present.js';
import { randomSecret, sha256 } from './secrets.js';

const TOKEN_PREFIX = 'rpt_';

export async function createApiToken(ctx: UseCaseContext, name: string): Promise<CreatedToken> {
  const { actor, now } = ctx;
  if (!actor.userId) throw forbidden('auth.forbidden', 'Only a signed-in user can create a token.');
  // auth.session_required: a token is made by a person signed in, never by another token — a leaked
  // token could otherwise mint itself successors and outlive its revocation.
  if (actor.kind === 'token')
    throw forbidden('auth.session_required', 'A new API token is created by a signed-in user (a browser session), not with another token.');
  const token = TOKEN_PREFIX + randomSecret(32);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: actor.userId!, name, prefix: token.slice(0, 10), tokenHash: sha256(token) })
      .returning();
    await recordAudit(tx, actor, { action: 'tokens.create', entity: 'api_token', entityId: row!.id, changes: { name } }, now);
    return { id: row!.id, name, token };
  });
}

export async function listApiTokens({ db, actor }: UseCaseContext): Promise<Token[]> {
  const isAdmin = actor.roles.includes('admin');
  const rows = await db
    .select({ token: apiTokens, userName: users.name })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(isNull(apiTokens.revokedAt), isAdmin ? undefined : eq(apiTokens.userId, actor.userId ?? '00000000-0000-0000-0000-000000000000')),
    )
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(({ token, userName }) => ({
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    user: { id: token.userId, name: userName },
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(ctx: UseCaseContext, id: string): Promise<void> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    // tokens.not_found: no live token has this id.
    if (!row) throw notFound('tokens.not_found', `No token with id ${id}.`);
    if (row.userId !== actor.userId && !actor.roles.includes('admin'))
      throw forbidden('auth.forbidden', 'Only an admin may revoke another user’s token.');
    await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
    await recordAudit(tx, actor, { action: 'tokens.revoke', entity: 'api_token', entityId: id, changes: { name: row.name } }, now);
  });
}

/** The user behind a Bearer token, or null. */
export async function resolveApiToken({ db, now }: ReadContext, token: string): Promise<UserRow | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  if (!row || !row.user.active) return null;
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  return row.user;
}

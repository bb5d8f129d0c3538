// The first admin: no default password exists, ever. The first start prints a one-time setup link;
// `rapport admin create` does the same from the shell.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Setup } from '../../../contract/auth.js';
import type { Role } from '../../../contract/common.js';
import type { Db } from '../../db/client.js';
import { setupTokens, users } from '../../db/schema/index.js';
import { DomainError, forbidden, recordAudit, type ReadContext, type UseCaseContext } from '../shared/index.js';
import { presentUser, type UserRow } from './present.js';
import { hashNewPassword } from './password-policy.js';
import { randomSecret, sha256 } from './secrets.js';

export async function hasAdmin(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`'admin' = any(${users.roles}) and ${users.passwordHash} is not null`);
  return (row?.n ?? 0) > 0;
}

/** A new one-time setup token valid for 24 h, or null when an admin already exists. */
export async function issueSetupToken({ db, now }: ReadContext): Promise<string | null> {
  if (await hasAdmin(db)) return null;
  const token = randomSecret(24);
  await db.insert(setupTokens).values({ tokenHash: sha256(token), createdAt: now, expiresAt: new Date(now.getTime() + 24 * 3600_000) });
  return token;
}

export async function isSetupTokenValid({ db, now }: ReadContext, token: string): Promise<boolean> {
  const [row] = await db
    .select()
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, sha256(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)));
  return Boolean(row) && !(await hasAdmin(db));
}

export interface CreateAdminInput {
  email: string;
  name: string;
  password: string;
}

/** Creates an admin (or gives an existing user by that email the admin role and password). */
export async function createAdmin(ctx: UseCaseContext, input: CreateAdminInput): Promise<UserRow> {
  const { actor, now } = ctx;
  const passwordHash = await hashNewPassword(input.password, { email: input.email });
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${input.email})`);
    let row: UserRow;
    if (existing) {
      const roles: Role[] = existing.roles.includes('admin') ? existing.roles : [...existing.roles, 'admin'];
      [row] = (await tx
        .update(users)
        .set({ roles, passwordHash, active: true, updatedAt: now })
        .where(eq(users.id, existing.id))
        .returning()) as [UserRow];
    } else {
      [row] = (await tx
        .insert(users)
        .values({ email: input.email.toLowerCase(), name: input.name, roles: ['admin', 'gm'], passwordHash })
        .returning()) as [UserRow];
    }
    await recordAudit(
      tx,
      actor,
      { action: 'users.create_admin', entity: 'user', entityId: row.id, changes: { email: input.email, name: input.name } },
      now,
    );
    return row;
  });
}

/** Uses a setup link: creates the first admin. The link works once, and only while no admin exists. */
export async function completeSetup(ctx: UseCaseContext, input: Setup): Promise<UserRow> {
  const { db, now } = ctx;
  const valid = await isSetupTokenValid(ctx, input.token);
  // auth.setup_invalid: the setup link is unknown, used, expired, or an admin exists already.
  if (!valid)
    throw new DomainError({
      code: 'auth.setup_invalid',
      category: 'forbidden',
      detail: 'This setup link is no longer valid. Ask your administrator, or run `rapport admin create`.',
    });
  const row = await createAdmin(ctx, input);
  const used = await db
    .update(setupTokens)
    .set({ usedAt: now })
    .where(and(eq(setupTokens.tokenHash, sha256(input.token)), isNull(setupTokens.usedAt)))
    .returning();
  // auth.setup_invalid also when another request used the link at the same moment (one code, one status: 403).
  if (used.length === 0) throw forbidden('auth.setup_invalid', 'This setup link was used at the same moment by someone else.');
  return row;
}

export { presentUser };

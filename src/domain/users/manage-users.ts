import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import { UserEntity, type CreateUser, type UpdateUser } from '../../../contract/auth.js';
import type { Role } from '../../../contract/common.js';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import {
  assertRole,
  columnPatch,
  columnValues,
  conflict,
  customFields,
  decodeCursor,
  diff,
  forbidden,
  invalid,
  notFound,
  pageResult,
  recordAudit,
  type UseCaseContext,
} from '../shared/index.js';
import { presentUser, type UserRow } from './present.js';
import { hashNewPassword } from './password-policy.js';

// Converted here, not copied: roles without repeats on a PATCH, the password as its hash.
customFields(UserEntity, 'create', ['roles', 'password']);
customFields(UserEntity, 'update', ['roles', 'password']);
import { revokeUserSessions } from './sessions.js';

async function assertUnique(
  db: Db,
  input: { email?: string | null | undefined; externalRef?: string | null | undefined },
  exceptId?: string,
) {
  if (input.email) {
    const [hit] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${input.email})`);
    // users.email_taken: another user already has this email.
    if (hit && hit.id !== exceptId)
      throw conflict('users.email_taken', `Another user already has the email ${input.email}.`, [
        { path: 'email', message: 'is already taken' },
      ]);
  }
  if (input.externalRef) {
    const [hit] = await db.select({ id: users.id }).from(users).where(eq(users.externalRef, input.externalRef));
    // users.external_ref_taken: another user already has this external reference.
    if (hit && hit.id !== exceptId)
      throw conflict('users.external_ref_taken', `Another user already has the external reference ${input.externalRef}.`, [
        { path: 'externalRef', message: 'is already taken' },
      ]);
  }
}

export async function createUser(ctx: UseCaseContext, input: CreateUser) {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  const passwordHash = input.password ? await hashNewPassword(input.password, { email: input.email }) : null;
  return ctx.db.transaction(async (tx) => {
    await assertUnique(tx, input);
    const [row] = await tx
      .insert(users)
      .values({ ...columnValues(UserEntity, input), roles: input.roles, passwordHash })
      .returning();
    await recordAudit(
      tx,
      actor,
      {
        action: 'users.create',
        entity: 'user',
        entityId: row!.id,
        changes: { ...input, password: input.password ? '[set]' : undefined },
      },
      now,
    );
    return presentUser(row!);
  });
}

export interface UpdateUserInput {
  id: string;
  patch: UpdateUser;
}

export async function updateUser(ctx: UseCaseContext, { id, patch: input }: UpdateUserInput) {
  const { actor, now } = ctx;
  const isSelf = actor.userId === id;
  const isAdmin = actor.roles.includes('admin');
  if (!isAdmin) {
    // Non-admins may change only their own name and password (no mass assignment of roles).
    const adminOnly = (['roles', 'active', 'email', 'externalRef'] as const).filter((k) => input[k] !== undefined);
    if (!isSelf || adminOnly.length > 0) {
      throw forbidden(
        'auth.forbidden',
        adminOnly.length > 0 ? `Only an admin may change ${adminOnly.join(', ')}.` : 'Only an admin may change another user.',
      );
    }
  }
  if (isSelf && input.password !== undefined) {
    // auth.current_password_required: your own password changes at PATCH /me, confirmed by the current one.
    throw invalid('auth.current_password_required', [
      { path: 'password', message: 'your own password changes at PATCH /api/v1/me, with currentPassword' },
    ]);
  }
  const passwordHash = input.password ? await hashNewPassword(input.password, { email: input.email }) : undefined;
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    // users.not_found: no user has this id.
    if (!current) throw notFound('users.not_found', `No user with id ${id}.`);
    await assertUnique(tx, input, id);
    if (isSelf && (input.active === false || (input.roles && !input.roles.includes('admin') && current.roles.includes('admin')))) {
      await assertAnotherAdmin(tx, id);
    }
    const patch = {
      ...columnPatch(UserEntity, input),
      ...(input.roles !== undefined && { roles: [...new Set(input.roles)] }),
    };
    const [row] = await tx
      .update(users)
      .set({ ...patch, ...(passwordHash && { passwordHash }), updatedAt: now })
      .where(eq(users.id, id))
      .returning();
    // An admin's reset ends every session of that user: whoever held the old password is out.
    const sessionsRevoked = passwordHash ? await revokeUserSessions(tx, id, now, null) : 0;
    await recordAudit(
      tx,
      actor,
      {
        action: 'users.update',
        entity: 'user',
        entityId: id,
        changes: { ...diff(current, patch), ...(passwordHash && { password: '[changed]', sessionsRevoked }) },
      },
      now,
    );
    return presentUser(row!);
  });
}

async function assertAnotherAdmin(db: Db, exceptId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(sql`'admin' = any(${users.roles})`, eq(users.active, true), sql`${users.id} <> ${exceptId}`));
  // users.last_admin: the change would leave no active admin.
  if (!row || row.n === 0) throw conflict('users.last_admin', 'This would leave Rapport without an active admin.');
}

export async function getUser(db: Db, id: string): Promise<UserRow> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('users.not_found', `No user with id ${id}.`);
  return row;
}

export interface ListUsersInput {
  q?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listUsers(db: Db, input: ListUsersInput) {
  const where: SQL[] = [];
  if (input.q) {
    const like = `%${input.q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(or(ilike(users.name, like), ilike(users.email, like), ilike(users.externalRef, like))!);
  }
  if (input.role) where.push(sql`${input.role} = any(${users.roles})`);
  if (input.active !== undefined) where.push(eq(users.active, input.active));
  const after = decodeCursor(input.cursor, ['text', 'uuid']) as [string, string] | null;
  if (after) where.push(or(gt(sql`lower(${users.name})`, after[0]), and(eq(sql`lower(${users.name})`, after[0]), gt(users.id, after[1])))!);
  const rows = await db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, (r) => [r.name.toLowerCase(), r.id]);
  return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
}

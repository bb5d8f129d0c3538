import type { User } from '../../../contract/auth.js';
import type { Role } from '../../../contract/common.js';
import type { users } from '../../db/schema/index.js';

export type UserRow = typeof users.$inferSelect;

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    externalRef: row.externalRef,
    roles: row.roles as Role[],
    active: row.active,
    canSignIn: Boolean(row.active && row.email && row.passwordHash),
    createdAt: row.createdAt.toISOString(),
  };
}

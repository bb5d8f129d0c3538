import { UserEntity, type User } from '../../../contract/auth.js';
import type { users } from '../../db/schema/index.js';
import { columnsOf } from '../shared/index.js';

export type UserRow = typeof users.$inferSelect;

export function presentUser(row: UserRow): User {
  return {
    ...columnsOf(UserEntity, row),
    roles: row.roles,
    canSignIn: Boolean(row.active && row.email && row.passwordHash),
  };
}

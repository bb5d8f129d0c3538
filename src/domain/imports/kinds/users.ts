// users (staff, reps): upserted by external reference. A user without email cannot sign in
// until an admin gives one (docs/domain.md §2). Only an admin may import users (access.rules.ts), and the
// last-admin guard of PATCH /users/:id holds here too: a row that would take the admin role from
// the last active admin is refused, and the import checks once more before it commits.
import { sql } from 'drizzle-orm';
import { UserEntity } from '../../../../contract/auth.js';
import { isRole, ROLES } from '../../../../contract/common.js';
import { users } from '../../../db/schema/index.js';
import { conflict } from '../../shared/index.js';
import { countsOf, rowsOf, updatesFor, upsertSql, type KindDeps, type KindHandler } from '../kind.js';
import { declaredColumns, readDeclared } from './declared.js';

interface UserImportRow {
  external_ref: string;
  name: string;
  email: string | null;
  roles: string[];
  created_at: Date;
  updated_at: Date;
  /** Any other import field of the declaration (UserEntity), by column name. */
  [column: string]: unknown;
}

const DECLARED = declaredColumns(UserEntity, users, ['externalRef', 'name', 'email', 'roles']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function usersKind(deps: KindDeps): Promise<KindHandler<UserImportRow>> {
  // Emails already taken, by whose external reference: small next to any order file.
  const taken = new Map<string, string | null>();
  const existing = await rowsOf<{ email: string; external_ref: string | null }>(
    deps.db,
    sql`select lower(email) as email, external_ref from users where email is not null`,
  );
  for (const u of existing) taken.set(u.email, u.external_ref);
  const emailsInFile = new Map<string, string>();
  // The last-admin guard: active admins as the file's rows change them, in file order.
  const staff = await rowsOf<{ external_ref: string; active: boolean; is_admin: boolean }>(
    deps.db,
    sql`select external_ref, active, 'admin' = any(roles) as is_admin from users where external_ref is not null`,
  );
  const byRef = new Map(staff.map((u) => [u.external_ref, u]));
  const [admins] = await rowsOf<{ n: number }>(deps.db, sql`select count(*)::int as n from users where active and 'admin' = any(roles)`);
  let activeAdmins = Number(admins?.n ?? 0);
  const isSettingRoles = deps.provided.has('roles');
  return {
    keyField: 'externalRef',
    key: (r) => r.external_ref,
    convert(c) {
      const externalRef = c.get('externalRef');
      const name = c.get('name');
      if (!externalRef) c.bad('externalRef', 'is required');
      if (!name) c.bad('name', 'is required');
      const email = c.get('email') ?? null;
      if (email) {
        const lower = email.toLowerCase();
        if (!EMAIL.test(email)) c.bad('email', 'is not an email address');
        else if (taken.has(lower) && taken.get(lower) !== externalRef) c.bad('email', 'belongs to another user');
        else if (emailsInFile.has(lower) && emailsInFile.get(lower) !== externalRef)
          c.bad('email', 'is given to another user earlier in the file');
        else if (externalRef) emailsInFile.set(lower, externalRef);
      }
      const roles = (c.get('roles') ?? '')
        .split(/[;|]/)
        .map((r) => r.trim().toLowerCase())
        .filter(Boolean);
      const unknown = roles.filter((r) => !isRole(r));
      if (unknown.length > 0) c.bad('roles', `has unknown roles ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
      if (isSettingRoles && externalRef && !c.isBad()) {
        const before = byRef.get(externalRef);
        const wasAdmin = Boolean(before?.active && before.is_admin);
        const isAdmin = roles.includes('admin') && (before?.active ?? true);
        if (wasAdmin && !isAdmin && activeAdmins <= 1) {
          c.bad('roles', 'takes the admin role from the last active admin: give another user admin first');
        } else if (wasAdmin !== isAdmin) {
          activeAdmins += isAdmin ? 1 : -1;
          byRef.set(externalRef, { external_ref: externalRef, active: before?.active ?? true, is_admin: isAdmin });
        }
      }
      return {
        external_ref: externalRef ?? '',
        name: name ?? '',
        email,
        roles: [...new Set(roles)].sort(),
        ...Object.fromEntries(DECLARED.map((d) => [d.column, readDeclared(c, d, deps.mapping)])),
        created_at: deps.now,
        updated_at: deps.now,
      };
    },
    async write(tx, rows) {
      const update = updatesFor(new Set([...deps.provided, 'name']), {
        name: 'name',
        email: 'email',
        roles: 'roles',
        ...Object.fromEntries(DECLARED.map((d) => [d.field, d.column])),
      });
      const spec = {
        table: 'users',
        columns: {
          external_ref: 'text',
          name: 'text',
          email: 'text',
          roles: 'text[]',
          ...Object.fromEntries(DECLARED.map((d) => [d.column, d.sqlType])),
          created_at: 'timestamptz',
          updated_at: 'timestamptz',
        },
        conflict: '(external_ref)',
        update,
        touch: { updated_at: 'excluded.updated_at' },
      };
      const returned = await rowsOf<{ inserted: boolean }>(tx, upsertSql(spec, JSON.stringify(rows)));
      return countsOf(rows.length, returned);
    },
    async finish(tx) {
      // The net under the per-row guard (rows skipped or repeated after they were counted): the
      // import never commits a Rapport without an active admin, if it had one.
      const [after] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from users where active and 'admin' = any(roles)`);
      if (Number(admins?.n ?? 0) > 0 && Number(after?.n ?? 0) === 0) {
        // users.last_admin: the change would leave no active admin.
        throw conflict('users.last_admin', 'This import would leave Rapport without an active admin; nothing was imported.');
      }
    },
  };
}

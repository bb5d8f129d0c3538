// users (staff, reps): upserted by external reference. A user without email cannot sign in
// until an admin gives one (DESIGN §2).
import { sql } from 'drizzle-orm';
import { ROLES, type Role } from '../../../../contract/common.js';
import { countsOf, rowsOf, updatesFor, upsertSql, type KindDeps, type KindHandler } from '../kind.js';

interface UserImportRow {
  external_ref: string;
  name: string;
  email: string | null;
  roles: string[];
  created_at: Date;
  updated_at: Date;
}

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
      const unknown = roles.filter((r) => !ROLES.includes(r as Role));
      if (unknown.length > 0) c.bad('roles', `has unknown roles ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
      return {
        external_ref: externalRef ?? '',
        name: name ?? '',
        email,
        roles: [...new Set(roles)].sort(),
        created_at: deps.now,
        updated_at: deps.now,
      };
    },
    async write(tx, rows) {
      const update = updatesFor(new Set([...deps.provided, 'name']), { name: 'name', email: 'email', roles: 'roles' });
      if (update['roles']) update['roles'] = 'excluded.roles';
      const spec = {
        table: 'users',
        columns: {
          external_ref: 'text',
          name: 'text',
          email: 'text',
          roles: 'text[]',
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
  };
}

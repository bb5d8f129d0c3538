// On PGlite the one connection is the superuser, and superusers skip row-level security. The app's
// work runs as `rapport_app` instead: a member of that superuser (so it owns, reads and changes
// what the superuser does, migrations and job tables included) that is neither a superuser nor
// exempt from policies, so the policy that hides a staged import's orders applies to it (decision
// 0023, docs/imports.md). Only the role's creation and the policies' FORCE need the superuser.
import type { PGlite } from '@electric-sql/pglite';

export const APP_ROLE = 'rapport_app';

/** Creates the app's role when missing, forces every policy on its owner, and makes the connection use the role. */
export async function enterAppRole(client: PGlite): Promise<void> {
  await client.exec(`
    reset role;
    do $$ begin
      if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} nosuperuser nobypassrls nologin;
        execute format('grant %I to ${APP_ROLE}', current_user);
        -- What the superuser alone may do and the app does: COPY from PGlite's blob device (the
        -- imports' staging) and a checkpoint on close and backup.
        grant pg_read_server_files, pg_write_server_files to ${APP_ROLE};
        grant pg_checkpoint to ${APP_ROLE};
      end if;
    end $$;
    -- A member of the owner counts as the owner, which skips a policy unless it is forced.
    do $$ declare t regclass; begin
      for t in select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity and not c.relforcerowsecurity loop
        execute format('alter table %s force row level security', t);
      end loop;
    end $$;
    set role ${APP_ROLE};`);
}

/** Runs `fn` as the superuser (migrations: they create what the app's role then uses), then back in the app's role. */
export async function asSuperuser<T>(client: PGlite, fn: () => Promise<T>): Promise<T> {
  await client.exec('reset role');
  try {
    return await fn();
  } finally {
    await enterAppRole(client);
  }
}

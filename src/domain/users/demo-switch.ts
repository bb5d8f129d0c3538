// "Sign in as" — for the sample company only (docs/operations.md, "The demo company"). A newcomer
// sees My day as the CSR, the quality manager and the GM in a minute. It exists where `rapport
// demo` made the database (settings.is_demo, written by it alone), for a session of an admin or
// of a sample staff member — who has no password, so their session can only have come from the
// switcher. Anywhere else it answers 403 auth.not_demo, to every caller.
import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../../contract/common.js';
import { users } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { forbidden, notFound, recordAudit, type ReadContext, type UseCaseContext } from '../shared/index.js';
import { createSession, revokeSession, type CreatedSession, type SessionPolicy } from './sessions.js';
import type { UserRow } from './present.js';

export interface DemoStaffMember {
  id: string;
  name: string;
  roles: Role[];
}

async function assertMaySwitch(ctx: ReadContext & Pick<UseCaseContext, 'actor'>): Promise<void> {
  // auth.not_demo: the database was not made by `rapport demo`.
  if (!(await getSettings(ctx.db)).isDemo)
    throw forbidden('auth.not_demo', '"Sign in as" exists only in the sample company made by `rapport demo`.');
  const [me] = ctx.actor.userId ? await ctx.db.select().from(users).where(eq(users.id, ctx.actor.userId)) : [];
  const isAdmin = me?.roles.includes('admin') ?? false;
  const isSampleStaff = me !== undefined && me.passwordHash === null;
  // auth.switch_forbidden: neither an admin nor a sample staff member it switched to.
  if (ctx.actor.kind !== 'user' || !(isAdmin || isSampleStaff))
    throw forbidden('auth.switch_forbidden', '"Sign in as" is for the sample company\'s admin, signed in.');
}

/** Whether the signed-in user sees the switcher (never throws). */
export async function maySwitchUser(ctx: ReadContext & Pick<UseCaseContext, 'actor'>): Promise<boolean> {
  return assertMaySwitch(ctx).then(
    () => true,
    () => false,
  );
}

/** The people one may become: every active user, by name. */
export async function listDemoStaff(ctx: ReadContext & Pick<UseCaseContext, 'actor'>): Promise<DemoStaffMember[]> {
  await assertMaySwitch(ctx);
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, roles: r.roles }));
}

export interface SignInAsInput {
  userId: string;
  /** The hash of the asking session's id: it ends, the new one replaces it. */
  currentSession: string | null;
  policy: SessionPolicy;
  userAgent: string | null;
}

/** Ends the caller's session and opens one for `userId`; one transaction. */
export async function signInAs(ctx: UseCaseContext, input: SignInAsInput): Promise<{ user: UserRow; session: CreatedSession }> {
  return ctx.db.transaction(async (tx) => {
    const c = { ...ctx, db: tx };
    await assertMaySwitch(c);
    // auth.switch_forbidden also without a session: an API token stays who it is.
    if (!input.currentSession) throw forbidden('auth.switch_forbidden', '"Sign in as" works in the browser, with a session.');
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.active, true)));
    if (!user) throw notFound('users.not_found', 'No active user has this id.');
    await revokeSession(c, input.currentSession);
    const session = await createSession(c, { userId: user.id, policy: input.policy, ip: ctx.actor.ip, userAgent: input.userAgent });
    await recordAudit(tx, ctx.actor, { action: 'demo.sign_in_as', entity: 'user', entityId: user.id }, ctx.now);
    return { user, session };
  });
}

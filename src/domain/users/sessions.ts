// Sessions live in the database: opaque 256-bit ids (only the SHA-256 is stored), new at every
// sign-in, revoked at sign-out, with idle and absolute timeouts.
import { and, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, loginFailures, sessions, users } from '../../db/schema/index.js';
import { DomainError, forbidden, invalid, recordAudit, type Actor, type ReadContext, type UseCaseContext } from '../shared/index.js';
import { hashNewPassword } from './password-policy.js';
import type { UserRow } from './present.js';
import { dummyPasswordHash, randomSecret, sha256, verifyPassword } from './secrets.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MINUTES = 15;

export interface CreatedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface CreateSessionInput {
  userId: string;
  policy: SessionPolicy;
  ip: string | null;
  userAgent: string | null;
}

/** Opens a session for a user whose credentials were checked (sign-in, the setup link). */
export async function createSession({ db, now }: ReadContext, input: CreateSessionInput): Promise<CreatedSession> {
  const { userId, policy } = input;
  const sessionId = randomSecret(32);
  const csrfToken = randomSecret(32);
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3600_000);
  await db.insert(sessions).values({
    idHash: sha256(sessionId),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return { sessionId, csrfToken, expiresAt };
}

/**
 * How stale last_seen_at may get before a request writes it again: at most once a minute per
 * session, and well inside the idle limit, so a short limit never ends a session that is in use.
 */
export function touchIntervalMs(policy: SessionPolicy): number {
  return Math.min(60_000, (policy.idleMinutes * 60_000) / 4);
}

export interface ResolvedSession {
  user: UserRow;
  csrfToken: string;
  idHash: string;
}

export interface ResolveSessionInput {
  /** The session cookie's value. */
  sessionId: string;
  policy: SessionPolicy;
}

/** The signed-in user of a session cookie, or null when it is unknown, revoked or timed out. */
export async function resolveSession(
  { db, now }: ReadContext,
  { sessionId, policy }: ResolveSessionInput,
): Promise<ResolvedSession | null> {
  const idHash = sha256(sessionId);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!row || !row.user.active) return null;
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  if (row.session.lastSeenAt < idleLimit) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > touchIntervalMs(policy)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { user: row.user, csrfToken: row.session.csrfToken, idHash };
}

/** Sign-out: the session (by the hash of its id) ends now. */
export async function revokeSession({ db, now }: ReadContext, idHash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.idHash, idHash));
}

/** Ends every live session of a user but `keep` (the caller's own); returns how many ended. */
export async function revokeUserSessions(db: Db, userId: string, now: Date, keep: string | null): Promise<number> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.idHash, keep) : undefined))
    .returning({ expiresAt: sessions.expiresAt });
  return ended.filter((s) => s.expiresAt > now).length;
}

/** Revokes every live API token of a user; returns how many. */
export async function revokeUserTokens(db: Db, userId: string, now: Date): Promise<number> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}

export interface ListUserSessionsInput {
  userId: string;
  /** The hash of the asking session's id, marked current; null for a token. */
  current: string | null;
  policy: SessionPolicy;
}

/** The live sessions of a user, newest activity first (what "Where you are signed in" lists). */
export async function listUserSessions({ db, now }: ReadContext, { userId, current, policy }: ListUserSessionsInput) {
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleLimit)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((r) => ({
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ip: r.ip,
    userAgent: r.userAgent,
    current: r.idHash === current,
  }));
}

export interface LoginInput {
  email: string;
  password: string;
  userAgent: string | null;
  policy: SessionPolicy;
}

/** Two-key advisory lock class for sign-in attempts (one key per email + address). */
const LOGIN_LOCK_CLASS = 724013;

function throttled(retryAfter: number): DomainError {
  // auth.throttled: too many failed sign-ins for this email from this address.
  return new DomainError({
    code: 'auth.throttled',
    category: 'rate_limited',
    detail: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    meta: { retryAfter },
  });
}

/**
 * Books one password check against the throttle for an email + address, atomically: the attempt
 * is counted as a failure before the (slow) check runs, under a lock for that key, so 25 guesses
 * at once get exactly LOGIN_MAX_FAILURES checks. A right password clears the key.
 */
export async function bookPasswordAttempt(db: Db, email: string, ip: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOGIN_LOCK_CLASS}, hashtext(${`${email}\n${ip}`}))`);
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int`, first: sql<string | null>`min(${loginFailures.at})` })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip), gt(loginFailures.at, windowStart)));
    if ((row?.n ?? 0) >= LOGIN_MAX_FAILURES) {
      const first = row?.first ? new Date(row.first) : now;
      throw throttled(Math.max(1, Math.ceil((first.getTime() + LOGIN_WINDOW_MINUTES * 60_000 - now.getTime()) / 1000)));
    }
    await tx.insert(loginFailures).values({ email, ip, at: now });
  });
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - 24 * 3600_000)));
}

async function clearPasswordAttempts(db: Db, email: string, ip: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)));
}

/**
 * Checks the password with argon2id and opens a new session; 10 failures per 15 min per email+IP → 429.
 * ctx.actor is the caller not yet signed in: its address and request id go on the session and the audit row.
 */
export async function login(ctx: UseCaseContext, input: LoginInput): Promise<{ user: UserRow; session: CreatedSession }> {
  const { db, now } = ctx;
  const ip = ctx.actor.ip ?? 'unknown';
  const email = input.email.toLowerCase();
  await bookPasswordAttempt(db, email, ip, now);
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyPasswordHash(), input.password);
  if (!user || !ok || !user.active) {
    // auth.bad_credentials: the email and password do not match an active user.
    throw new DomainError({ code: 'auth.bad_credentials', category: 'unauthenticated', detail: 'The email or the password is wrong.' });
  }
  return db.transaction(async (tx) => {
    await clearPasswordAttempts(tx, email, ip);
    const session = await createSession({ db: tx, now }, { userId: user.id, policy: input.policy, ip, userAgent: input.userAgent });
    const actor: Actor = { kind: 'user', userId: user.id, name: user.name, roles: [], ip, requestId: ctx.actor.requestId };
    await recordAudit(tx, actor, { action: 'auth.login', entity: 'user', entityId: user.id }, now);
    return { user, session };
  });
}

export interface ChangeOwnPasswordInput {
  /** A new name, changed in the same transaction. */
  name?: string | undefined;
  currentPassword: string;
  password: string;
  /** Also revoke the user's API tokens (default: yes — a stolen session may have made one). */
  revokeTokens: boolean;
  /** The session making the change, which stays signed in; null for a token. */
  keepSession: string | null;
}

export interface SignedOutElsewhere {
  sessionsRevoked: number;
  tokensRevoked: number;
}

/**
 * A user changes their own password: the current one is checked first (and counted by the sign-in
 * throttle, so a stolen session cannot guess it), then every other session ends, and by default
 * every API token of the user is revoked too. See docs/decisions/0009-password-changes.md.
 */
export async function changeOwnPassword(ctx: UseCaseContext, input: ChangeOwnPasswordInput): Promise<SignedOutElsewhere> {
  const { db, actor, now } = ctx;
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.id, actor.userId ?? '00000000-0000-0000-0000-000000000000'));
  if (!user) throw forbidden('auth.forbidden', 'Only a signed-in user can change their password.');
  const key = user.email?.toLowerCase() ?? `user:${user.id}`;
  await bookPasswordAttempt(db, key, actor.ip ?? 'unknown', now);
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    // auth.wrong_password: the current password given to confirm a change is wrong.
    throw invalid('auth.wrong_password', [{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  await clearPasswordAttempts(db, key, actor.ip ?? 'unknown');
  const passwordHash = await hashNewPassword(input.password, { email: user.email, currentPassword: input.currentPassword });
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, ...(input.name !== undefined && { name: input.name }), updatedAt: now })
      .where(eq(users.id, user.id));
    const result = await signOutElsewhere(tx, user.id, now, input);
    const renamed = input.name !== undefined && input.name !== user.name ? { name: { from: user.name, to: input.name } } : {};
    await recordAudit(
      tx,
      actor,
      { action: 'users.password_change', entity: 'user', entityId: user.id, changes: { ...renamed, password: '[changed]', ...result } },
      now,
    );
    return result;
  });
}

/** "Sign out everywhere": every session of the user but this one, and by default every API token. */
export type SignOutEverywhereInput = Pick<ChangeOwnPasswordInput, 'revokeTokens' | 'keepSession'>;

export async function signOutEverywhere(ctx: UseCaseContext, input: SignOutEverywhereInput): Promise<SignedOutElsewhere> {
  const { actor, now } = ctx;
  if (!actor.userId) throw forbidden('auth.forbidden', 'Only a signed-in user can sign out everywhere.');
  const userId = actor.userId;
  return ctx.db.transaction(async (tx) => {
    const result = await signOutElsewhere(tx, userId, now, input);
    await recordAudit(tx, actor, { action: 'auth.sign_out_everywhere', entity: 'user', entityId: userId, changes: { ...result } }, now);
    return result;
  });
}

async function signOutElsewhere(tx: Db, userId: string, now: Date, input: SignOutEverywhereInput): Promise<SignedOutElsewhere> {
  const sessionsRevoked = await revokeUserSessions(tx, userId, now, input.keepSession);
  const tokensRevoked = input.revokeTokens ? await revokeUserTokens(tx, userId, now) : 0;
  return { sessionsRevoked, tokensRevoked };
}

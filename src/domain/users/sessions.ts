// Sessions live in the database: opaque 256-bit ids (only the SHA-256 is stored), new at every
// sign-in, revoked at sign-out, with idle and absolute timeouts.
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loginFailures, sessions, users } from '../../db/schema/index.js';
import { DomainError, recordAudit, type Actor } from '../shared/index.js';
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

export async function createSession(db: Db, userId: string, policy: SessionPolicy, meta: { ip: string | null; userAgent: string | null }, now: Date): Promise<CreatedSession> {
  const sessionId = randomSecret(32);
  const csrfToken = randomSecret(32);
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3600_000);
  await db.insert(sessions).values({ idHash: sha256(sessionId), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt, ip: meta.ip, userAgent: meta.userAgent });
  return { sessionId, csrfToken, expiresAt };
}

export interface ResolvedSession {
  user: UserRow;
  csrfToken: string;
  idHash: string;
}

/** The signed-in user of a session cookie, or null when it is unknown, revoked or timed out. */
export async function resolveSession(db: Db, sessionId: string, policy: SessionPolicy, now: Date): Promise<ResolvedSession | null> {
  const idHash = sha256(sessionId);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!row || !row.user.active) return null;
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  if (row.session.lastSeenAt < idleLimit) return null;
  // Touch at most once a minute: one write per minute per session, not per request.
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { user: row.user, csrfToken: row.session.csrfToken, idHash };
}

export async function revokeSession(db: Db, idHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.idHash, idHash));
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  policy: SessionPolicy;
  now: Date;
  requestId: string | null;
}

/** Checks the password with argon2id and opens a new session; 10 failures per 15 min per email+IP → 429. */
export async function login(db: Db, input: LoginInput): Promise<{ user: UserRow; session: CreatedSession }> {
  const email = input.email.toLowerCase();
  const windowStart = new Date(input.now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  const failures = await db
    .select({ n: sql<number>`count(*)::int`, first: sql<string | null>`min(${loginFailures.at})` })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), eq(loginFailures.ip, input.ip), gt(loginFailures.at, windowStart)));
  const count = failures[0]?.n ?? 0;
  if (count >= LOGIN_MAX_FAILURES) {
    const first = failures[0]?.first ? new Date(failures[0].first) : input.now;
    const retryAfter = Math.max(1, Math.ceil((first.getTime() + LOGIN_WINDOW_MINUTES * 60_000 - input.now.getTime()) / 1000));
    // auth.throttled: too many failed sign-ins for this email from this address.
    throw new DomainError({ code: 'auth.throttled', category: 'rate_limited', detail: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} minutes.`, meta: { retryAfter } });
  }
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await dummyPasswordHash(), input.password);
  if (!user || !ok || !user.active) {
    await db.insert(loginFailures).values({ email, ip: input.ip, at: input.now });
    await db.delete(loginFailures).where(lt(loginFailures.at, new Date(input.now.getTime() - 24 * 3600_000)));
    // auth.bad_credentials: the email and password do not match an active user.
    throw new DomainError({ code: 'auth.bad_credentials', category: 'unauthenticated', detail: 'The email or the password is wrong.' });
  }
  return db.transaction(async (tx) => {
    await tx.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, input.ip)));
    const session = await createSession(tx, user.id, input.policy, { ip: input.ip, userAgent: input.userAgent }, input.now);
    const actor: Actor = { kind: 'user', userId: user.id, name: user.name, roles: [], ip: input.ip, requestId: input.requestId };
    await recordAudit(tx, actor, { action: 'auth.login', entity: 'user', entityId: user.id }, input.now);
    return { user, session };
  });
}

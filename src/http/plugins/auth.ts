// Who is calling: a session cookie (browser) or `Authorization: Bearer` (integrations).
// Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token`.
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../contract/common.js';
import type { Database } from '../../db/client.js';
import { DomainError, safeEqualStrings, type Actor, type Clock, type ErrorCode, type UseCaseContext } from '../../domain/shared/index.js';
import { resolveApiToken, resolveSession, type SessionPolicy, type UserRow } from '../../domain/users/index.js';

export const SESSION_COOKIE = 'rapport_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
    authKind: 'session' | 'token' | null;
    sessionIdHash: string | null;
    csrfToken: string | null;
    /** Set when a Bearer token was sent but is unknown or revoked; refused by requireUser. */
    badToken: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function actorOf(request: FastifyRequest): Actor {
  const user = request.user;
  return {
    kind: request.authKind === 'token' ? 'token' : 'user',
    userId: user?.id ?? null,
    name: user?.name ?? 'anonymous',
    roles: user?.roles ?? [],
    ip: request.ip,
    requestId: request.id,
  };
}

/** The context of a use case run for this request: the app's database, the caller, the app clock's now. */
export function contextOf(request: FastifyRequest): UseCaseContext {
  const { database, clock } = request.server.ctx;
  return { db: database.db, actor: actorOf(request), now: clock.now() };
}

export function registerAuth(app: FastifyInstance, deps: { database: Database; policy: SessionPolicy; clock: Clock }): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authKind', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('badToken', false);

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const user = await resolveApiToken({ db: deps.database.db, now: deps.clock.now() }, header.slice(7).trim());
      // NOTE: not refused here: the rate limiter's hooks run per route, after this global hook, and
      // must count a caller guessing tokens. requireUser refuses it.
      if (!user) {
        request.badToken = true;
        return;
      }
      request.user = user;
      request.authKind = 'token';
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return;
    const session = await resolveSession({ db: deps.database.db, now: deps.clock.now() }, { sessionId, policy: deps.policy });
    if (!session) return;
    request.user = session.user;
    request.authKind = 'session';
    request.sessionIdHash = session.idHash;
    request.csrfToken = session.csrfToken;
  });
}

/** Marks the auth guards, so orderAuthGuardsLast can move them behind the rate limiter: 'user' or 'role'. */
const AUTH_GUARD = Symbol('rapport.authGuard');
const isGuard = (h: unknown): h is { [AUTH_GUARD]: 'user' | 'role' } => typeof h === 'function' && AUTH_GUARD in h;

/** The codes a route's auth guard answers with (none on a public route): the route's OpenAPI entry lists them. */
export function guardErrorCodes(onRequest: unknown, method: string): ErrorCode[] {
  const guard = [onRequest].flat().find(isGuard);
  if (!guard) return [];
  return [
    'auth.required',
    'auth.session_expired',
    'auth.bad_token',
    ...(SAFE_METHODS.has(method) ? [] : (['auth.csrf'] as const)),
    ...(guard[AUTH_GUARD] === 'role' ? (['auth.forbidden'] as const) : []),
  ];
}

/**
 * @fastify/rate-limit appends its hook to each route's onRequest list, after the route's own
 * guards, so a refused caller (a made-up token) would never be counted. Call after registering
 * the rate limiter: it moves the auth guards to the end of every route's onRequest list.
 */
export function orderAuthGuardsLast(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const hooks = route.onRequest;
    if (!Array.isArray(hooks)) return;
    route.onRequest = [...hooks.filter((h) => !isGuard(h)), ...hooks.filter(isGuard)];
  });
}

/** onRequest: a signed-in user is required; cookie-authenticated writes need the CSRF token. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  void reply;
  if (request.badToken) {
    // auth.bad_token: the Bearer token is unknown or revoked.
    throw new DomainError({ code: 'auth.bad_token', category: 'unauthenticated', detail: 'The API token is unknown or revoked.' });
  }
  if (!request.user) {
    const hadCookie = Boolean(request.cookies[SESSION_COOKIE]);
    // auth.required / auth.session_expired: no valid session or token came with the request.
    throw new DomainError({
      code: hadCookie ? 'auth.session_expired' : 'auth.required',
      category: 'unauthenticated',
      detail: hadCookie ? 'Your session has expired. Sign in again.' : 'Sign in, or send an API token as `Authorization: Bearer …`.',
    });
  }
  if (request.authKind === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !request.csrfToken || !safeEqualStrings(sent, request.csrfToken)) {
      // auth.csrf: a cookie-authenticated write without the session's CSRF token.
      throw new DomainError({ code: 'auth.csrf', category: 'forbidden', detail: 'Missing or wrong X-CSRF-Token header for this session.' });
    }
  }
}

Object.assign(requireUser, { [AUTH_GUARD]: 'user' as const });

export function requireRole(...roles: Role[]) {
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await requireUser(request, reply);
    if (!roles.some((r) => request.user!.roles.includes(r))) {
      throw new DomainError({ code: 'auth.forbidden', category: 'forbidden', detail: `This needs the role ${roles.join(' or ')}.` });
    }
  };
  return Object.assign(guard, { [AUTH_GUARD]: 'role' as const });
}

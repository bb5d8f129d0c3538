import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginSchema, SessionInfoSchema, SetupSchema, UpdateUserSchema, UserSchema } from '../../../contract/auth.js';
import { completeSetup, createSession, isSetupTokenValid, login, presentUser, revokeSession, updateUser, type CreatedSession } from '../../domain/users/index.js';
import { actorOf, requireUser, SESSION_COOKIE } from '../plugins/auth.js';

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: CreatedSession): void {
  reply.setCookie(SESSION_COOKIE, session.sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, config } = app.ctx;
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };

  r.post('/api/v1/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: LoginSchema, response: { 200: SessionInfoSchema }, security: [] },
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const { user, session } = await login(database.db, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, policy, now: clock.now(), requestId: request.id });
    setSessionCookie(request, reply, session);
    return { user: presentUser(user), csrfToken: session.csrfToken };
  });

  r.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out; revokes the session', response: { 204: z.null() } },
    onRequest: requireUser,
  }, async (request, reply) => {
    if (request.sessionIdHash) await revokeSession(database.db, request.sessionIdHash, clock.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  r.get('/api/v1/auth/setup/:token', {
    schema: { tags: ['auth'], summary: 'Whether a setup link is still valid', params: z.object({ token: z.string().max(200) }), response: { 200: z.object({ valid: z.boolean() }) }, security: [] },
  }, async (request) => ({ valid: await isSetupTokenValid(database.db, request.params.token, clock.now()) }));

  r.post('/api/v1/auth/setup', {
    schema: { tags: ['auth'], summary: 'Create the first admin from a one-time setup link', body: SetupSchema, response: { 201: SessionInfoSchema }, security: [] },
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const actor = { ...actorOf(request), kind: 'system' as const, name: 'setup link' };
    const user = await completeSetup(database.db, actor, request.body, clock.now());
    const session = await createSession(database.db, user.id, policy, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, clock.now());
    setSessionCookie(request, reply, session);
    return reply.code(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
  });

  r.get('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for writes', response: { 200: SessionInfoSchema } },
    onRequest: requireUser,
  }, async (request) => ({ user: presentUser(request.user!), csrfToken: request.csrfToken ?? '' }));

  r.patch('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'Change your own name or password', body: UpdateUserSchema.pick({ name: true, password: true }).strict(), response: { 200: UserSchema } },
    onRequest: requireUser,
  }, async (request) => updateUser(database.db, actorOf(request), request.user!.id, request.body));
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  LoginSchema,
  MeUpdatedSchema,
  MySessionSchema,
  SessionInfoSchema,
  SetupSchema,
  SignedOutSchema,
  SignInAsSchema,
  DemoStaffSchema,
  SignOutEverywhereSchema,
  UpdateMeSchema,
} from '../../../contract/auth.js';
import { invalid } from '../../domain/shared/index.js';
import {
  changeOwnPassword,
  completeSetup,
  createSession,
  getUser,
  isSetupTokenValid,
  listDemoStaff,
  listUserSessions,
  login,
  maySwitchUser,
  presentUser,
  revokeSession,
  signInAs,
  signOutEverywhere,
  updateUser,
  type CreatedSession,
} from '../../domain/users/index.js';
import { contextOf, requireUser, SESSION_COOKIE } from '../plugins/auth.js';

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
  const { database, config } = app.ctx;
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: LoginSchema,
        response: { 200: SessionInfoSchema },
        errorCodes: ['auth.bad_credentials', 'auth.throttled'],
        security: [],
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { user, session } = await login(contextOf(request), {
        ...request.body,
        userAgent: request.headers['user-agent'] ?? null,
        policy,
      });
      setSessionCookie(request, reply, session);
      return { user: presentUser(user), csrfToken: session.csrfToken };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out; revokes the session', response: { 204: z.null() } },
      onRequest: requireUser,
    },
    async (request, reply) => {
      if (request.sessionIdHash) await revokeSession(contextOf(request), request.sessionIdHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/setup/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether a setup link is still valid',
        params: z.object({ token: z.string().max(200) }),
        response: { 200: z.object({ valid: z.boolean() }) },
        security: [],
      },
    },
    async (request) => ({ valid: await isSetupTokenValid(contextOf(request), request.params.token) }),
  );

  r.post(
    '/api/v1/auth/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create the first admin from a one-time setup link',
        body: SetupSchema,
        response: { 201: SessionInfoSchema },
        errorCodes: ['auth.setup_invalid', 'auth.weak_password', 'conflict.duplicate'],
        security: [],
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const user = await completeSetup({ ...ctx, actor: { ...ctx.actor, kind: 'system', name: 'setup link' } }, request.body);
      const session = await createSession(ctx, {
        userId: user.id,
        policy,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, session);
      return reply.code(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
    },
  );

  r.get(
    '/api/v1/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for writes', response: { 200: SessionInfoSchema } },
      onRequest: requireUser,
    },
    async (request) => {
      const canSwitchUser = await maySwitchUser(contextOf(request));
      return { user: presentUser(request.user!), csrfToken: request.csrfToken ?? '', ...(canSwitchUser && { canSwitchUser }) };
    },
  );

  r.get(
    '/api/v1/demo/staff',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sample company only: the people "sign in as" can switch to',
        response: { 200: DemoStaffSchema },
        errorCodes: ['auth.not_demo', 'auth.switch_forbidden'],
      },
      onRequest: requireUser,
    },
    async (request) => ({ items: await listDemoStaff(contextOf(request)) }),
  );

  r.post(
    '/api/v1/demo/sign-in-as',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sample company only: end this session and sign in as another user (their My day, their rights)',
        body: SignInAsSchema,
        response: { 200: SessionInfoSchema },
        errorCodes: ['auth.not_demo', 'auth.switch_forbidden', 'users.not_found'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => {
      const { user, session } = await signInAs(contextOf(request), {
        userId: request.body.userId,
        currentSession: request.sessionIdHash,
        policy,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, session);
      // Sample staff have no password: their only way back is the switcher.
      return {
        user: presentUser(user),
        csrfToken: session.csrfToken,
        canSwitchUser: user.roles.includes('admin') || user.passwordHash === null,
      };
    },
  );

  r.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Change your own name, or your password (needs currentPassword; ends your other sessions and, unless revokeTokens is false, your API tokens)',
        body: UpdateMeSchema,
        response: { 200: MeUpdatedSchema },
        errorCodes: ['auth.wrong_password', 'auth.weak_password', 'auth.throttled'],
      },
      onRequest: requireUser,
      // A stolen session guessing the current password is also held by the sign-in throttle.
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { name, password, currentPassword, revokeTokens } = request.body;
      const ctx = contextOf(request);
      if (password === undefined || currentPassword === undefined) {
        if (revokeTokens !== undefined)
          throw invalid('validation.invalid', [{ path: 'revokeTokens', message: 'goes with a new password' }]);
        return updateUser(ctx, { id: request.user!.id, patch: { ...(name !== undefined && { name }) } });
      }
      const signedOut = await changeOwnPassword(ctx, {
        name,
        currentPassword,
        password,
        revokeTokens: revokeTokens ?? true,
        keepSession: request.sessionIdHash,
      });
      return { ...presentUser(await getUser(database.db, request.user!.id)), signedOut };
    },
  );

  r.get(
    '/api/v1/me/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Where you are signed in: your live sessions, this one marked current',
        response: { 200: z.object({ items: z.array(MySessionSchema) }) },
      },
      onRequest: requireUser,
    },
    async (request) => ({
      items: await listUserSessions(contextOf(request), { userId: request.user!.id, current: request.sessionIdHash, policy }),
    }),
  );

  r.post(
    '/api/v1/me/sign-out-everywhere',
    {
      schema: {
        tags: ['auth'],
        summary: 'End every session of yours but this one, and revoke your API tokens unless revokeTokens is false',
        body: SignOutEverywhereSchema,
        response: { 200: SignedOutSchema },
      },
      onRequest: requireUser,
    },
    async (request) =>
      signOutEverywhere(contextOf(request), { revokeTokens: request.body.revokeTokens, keepSession: request.sessionIdHash }),
  );
}

// The authorization matrix (issue 9): every route the real app registers × every caller (anonymous,
// a made-up token, a session of each role, a user with no role, an API token, a session without its
// CSRF header) × every object relation the use case distinguishes (own / another user's / on the
// account's team or not / a task of mine, my role's or someone else's) — the answer checked against
// the one table in test/support/access-matrix.ts. Allowed: the route's success status. Refused: 401
// or 403 as problem+json with the code the table names, and the tables the route writes, audit_log
// and domain_events exactly as they were. A route the app registers without a table entry fails the
// first test, named.
import { createThankYouNote } from '../../src/domain/thank-you-notes/index.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type * as FastifyModule from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateAccountSchema, CreateContactSchema } from '../../contract/accounts.js';
import { ROLES, type Role } from '../../contract/common.js';
import { CreateOrderSchema } from '../../contract/orders.js';
import { CreateQuoteSchema } from '../../contract/quotes.js';
import { contacts, messages, referralRequests, tasks, testimonials, users } from '../../src/db/schema/index.js';
import { createAccount, createContact, createHotButton } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { createQuote, updateQuote } from '../../src/domain/quotes/index.js';
import { getSettings } from '../../src/domain/settings/index.js';
import { systemActor, type Actor } from '../../src/domain/shared/index.js';
import { createApiToken, createSession, hashPassword, issueSetupToken, resolveApiToken } from '../../src/domain/users/index.js';
import { createPortalLink, savePortalForm, uploadPortalDocument } from '../../src/domain/portal/index.js';
import { queueMessage } from '../../src/domain/messages/index.js';
import { sendSurvey } from '../../src/domain/surveys/index.js';
import { answerTestimonial, requestTestimonial } from '../../src/domain/testimonials/index.js';
import { openProblem, updateProblem } from '../../src/domain/problems/index.js';
import { createWebhookEndpoint } from '../../src/domain/webhook-endpoints/index.js';
import { createWebhookSecret, signWebhook } from '../../src/domain/webhooks/index.js';
import { saveMapping } from '../../src/domain/imports/index.js';
import {
  ACCESS,
  accessOf,
  expectedOutcome,
  NEEDS_A_ROLE,
  RELATIONS,
  type Auth,
  type ExercisedKey,
  type Outcome,
  type Relation,
  type RouteKey,
  type Variant,
} from '../support/access-matrix.js';
import { contextFor, engines, useTestApp } from '../support/app.js';
import { multipart } from '../support/multipart.js';

// buildApp registers its routes before it returns, with no hook for a caller to add first: wrap the
// Fastify factory so every instance records its routes from the start (onRoute on the root instance
// sees the routes of every plugin registered after it).
const registeredRoutes = vi.hoisted(() => new WeakMap<object, string[]>());
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof FastifyModule>();
  const real = mod.default as unknown as (...args: unknown[]) => FastifyInstance;
  const fastify = (...args: unknown[]) => {
    const app = real(...args);
    const routes: string[] = [];
    registeredRoutes.set(app, routes);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
    });
    return app;
  };
  return { ...mod, default: fastify, fastify };
});

// Callers -----------------------------------------------------------------------------------------

interface CallerDef {
  name: string;
  auth: Auth;
  roles: readonly Role[];
}

const CALLERS: readonly CallerDef[] = [
  { name: 'anonymous', auth: 'none', roles: [] },
  { name: 'a made-up Bearer token', auth: 'bad-token', roles: [] },
  ...ROLES.map((role) => ({ name: role, auth: 'session' as const, roles: [role] })),
  { name: 'a user with no role', auth: 'session', roles: [] },
  { name: 'sales via API token', auth: 'token', roles: ['sales'] },
  { name: 'admin session without X-CSRF-Token', auth: 'session-without-csrf', roles: ['admin'] },
];

interface Caller extends CallerDef {
  /** The caller's user (null when not signed in). */
  userId: string | null;
  headers: Record<string, string>;
}

/** One request of the matrix, as a builder describes it. */
interface Req {
  url: string;
  payload?: string | Buffer | Record<string, unknown>;
  headers?: Record<string, string>;
  /** Replaces the caller's credentials (a fresh session for logout). */
  credentials?: Record<string, string>;
  /** The success status when the table allows the request. */
  ok?: number;
  /** Runs after the request, whatever it answered. */
  after?: () => Promise<void>;
}

interface Case {
  caller: Caller;
  /** The caller's user, or another user's for a caller who is not signed in. */
  me: string;
  relation: Relation;
}

type Build = (c: Case) => Req | Promise<Req>;
type VariantNames<K extends RouteKey> = (typeof ACCESS)[K] extends { variants: infer V } ? keyof V & string : never;
type Builders<K extends RouteKey> = [VariantNames<K>] extends [never]
  ? { base: Build }
  : { base: Build; variants: Record<VariantNames<K>, Build> };

const SAFE = new Set(['GET', 'HEAD']);
const EXERCISED = (Object.keys(ACCESS) as RouteKey[]).filter((k): k is ExercisedKey => accessOf(k)!.kind !== 'docs');

describe.each(engines)('authorization matrix on %s', (engine) => {
  const ctx = useTestApp(engine);
  const now = () => ctx.clock.now();
  const db = () => ctx.database.db;
  const actor: Actor = systemActor('authz matrix fixtures');
  /** A use case's context for the fixtures: acting as `a` (default the fixtures' system actor), now. */
  const uc = (a: Actor = actor) => contextFor(ctx, a);
  let seq = 0;
  const uid = () => `${(++seq).toString(36)}${randomBytes(3).toString('hex')}`;
  /** A live customer portal link of the account, with its token. */
  const newPortalLink = async (accountId: string) => {
    const link = await createPortalLink(uc(), { accountId, baseUrl: 'https://rapport.example.test' });
    return { id: link.id, token: link.url.split('/c/')[1]! };
  };
  /** A new contact with an address on the account. */
  const newContact = async (accountId: string) => {
    const [contact] = await db()
      .insert(contacts)
      .values({ accountId, name: 'Matrix Contact', email: `contact-${uid()}@customer.test` })
      .returning();
    return contact!.id;
  };
  /** A survey sent to a new contact of the account, and the token of its link. */
  const newSurveyLink = async (accountId: string) => {
    const contactId = await newContact(accountId);
    const sent = await db().transaction((tx) => sendSurvey({ ...uc(), db: tx }, { surveyKey: 'delivery', accountId, contactId }));
    const [row] = await db().select({ text: messages.text }).from(messages).where(eq(messages.id, sent.messageId));
    return /\/c\/([A-Za-z0-9_-]{43})/.exec(row!.text)![1]!;
  };
  /** A testimonial asked of a new contact of the account: its id and the token of its link. */
  const newTestimonial = async (accountId: string) => {
    const contactId = await newContact(accountId);
    const t = await requestTestimonial(uc(), { accountId, contactId, proposedText: 'Early and to spec.' });
    const [row] = await db().select({ messageId: testimonials.messageId }).from(testimonials).where(eq(testimonials.id, t.id));
    const [mail] = await db().select({ text: messages.text }).from(messages).where(eq(messages.id, row!.messageId!));
    return { id: t.id, token: /\/c\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]! };
  };
  /** A progress message to a new contact of the account, and the token of its preferences link. */
  const newPreferencesLink = async (accountId: string) => {
    const contactId = await newContact(accountId);
    const queued = await db().transaction((tx) => queueMessage({ ...uc(), db: tx }, { accountId, contactId, template: 'progress_update' }));
    const [row] = await db().select({ link: messages.listUnsubscribe }).from(messages).where(eq(messages.id, queued.id));
    return row!.link!.split('/u/')[1]!;
  };
  /** An outbound webhook endpoint that is off, so nothing the matrix dispatches is queued for it. */
  const newEndpoint = () =>
    createWebhookEndpoint(uc(), { url: `https://erp.example.test/${uid()}`, eventTypes: ['order.created'], isEnabled: false });
  // Each request comes from its own address: the per-route limits (sign-in, setup, PATCH /me) and
  // the sign-in throttle count per address, and must not turn a later case into a 429.
  const nextAddress = () => {
    seq += 1;
    return `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`;
  };

  const callers: Caller[] = [];
  const F = {} as {
    other: string;
    third: string;
    login: { email: string; password: string };
    accounts: Record<'on-team' | 'off-team', { id: string; contactId: string; orderId: string; orderNumber: string; quoteId: string }>;
    webhookSecret: string;
    endpointId: string;
    taskId: string;
    importId: string;
    orgName: string;
  };

  const policy = () => ({ idleMinutes: ctx.app.ctx.config.sessionIdleMinutes, absoluteHours: ctx.app.ctx.config.sessionAbsoluteHours });

  async function insertUser(name: string, roles: readonly Role[], passwordHash: string | null = null): Promise<string> {
    const [row] = await db()
      .insert(users)
      .values({ email: `${name.replace(/\W+/g, '-').toLowerCase()}-${uid()}@example.test`, name, roles: [...roles], passwordHash })
      .returning({ id: users.id });
    return row!.id;
  }

  async function sessionHeaders(userId: string, withCsrf: boolean): Promise<Record<string, string>> {
    const s = await createSession(uc(), { userId, policy: policy(), ip: '127.0.0.1', userAgent: 'authz-matrix' });
    const cookie = `rapport_session=${s.sessionId}`;
    return withCsrf ? { cookie, 'x-csrf-token': s.csrfToken } : { cookie };
  }

  const userActor = (userId: string, roles: readonly Role[]): Actor => ({
    kind: 'user',
    userId,
    name: 'matrix',
    roles,
    ip: null,
    requestId: null,
  });

  async function freshAccount(team: { userId: string; role: Role }[]): Promise<string> {
    return (await createAccount(uc(), CreateAccountSchema.parse({ name: `Matrix ${uid()}`, team }))).id;
  }
  async function freshOrder(accountId: string): Promise<string> {
    return (await createOrder(uc(), CreateOrderSchema.parse({ accountId, number: `MX-${uid()}`, amount: '100.00' }))).id;
  }
  async function freshToken(userId: string): Promise<string> {
    return (await createApiToken(uc(userActor(userId, [])), `matrix ${uid()}`)).id;
  }
  const foreignRole = (roles: readonly Role[]): Role => ROLES.find((r) => !roles.includes(r))!;
  async function freshTask(c: Case): Promise<string> {
    const mine = c.caller.roles[0] ?? null;
    const foreign = foreignRole(c.caller.roles);
    const shape: Record<Relation, { role: Role | null; assigneeId: string | null; signers?: Role }> = {
      '-': { role: foreign, assigneeId: F.other },
      own: { role: null, assigneeId: c.me },
      'another-user': { role: foreign, assigneeId: F.other },
      'on-team': { role: foreign, assigneeId: F.other },
      'off-team': { role: foreign, assigneeId: F.other },
      'assigned-to-me': { role: null, assigneeId: c.me },
      'my-role': { role: mine, assigneeId: null },
      'my-role-taken-by-another': { role: mine, assigneeId: F.other },
      'another-role-and-user': { role: foreign, assigneeId: F.other },
      'holds-signoff-role': { role: mine, assigneeId: null, signers: mine ?? foreign },
      'lacks-signoff-role': { role: foreign, assigneeId: null, signers: foreign },
    };
    const s = shape[c.relation];
    const [row] = await db()
      .insert(tasks)
      .values({
        title: `Matrix task ${uid()}`,
        kind: s.signers ? 'signoff' : 'task',
        role: s.role,
        assigneeId: s.assigneeId,
        accountId: F.accounts['on-team'].id,
        status: 'open',
        evidence: s.signers ? { signoffs: { count: 2, roles: [s.signers] } } : null,
        createdAt: now(),
        updatedAt: now(),
      })
      .returning({ id: tasks.id });
    return row!.id;
  }
  const account = (c: Case) => F.accounts[c.relation === 'off-team' ? 'off-team' : 'on-team'];
  /** A note by another user on the on-team account, for the routes that read or change one. */
  const matrixNote = () =>
    createThankYouNote(uc(userActor(F.other, ['csr'])), {
      recipientKind: 'customer',
      accountId: F.accounts['on-team'].id,
      channel: 'card',
      body: `Matrix thanks ${uid()}`,
    });
  /** A problem of the case's account, its rep proposed; `closable`: fixed, no prevention needed, for a close. */
  const matrixProblem = async (c: Case, closable = false) => {
    const p = await openProblem(uc(), {
      accountId: account(c).id,
      source: 'call',
      category: 'Matrix',
      description: `Matrix problem ${uid()}`,
      responsibleUserId: F.other,
    });
    if (closable)
      await updateProblem(uc(), {
        id: p.id,
        patch: { correctiveAction: 'Fixed', status: 'fixed', preventiveNoneNeeded: true, preventiveNoneReason: 'A one-off' },
      });
    return p;
  };

  const csv = (kind: string, content: string, fields: Record<string, string> = {}) => {
    const body = multipart({ kind, dryRun: 'true', ...fields }, { name: `${kind}.csv`, content });
    return { payload: body.payload, headers: body.headers };
  };
  const PLAYBOOK = [
    'key: authz-matrix',
    'name: Authorization matrix probe',
    'trigger:',
    '  event: schedule.daily',
    'steps:',
    '  - key: probe',
    '    title: Probe',
    '    role: admin',
    '',
  ].join('\n');

  // One builder per route (and per variant): a valid request for the case's caller and object.
  const B: { [K in ExercisedKey]: Builders<K> } = {
    'GET /healthz': { base: () => ({ url: '/healthz', ok: 200 }) },
    'GET /readyz': { base: () => ({ url: '/readyz', ok: 200 }) },
    'GET /metrics': { base: () => ({ url: '/metrics', ok: 200 }) },

    'POST /api/v1/auth/login': {
      base: () => ({ url: '/api/v1/auth/login', payload: F.login, ok: 200 }),
      variants: {
        'wrong password': () => ({
          url: '/api/v1/auth/login',
          payload: { email: `nobody-${uid()}@example.test`, password: 'not the password' },
        }),
      },
    },
    'POST /api/v1/auth/logout': {
      // A session of its own: signing out must not end the caller's session for the other cases.
      base: async (c) => ({
        url: '/api/v1/auth/logout',
        ok: 204,
        ...((c.caller.auth === 'session' || c.caller.auth === 'session-without-csrf') && {
          credentials: await sessionHeaders(c.me, c.caller.auth === 'session'),
        }),
      }),
    },
    'GET /api/v1/auth/setup/:token': { base: () => ({ url: `/api/v1/auth/setup/${randomBytes(24).toString('base64url')}`, ok: 200 }) },
    'POST /api/v1/auth/setup': {
      // The fixtures' admins have no password, so a fresh link is valid; the admin it creates loses
      // its password afterwards, so the next case finds setup open again.
      base: async () => {
        const token = await issueSetupToken(uc());
        if (!token) throw new Error('setup is closed: an admin with a password exists');
        const email = `setup-${uid()}@example.test`;
        return {
          url: '/api/v1/auth/setup',
          payload: { token, email, name: 'Setup Admin', password: 'a long enough setup passphrase' },
          ok: 201,
          after: async () => void (await db().update(users).set({ passwordHash: null }).where(eq(users.email, email))),
        };
      },
      variants: {
        'a link that is not valid': () => ({
          url: '/api/v1/auth/setup',
          payload: {
            token: `not-a-setup-link-${uid()}`,
            email: `setup-${uid()}@example.test`,
            name: 'Setup Admin',
            password: 'a long enough setup passphrase',
          },
        }),
      },
    },
    'GET /api/v1/me': { base: () => ({ url: '/api/v1/me', ok: 200 }) },
    'PATCH /api/v1/me': { base: (c) => ({ url: '/api/v1/me', payload: { name: c.caller.name }, ok: 200 }) },
    'GET /api/v1/me/sessions': { base: () => ({ url: '/api/v1/me/sessions', ok: 200 }) },
    'GET /api/v1/demo/staff': { base: () => ({ url: '/api/v1/demo/staff', ok: 200 }) },
    'POST /api/v1/demo/sign-in-as': { base: () => ({ url: '/api/v1/demo/sign-in-as', payload: { userId: F.other }, ok: 200 }) },
    'POST /api/v1/me/sign-out-everywhere': {
      base: () => ({ url: '/api/v1/me/sign-out-everywhere', payload: { revokeTokens: false }, ok: 200 }),
    },

    'GET /api/v1/users': { base: () => ({ url: '/api/v1/users', ok: 200 }) },
    'POST /api/v1/users': { base: () => ({ url: '/api/v1/users', payload: { name: `New person ${uid()}`, roles: [] }, ok: 201 }) },
    'GET /api/v1/users/:id': { base: () => ({ url: `/api/v1/users/${F.other}`, ok: 200 }) },
    'PATCH /api/v1/users/:id': {
      base: (c) =>
        c.relation === 'own'
          ? { url: `/api/v1/users/${c.me}`, payload: { name: c.caller.name }, ok: 200 }
          : { url: `/api/v1/users/${F.other}`, payload: { name: 'Another User' }, ok: 200 },
      variants: {
        // The roles each user already has: an allowed request changes nothing.
        'roles (mass assignment)': (c) =>
          c.relation === 'own'
            ? { url: `/api/v1/users/${c.me}`, payload: { roles: [...c.caller.roles] }, ok: 200 }
            : { url: `/api/v1/users/${F.other}`, payload: { roles: ['sales'] }, ok: 200 },
      },
    },
    'GET /api/v1/tokens': { base: () => ({ url: '/api/v1/tokens', ok: 200 }) },
    'POST /api/v1/tokens': { base: () => ({ url: '/api/v1/tokens', payload: { name: `matrix ${uid()}` }, ok: 201 }) },
    'DELETE /api/v1/tokens/:id': {
      base: async (c) => ({ url: `/api/v1/tokens/${await freshToken(c.relation === 'own' ? c.me : F.other)}`, ok: 204 }),
    },

    'GET /api/v1/settings': { base: () => ({ url: '/api/v1/settings', ok: 200 }) },
    'PATCH /api/v1/settings': { base: () => ({ url: '/api/v1/settings', payload: { orgName: F.orgName }, ok: 200 }) },

    'GET /api/v1/accounts': { base: () => ({ url: '/api/v1/accounts', ok: 200 }) },
    'POST /api/v1/accounts': { base: () => ({ url: '/api/v1/accounts', payload: { name: `Matrix ${uid()}` }, ok: 201 }) },
    'GET /api/v1/accounts/:id': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}`, ok: 200 }) },
    'PATCH /api/v1/accounts/:id': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}`, payload: { city: 'Graz' }, ok: 200 }) },
    'PUT /api/v1/accounts/:id/team': {
      base: async (c) => {
        const team = [{ userId: c.relation === 'on-team' ? c.me : F.other, role: 'sales' as const }];
        return { url: `/api/v1/accounts/${await freshAccount(team)}/team`, payload: { team }, ok: 200 };
      },
    },
    'GET /api/v1/accounts/:id/contacts': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/contacts`, ok: 200 }) },
    'POST /api/v1/accounts/:id/contacts': {
      base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/contacts`, payload: { name: `Contact ${uid()}` }, ok: 201 }),
    },
    'GET /api/v1/contacts': { base: () => ({ url: '/api/v1/contacts', ok: 200 }) },
    'GET /api/v1/contacts/:id': { base: (c) => ({ url: `/api/v1/contacts/${account(c).contactId}`, ok: 200 }) },
    'PATCH /api/v1/contacts/:id': {
      base: (c) => ({ url: `/api/v1/contacts/${account(c).contactId}`, payload: { title: 'Buyer' }, ok: 200 }),
    },
    'DELETE /api/v1/contacts/:id': {
      base: async (c) => {
        const contact = await createContact(uc(), {
          accountId: account(c).id,
          contact: CreateContactSchema.parse({ name: `Contact ${uid()}` }),
        });
        return { url: `/api/v1/contacts/${contact.id}`, ok: 204 };
      },
    },
    'GET /api/v1/accounts/:id/hot-buttons': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/hot-buttons`, ok: 200 }) },
    'POST /api/v1/accounts/:id/hot-buttons': {
      base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/hot-buttons`, payload: { text: 'Ships on the promised date' }, ok: 201 }),
    },
    'DELETE /api/v1/accounts/:id/hot-buttons/:hotButtonId': {
      base: async (c) => {
        const hb = await createHotButton(uc(), { accountId: account(c).id, text: `Hot button ${uid()}` });
        return { url: `/api/v1/accounts/${account(c).id}/hot-buttons/${hb.id}`, ok: 204 };
      },
    },
    'GET /api/v1/accounts/:id/timeline': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/timeline`, ok: 200 }) },
    'GET /api/v1/activities': { base: () => ({ url: '/api/v1/activities', ok: 200 }) },
    'POST /api/v1/activities': {
      base: (c) => ({ url: '/api/v1/activities', payload: { accountId: account(c).id, kind: 'note', subject: 'Matrix note' }, ok: 201 }),
    },

    'POST /api/v1/accounts/:id/portal-links': {
      base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/portal-links`, payload: {}, ok: 201 }),
    },
    'GET /api/v1/accounts/:id/portal-links': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/portal-links`, ok: 200 }) },
    'DELETE /api/v1/accounts/:id/portal-links/:linkId': {
      base: async (c) => ({ url: `/api/v1/accounts/${account(c).id}/portal-links/${(await newPortalLink(account(c).id)).id}`, ok: 204 }),
    },
    'GET /c/:token': { base: async () => ({ url: `/c/${(await newPortalLink(F.accounts['on-team'].id)).token}`, ok: 200 }) },
    'POST /c/:token': {
      base: async () => ({ url: `/c/${await newSurveyLink(F.accounts['on-team'].id)}`, payload: { csat: 5, ces: 1 }, ok: 200 }),
    },
    'GET /api/v1/surveys': { base: () => ({ url: '/api/v1/surveys', ok: 200 }) },
    'GET /api/v1/surveys/:key': { base: () => ({ url: '/api/v1/surveys/delivery', ok: 200 }) },
    'POST /api/v1/surveys': {
      base: () => ({
        url: '/api/v1/surveys',
        payload: {
          key: `own-${uid()}`,
          touchpoint: 'custom',
          name: 'Our own',
          intro: '',
          csatQuestion: 'How satisfied are you with us?',
          npsQuestion: null,
          cesQuestion: null,
          commentQuestion: null,
        },
        ok: 201,
      }),
    },
    'PATCH /api/v1/surveys/:key': { base: () => ({ url: '/api/v1/surveys/training', payload: { intro: `Edited ${uid()}` }, ok: 200 }) },
    'GET /api/v1/survey-invitations': { base: () => ({ url: '/api/v1/survey-invitations', ok: 200 }) },
    'POST /api/v1/survey-invitations': {
      base: async (c) => ({
        url: '/api/v1/survey-invitations',
        payload: { accountId: account(c).id, contactId: await newContact(account(c).id), surveyKey: 'delivery' },
        ok: 201,
      }),
    },
    'GET /api/v1/survey-responses': { base: () => ({ url: '/api/v1/survey-responses', ok: 200 }) },
    'GET /api/v1/analytics/surveys': { base: () => ({ url: '/api/v1/analytics/surveys', ok: 200 }) },
    'GET /api/v1/referrals/eligible': { base: () => ({ url: '/api/v1/referrals/eligible', ok: 200 }) },
    'GET /api/v1/accounts/:id/referral-eligibility': {
      base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/referral-eligibility`, ok: 200 }),
    },
    'GET /api/v1/accounts/:id/referral-requests': {
      base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/referral-requests`, ok: 200 }),
    },
    // The matrix's accounts have not earned a referral: an allowed caller reaches the gate (409), the others are refused before it.
    'POST /api/v1/accounts/:id/referral-requests': {
      base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/referral-requests`, payload: {}, ok: 409 }),
    },
    // A referral asked of the account (written directly: the matrix's accounts have not earned one), recorded as given.
    'POST /api/v1/referral-requests/:id/given': {
      base: async (c) => {
        const [asked] = await db()
          .insert(referralRequests)
          .values({
            accountId: account(c).id,
            evidence: { deliveredOrders: 3, lastOrders: [], openProblems: 0, lastDetractorAt: null },
            requestedAt: now(),
          })
          .returning({ id: referralRequests.id });
        return { url: `/api/v1/referral-requests/${asked!.id}/given`, payload: { note: 'Referred their sister plant' }, ok: 200 };
      },
    },
    'GET /api/v1/analytics/advocacy': { base: () => ({ url: '/api/v1/analytics/advocacy', ok: 200 }) },
    'GET /api/v1/accounts/:id/journey': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/journey`, ok: 200 }) },
    // One journey per account: each case starts it on an account of its own, on the caller's team or not.
    'POST /api/v1/accounts/:id/journey': {
      base: async (c) => {
        const team = [{ userId: c.relation === 'on-team' ? c.me : F.other, role: 'csr' as const }];
        return { url: `/api/v1/accounts/${await freshAccount(team)}/journey`, payload: {}, ok: 201 };
      },
    },
    'GET /api/v1/analytics/executive-calls': { base: () => ({ url: '/api/v1/analytics/executive-calls', ok: 200 }) },
    'GET /api/v1/testimonials': { base: () => ({ url: '/api/v1/testimonials', ok: 200 }) },
    'GET /api/v1/testimonials/:id': {
      base: async () => ({ url: `/api/v1/testimonials/${(await newTestimonial(F.accounts['on-team'].id)).id}`, ok: 200 }),
    },
    'POST /api/v1/testimonials': {
      base: async (c) => ({
        url: '/api/v1/testimonials',
        payload: { accountId: account(c).id, contactId: await newContact(account(c).id), proposedText: 'Early and to spec.' },
        ok: 201,
      }),
    },
    'POST /api/v1/testimonials/:id/withdraw': {
      base: async () => {
        const t = await newTestimonial(F.accounts['on-team'].id);
        await answerTestimonial(
          { db: db(), now: now() },
          { token: t.token, answer: { decision: 'approve', text: 'Yes.', credit: 'initials' }, ip: null, requestId: null },
        );
        return { url: `/api/v1/testimonials/${t.id}/withdraw`, ok: 200 };
      },
    },
    'POST /c/:token/testimonial': {
      base: async () => ({
        url: `/c/${(await newTestimonial(F.accounts['on-team'].id)).token}/testimonial`,
        payload: { decision: 'decline' },
        ok: 200,
      }),
    },
    'GET /u/:token': { base: async () => ({ url: `/u/${await newPreferencesLink(F.accounts['on-team'].id)}`, ok: 200 }) },
    'POST /u/:token': {
      base: async () => ({ url: `/u/${await newPreferencesLink(F.accounts['on-team'].id)}`, payload: { choice: 'one' }, ok: 303 }),
    },
    'PATCH /c/:token/form': {
      base: async () => ({
        url: `/c/${(await newPortalLink(F.accounts['on-team'].id)).token}/form`,
        payload: { poRequirements: 'PO number on every invoice' },
        ok: 200,
      }),
    },
    'POST /c/:token/form/submit': {
      base: async () => {
        const { token } = await newPortalLink(F.accounts['on-team'].id);
        const form = {
          shipTo: { street: '1 Main Street', city: 'Graz' },
          billToSameAsShipTo: true,
          accountsPayable: { email: 'ap@example.test' },
        };
        await savePortalForm(uc(), { token, patch: form });
        return { url: `/c/${token}/form/submit`, ok: 200 };
      },
    },
    'POST /c/:token/documents': {
      base: async () => {
        const boundary = `----matrix${uid()}`;
        return {
          url: `/c/${(await newPortalLink(F.accounts['on-team'].id)).token}/documents`,
          payload: Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tax.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
            ),
            Buffer.from('%PDF-1.7\n%%EOF\n'),
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          ok: 201,
        };
      },
    },
    'GET /api/v1/accounts/:id/portal-documents': { base: (c) => ({ url: `/api/v1/accounts/${account(c).id}/portal-documents`, ok: 200 }) },
    'GET /api/v1/accounts/:id/portal-documents/:documentId': {
      base: async (c) => {
        const { token } = await newPortalLink(account(c).id);
        const doc = await uploadPortalDocument(uc(), {
          token,
          fileName: 'tax.pdf',
          declaredType: 'application/pdf',
          content: Buffer.from('%PDF-1.7\n%%EOF\n'),
          ip: null,
          requestId: null,
        });
        return { url: `/api/v1/accounts/${account(c).id}/portal-documents/${doc.id}`, ok: 200 };
      },
    },
    'GET /portal-assets/portal.js': { base: () => ({ url: '/portal-assets/portal.js', ok: 200 }) },
    'GET /api/v1/thank-you-notes': { base: () => ({ url: '/api/v1/thank-you-notes', ok: 200 }) },
    'POST /api/v1/thank-you-notes': {
      base: (c) => ({
        url: '/api/v1/thank-you-notes',
        payload: { recipientKind: 'customer', accountId: account(c).id, body: 'Thank you for the order.' },
        ok: 201,
      }),
    },
    'GET /api/v1/thank-you-notes/suggestions': { base: () => ({ url: '/api/v1/thank-you-notes/suggestions?date=2026-03-01', ok: 200 }) },
    'GET /api/v1/thank-you-notes/habits': { base: () => ({ url: '/api/v1/thank-you-notes/habits?asOf=2026-03-01', ok: 200 }) },
    'GET /api/v1/thank-you-notes/:id': {
      base: async () => ({ url: `/api/v1/thank-you-notes/${(await matrixNote()).id}`, ok: 200 }),
    },
    'PATCH /api/v1/thank-you-notes/:id': {
      base: async () => ({ url: `/api/v1/thank-you-notes/${(await matrixNote()).id}`, payload: { outcome: 'replied' }, ok: 200 }),
    },

    'GET /api/v1/problems': { base: () => ({ url: '/api/v1/problems', ok: 200 }) },
    'POST /api/v1/problems': {
      base: (c) => ({
        url: '/api/v1/problems',
        payload: { accountId: account(c).id, source: 'call', category: 'Installation', description: 'Matrix: the probe does not fit.' },
        ok: 201,
      }),
    },
    'GET /api/v1/problems/:id': { base: async (c) => ({ url: `/api/v1/problems/${(await matrixProblem(c)).id}`, ok: 200 }) },
    'PATCH /api/v1/problems/:id': {
      base: async (c) => ({ url: `/api/v1/problems/${(await matrixProblem(c)).id}`, payload: { rootCause: 'Old drawing' }, ok: 200 }),
      variants: {
        'confirm the responsible person': async (c) => ({
          url: `/api/v1/problems/${(await matrixProblem(c)).id}`,
          payload: { confirmResponsible: true },
          ok: 200,
        }),
        close: async (c) => ({ url: `/api/v1/problems/${(await matrixProblem(c, true)).id}`, payload: { status: 'closed' }, ok: 200 }),
      },
    },
    'GET /api/v1/analytics/expectations': { base: () => ({ url: '/api/v1/analytics/expectations?asOf=2026-03-01', ok: 200 }) },

    'GET /api/v1/orders': { base: () => ({ url: '/api/v1/orders', ok: 200 }) },
    'POST /api/v1/orders': {
      base: (c) => ({ url: '/api/v1/orders', payload: { accountId: account(c).id, number: `MX-${uid()}`, amount: '10.00' }, ok: 201 }),
    },
    'GET /api/v1/orders/:id': { base: (c) => ({ url: `/api/v1/orders/${account(c).orderId}`, ok: 200 }) },
    'PATCH /api/v1/orders/:id': { base: (c) => ({ url: `/api/v1/orders/${account(c).orderId}`, payload: { carrier: 'DHL' }, ok: 200 }) },
    'POST /api/v1/orders/:id/transitions': {
      base: async (c) => ({
        url: `/api/v1/orders/${await freshOrder(account(c).id)}/transitions`,
        payload: { to: 'data_review' },
        ok: 200,
      }),
      variants: {
        'past an open gate (overrideGates)': async (c) => {
          const orderId = await freshOrder(account(c).id);
          await db()
            .insert(tasks)
            .values({
              title: 'Data review gate',
              role: 'engineering',
              orderId,
              accountId: account(c).id,
              status: 'open',
              gateStatus: 'data_review',
              createdAt: now(),
              updatedAt: now(),
            });
          return {
            url: `/api/v1/orders/${orderId}/transitions`,
            payload: { to: 'data_review', overrideGates: { reason: 'The customer accepted the risk in writing.' } },
            ok: 200,
          };
        },
      },
    },
    'POST /api/v1/orders/:id/lines': {
      base: (c) => ({
        url: `/api/v1/orders/${account(c).orderId}/lines`,
        payload: { description: 'Bracket', quantity: 1, unitPrice: '2.00' },
        ok: 201,
      }),
    },
    'GET /api/v1/orders/:id/scorecard': { base: (c) => ({ url: `/api/v1/orders/${account(c).orderId}/scorecard`, ok: 200 }) },
    'GET /api/v1/analytics/kpis': { base: () => ({ url: '/api/v1/analytics/kpis?asOf=2026-03-01', ok: 200 }) },
    'GET /api/v1/analytics/late-notices': { base: () => ({ url: '/api/v1/analytics/late-notices', ok: 200 }) },
    'GET /api/v1/analytics/dashboard': { base: () => ({ url: '/api/v1/analytics/dashboard?asOf=2026-03-01', ok: 200 }) },
    'GET /api/v1/analytics/practice': { base: () => ({ url: '/api/v1/analytics/practice?asOf=2026-03-01', ok: 200 }) },
    'GET /api/v1/analytics/practice/rows': {
      base: () => ({ url: '/api/v1/analytics/practice/rows?asOf=2026-03-01&playbook=paid-audition&side=kept', ok: 200 }),
    },
    'GET /api/v1/analytics/:figure': { base: () => ({ url: '/api/v1/analytics/onTime?asOf=2026-03-01', ok: 200 }) },
    'GET /api/v1/quotes': { base: () => ({ url: '/api/v1/quotes', ok: 200 }) },
    'POST /api/v1/quotes': {
      base: (c) => ({ url: '/api/v1/quotes', payload: { accountId: account(c).id, number: `MQ-${uid()}`, amount: '10.00' }, ok: 201 }),
    },
    'GET /api/v1/quotes/:id': { base: (c) => ({ url: `/api/v1/quotes/${account(c).quoteId}`, ok: 200 }) },
    'GET /api/v1/quotes/:id/activity': { base: (c) => ({ url: `/api/v1/quotes/${account(c).quoteId}/activity`, ok: 200 }) },
    'PATCH /api/v1/quotes/:id': {
      base: (c) => ({ url: `/api/v1/quotes/${account(c).quoteId}`, payload: { validUntil: '2026-06-30' }, ok: 200 }),
      variants: {
        'reopen a decided quote': async (c) => {
          const quote = await createQuote(
            uc(),
            CreateQuoteSchema.parse({ accountId: account(c).id, number: `MQ-${uid()}`, amount: '10.00' }),
          );
          await updateQuote(uc(), { id: quote.id, patch: { status: 'lost', lostReason: 'price' } });
          return { url: `/api/v1/quotes/${quote.id}`, payload: { status: 'open' }, ok: 200 };
        },
      },
    },

    'GET /api/v1/playbooks': { base: () => ({ url: '/api/v1/playbooks', ok: 200 }) },
    'GET /api/v1/playbooks/:key': { base: () => ({ url: '/api/v1/playbooks/quote-follow-up', ok: 200 }) },
    'PUT /api/v1/playbooks/:key': { base: () => ({ url: '/api/v1/playbooks/authz-matrix', payload: { source: PLAYBOOK }, ok: 200 }) },
    'POST /api/v1/playbooks/:key/preview': { base: () => ({ url: '/api/v1/playbooks/quote-follow-up/preview', payload: {}, ok: 200 }) },
    'GET /api/v1/playbook-runs': { base: () => ({ url: `/api/v1/playbook-runs?orderId=${F.accounts['on-team'].orderId}`, ok: 200 }) },
    'GET /api/v1/tasks': {
      base: () => ({ url: '/api/v1/tasks', ok: 200 }),
      variants: { "another person's day (for=)": () => ({ url: `/api/v1/tasks?for=${F.other}`, ok: 200 }) },
    },
    'GET /api/v1/tasks/:id': { base: () => ({ url: `/api/v1/tasks/${F.taskId}`, ok: 200 }) },
    'POST /api/v1/tasks/:id/complete': {
      base: async (c) => ({ url: `/api/v1/tasks/${await freshTask(c)}/complete`, payload: {}, ok: 200 }),
    },
    'POST /api/v1/tasks/:id/signoffs': {
      base: async (c) => ({ url: `/api/v1/tasks/${await freshTask(c)}/signoffs`, payload: {}, ok: 200 }),
    },
    'POST /api/v1/tasks/:id/take': { base: async (c) => ({ url: `/api/v1/tasks/${await freshTask(c)}/take`, ok: 200 }) },
    'POST /api/v1/tasks/:id/assign': {
      base: async (c) => ({ url: `/api/v1/tasks/${await freshTask(c)}/assign`, payload: { userId: F.third }, ok: 200 }),
    },
    'POST /api/v1/tasks/:id/reschedule': {
      base: async (c) => ({
        url: `/api/v1/tasks/${await freshTask(c)}/reschedule`,
        payload: { dueAt: new Date(now().getTime() + 86_400_000).toISOString() },
        ok: 200,
      }),
    },

    'GET /api/v1/jobs/failed': { base: () => ({ url: '/api/v1/jobs/failed', ok: 200 }) },
    // No failed job exists: an admin gets jobs.not_found from the use case (not the route 404).
    'POST /api/v1/jobs/:id/retry': { base: () => ({ url: `/api/v1/jobs/${randomUUID()}/retry`, ok: 404 }) },
    'POST /api/v1/imports': {
      base: () => ({ url: '/api/v1/imports', ...csv('accounts', `externalRef,name\nIMP-${uid()},Imported account\n`), ok: 201 }),
      variants: {
        'kind users': () => ({ url: '/api/v1/imports', ...csv('users', `externalRef,name\nU-${uid()},Imported person\n`), ok: 201 }),
        'orders with overrideGates': () => ({
          url: '/api/v1/imports',
          ...csv('orders', `number,accountRef,placedAt,amount\nIMP-${uid()},AZM-TEAM,2026-03-01,10.00\n`, {
            overrideGates: 'The customer accepted the risk in writing.',
          }),
          ok: 201,
        }),
      },
    },
    'GET /api/v1/imports': { base: () => ({ url: '/api/v1/imports', ok: 200 }) },
    'GET /api/v1/imports/:id': { base: () => ({ url: `/api/v1/imports/${F.importId}`, ok: 200 }) },
    'GET /api/v1/import-mappings': { base: () => ({ url: '/api/v1/import-mappings', ok: 200 }) },
    'POST /api/v1/import-mappings': {
      base: () => ({
        url: '/api/v1/import-mappings',
        payload: { kind: 'accounts', name: `Matrix ${uid()}`, mapping: { externalRef: 'id', name: 'company' } },
        ok: 201,
      }),
      variants: {
        'kind users': () => ({
          url: '/api/v1/import-mappings',
          payload: { kind: 'users', name: `Matrix ${uid()}`, mapping: { externalRef: 'id' } },
          ok: 201,
        }),
      },
    },
    'DELETE /api/v1/import-mappings/:id': {
      base: async () => {
        const { mapping } = await saveMapping(uc(), { kind: 'orders', name: `Matrix ${uid()}`, mapping: { number: 'no' } });
        return { url: `/api/v1/import-mappings/${mapping.id}`, ok: 204 };
      },
    },
    'POST /hooks/erp': {
      base: () => {
        const id = `msg_${randomUUID()}`;
        const timestamp = String(Math.floor(now().getTime() / 1000));
        const body = JSON.stringify({ type: 'order.updated', data: { number: F.accounts['on-team'].orderNumber, carrier: 'UPS' } });
        return {
          url: '/hooks/erp',
          payload: body,
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': timestamp,
            'webhook-signature': signWebhook(F.webhookSecret, id, timestamp, body),
          },
          ok: 200,
        };
      },
      variants: {
        unsigned: () => ({
          url: '/hooks/erp',
          payload: JSON.stringify({ type: 'order.updated', data: { number: F.accounts['on-team'].orderNumber, carrier: 'Unsigned' } }),
          headers: { 'content-type': 'application/json' },
        }),
      },
    },
    'GET /api/v1/messages': { base: () => ({ url: `/api/v1/messages?accountId=${F.accounts['on-team'].id}`, ok: 200 }) },
    'GET /api/v1/messages/:id': { base: () => ({ url: `/api/v1/messages/${randomUUID()}`, ok: 404 }) },
    'POST /api/v1/messages/:id/retry': { base: () => ({ url: `/api/v1/messages/${randomUUID()}/retry`, ok: 404 }) },
    // No such message: the people allowed reach the use case, which answers messages.not_found.
    'PATCH /api/v1/messages/:id': { base: () => ({ url: `/api/v1/messages/${randomUUID()}`, payload: { text: 'Hello' }, ok: 404 }) },
    'POST /api/v1/messages/:id/send': { base: () => ({ url: `/api/v1/messages/${randomUUID()}/send`, ok: 404 }) },
    'POST /api/v1/accounts/:id/corrections': {
      base: async (c) => {
        const contact = await createContact(uc(), {
          accountId: account(c).id,
          contact: CreateContactSchema.parse({ name: `Contact ${uid()}`, email: `c-${uid()}@example.test` }),
        });
        return {
          url: `/api/v1/accounts/${account(c).id}/corrections`,
          payload: { said: 'It ships Friday.', correction: 'It ships Monday.', contactId: contact.id, orderId: account(c).orderId },
          ok: 201,
        };
      },
    },
    'GET /api/v1/message-templates': { base: () => ({ url: '/api/v1/message-templates', ok: 200 }) },
    'GET /api/v1/message-templates/:key': { base: () => ({ url: '/api/v1/message-templates/generic', ok: 200 }) },
    'PUT /api/v1/message-templates/:key': {
      base: () => ({
        url: '/api/v1/message-templates/generic',
        payload: { subject: 'Hello {{ contact.name }}', text: 'Hello', html: '<p>Hello</p>' },
        ok: 200,
      }),
    },
    'DELETE /api/v1/message-templates/:key': { base: () => ({ url: '/api/v1/message-templates/correction', ok: 200 }) },
    'POST /api/v1/message-templates/preview': {
      base: () => ({ url: '/api/v1/message-templates/preview', payload: { subject: 'S', text: 'T', html: '<p>H</p>' }, ok: 200 }),
    },
    'GET /api/v1/settings/mail': { base: () => ({ url: '/api/v1/settings/mail', ok: 200 }) },
    'POST /api/v1/settings/mail/test': {
      base: () => ({ url: '/api/v1/settings/mail/test', payload: { to: 'ops@example.test' }, ok: 409 }),
    },
    'GET /api/v1/webhooks/secrets': { base: () => ({ url: '/api/v1/webhooks/secrets', ok: 200 }) },
    'POST /api/v1/webhooks/secrets': { base: () => ({ url: '/api/v1/webhooks/secrets', payload: { name: `matrix ${uid()}` }, ok: 201 }) },
    'DELETE /api/v1/webhooks/secrets/:id': {
      base: async () => ({
        url: `/api/v1/webhooks/secrets/${(await createWebhookSecret(uc(), { name: `matrix ${uid()}` })).id}`,
        ok: 200,
      }),
    },
    'GET /api/v1/webhook-endpoints': { base: () => ({ url: '/api/v1/webhook-endpoints', ok: 200 }) },
    'POST /api/v1/webhook-endpoints': {
      base: () => ({
        url: '/api/v1/webhook-endpoints',
        payload: { url: 'https://erp.example.test/hooks', eventTypes: ['order.created'], isEnabled: false },
        ok: 201,
      }),
    },
    'GET /api/v1/webhook-endpoints/:id': { base: () => ({ url: `/api/v1/webhook-endpoints/${F.endpointId}`, ok: 200 }) },
    'PATCH /api/v1/webhook-endpoints/:id': {
      base: () => ({ url: `/api/v1/webhook-endpoints/${F.endpointId}`, payload: { description: `matrix ${uid()}` }, ok: 200 }),
    },
    'DELETE /api/v1/webhook-endpoints/:id': {
      base: async () => ({ url: `/api/v1/webhook-endpoints/${(await newEndpoint()).id}`, ok: 200 }),
    },
    'POST /api/v1/webhook-endpoints/:id/rotate-secret': {
      base: () => ({ url: `/api/v1/webhook-endpoints/${F.endpointId}/rotate-secret`, ok: 200 }),
    },
    'POST /api/v1/webhook-endpoints/:id/test': { base: () => ({ url: `/api/v1/webhook-endpoints/${F.endpointId}/test`, ok: 201 }) },
    'GET /api/v1/webhook-endpoints/:id/deliveries': {
      base: () => ({ url: `/api/v1/webhook-endpoints/${F.endpointId}/deliveries`, ok: 200 }),
    },
    'POST /api/v1/webhook-deliveries/:id/retry': { base: () => ({ url: `/api/v1/webhook-deliveries/${randomUUID()}/retry`, ok: 404 }) },
  };

  beforeAll(async () => {
    for (const def of CALLERS) {
      if (def.auth === 'none') callers.push({ ...def, userId: null, headers: {} });
      else if (def.auth === 'bad-token')
        callers.push({ ...def, userId: null, headers: { authorization: `Bearer rpt_${randomBytes(32).toString('base64url')}` } });
      else {
        const userId = await insertUser(def.name, def.roles);
        if (def.auth === 'token') {
          const { token } = await createApiToken(uc(userActor(userId, def.roles)), 'matrix');
          // Its first use records last_used_at; done here, so it is not a write during a refused case.
          await resolveApiToken(uc(), token);
          callers.push({ ...def, userId, headers: { authorization: `Bearer ${token}` } });
        } else callers.push({ ...def, userId, headers: await sessionHeaders(userId, def.auth === 'session') });
      }
    }
    F.other = await insertUser('Another User', ['sales']);
    F.third = await insertUser('A Third User', ['service']);
    F.login = { email: `login-${uid()}@example.test`, password: 'the login target passphrase' };
    await db()
      .insert(users)
      .values({ email: F.login.email, name: 'Login Target', roles: [], passwordHash: await hashPassword(F.login.password) });

    const team = callers.filter((c) => c.userId).map((c) => ({ userId: c.userId!, role: c.roles[0] ?? ('service' as const) }));
    F.accounts = {} as typeof F.accounts;
    for (const [relation, ref, members] of [
      ['on-team', 'AZM-TEAM', team],
      ['off-team', 'AZM-OFF', [{ userId: F.other, role: 'sales' as const }]],
    ] as const) {
      const a = await createAccount(
        uc(),
        CreateAccountSchema.parse({ name: `Matrix ${relation} account`, externalRef: ref, team: members }),
      );
      const contact = await createContact(uc(), { accountId: a.id, contact: CreateContactSchema.parse({ name: 'Pat Buyer' }) });
      await createHotButton(uc(), { accountId: a.id, text: 'Certificates with every lot' });
      const orderNumber = `MX-${relation}-${uid()}`;
      const order = await createOrder(uc(), CreateOrderSchema.parse({ accountId: a.id, number: orderNumber, amount: '1000.00' }));
      const quote = await createQuote(
        uc(),
        CreateQuoteSchema.parse({ accountId: a.id, number: `MQ-${relation}-${uid()}`, amount: '900.00' }),
      );
      F.accounts[relation] = { id: a.id, contactId: contact.id, orderId: order.id, orderNumber, quoteId: quote.id };
    }
    F.webhookSecret = (await createWebhookSecret(uc(), { name: 'matrix signing' })).secret;
    F.endpointId = (await newEndpoint()).id;
    const [task] = await db()
      .insert(tasks)
      .values({
        title: 'Someone else’s task',
        role: 'gm',
        assigneeId: F.other,
        accountId: F.accounts['off-team'].id,
        status: 'open',
        createdAt: now(),
        updatedAt: now(),
      })
      .returning({ id: tasks.id });
    F.taskId = task!.id;
    const admin = callers.find((c) => c.auth === 'session' && c.roles.includes('admin'))!;
    const upload = csv('accounts', 'externalRef,name\nIMP-FIXTURE,Imported account\n');
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin.headers, ...upload.headers },
      payload: upload.payload,
    });
    if (imported.statusCode !== 201) throw new Error(`fixture import failed: ${imported.statusCode} ${imported.body}`);
    F.importId = imported.json<{ id: string }>().id;
    F.orgName = (await getSettings(db())).orgName;
  });

  /** Row counts and contents of the tables a refused request must not touch. */
  async function snapshot(tables: readonly string[]): Promise<string> {
    const parts = [
      `select 'audit_log' as t, count(*)::text as v from audit_log`,
      `select 'domain_events', count(*)::text from domain_events`,
      ...tables.map(
        (t) => `select '${t}', count(*)::text || ' ' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${t} x`,
      ),
    ];
    const rows = await ctx.database.query<{ t: string; v: string }>(parts.join(' union all '));
    return rows.map((r) => `${r.t}=${r.v}`).join(', ');
  }

  const describeOutcome = (o: Outcome, ok: number | undefined) =>
    o.allowed ? `${ok ?? '(no success status given)'}` : `${o.status} ${o.code}`;
  const codeOf = (res: LightMyRequestResponse): string => {
    try {
      const { code } = res.json<{ code?: unknown }>();
      return typeof code === 'string' ? code : '';
    } catch {
      return '';
    }
  };

  /** Sends one case; returns what was wrong with the answer, or null. */
  async function runCase(
    key: ExercisedKey,
    method: string,
    variantName: string | null,
    caller: Caller,
    relation: Relation,
  ): Promise<string | null> {
    const entry = accessOf(key)!;
    const variant: Variant | null = variantName ? entry.variants![variantName]! : null;
    const builders = B[key] as { base: Build; variants?: Record<string, Build> };
    const build = variantName ? builders.variants?.[variantName] : builders.base;
    const label = `${method === 'HEAD' ? 'HEAD (of GET) ' : ''}${key}${variantName ? ` [${variantName}]` : ''} as ${caller.name}${relation === '-' ? '' : ` on ${relation}`}`;
    if (!build) return `${label}: no request builder`;
    const req = await build({ caller, me: caller.userId ?? F.other, relation });
    const expected = expectedOutcome(entry, variant, caller, relation, method);
    const writes = variant?.writes ?? entry.writes ?? [];
    const before = !expected.allowed && !SAFE.has(method) ? await snapshot(writes) : null;
    try {
      const res = await ctx.app.inject({
        method: method as 'GET',
        url: req.url,
        ...(req.payload !== undefined && { payload: req.payload }),
        headers: { ...(req.credentials ?? caller.headers), ...req.headers },
        remoteAddress: nextAddress(),
      });
      const code = method === 'HEAD' ? '' : codeOf(res);
      const got = `${res.statusCode}${code ? ` ${code}` : ''}`;
      const wrong = `${label}: expected ${describeOutcome(expected, req.ok)}, got ${got}`;
      if (expected.allowed) {
        // The no-route 404 (code not_found) would mean the builder's address is wrong, not "allowed".
        if (res.statusCode !== req.ok || code === 'not_found')
          return `${wrong}${res.statusCode >= 400 && method !== 'HEAD' ? ` — ${res.body.slice(0, 300)}` : ''}`;
        return null;
      }
      if (res.statusCode !== expected.status) return wrong;
      if (method !== 'HEAD') {
        if (!String(res.headers['content-type']).startsWith('application/problem+json'))
          return `${label}: a ${res.statusCode} that is not problem+json`;
        if (code !== expected.code) return wrong;
      }
      if (before !== null) {
        const after = await snapshot(writes);
        if (after !== before) return `${label}: refused, but wrote: before ${before}; after ${after}`;
      }
      return null;
    } finally {
      await req.after?.();
    }
  }

  it('every route the app registers has an entry in the table, and every entry is a registered route', () => {
    const registered = new Set(registeredRoutes.get(ctx.app) ?? []);
    // The recorder saw the app being built (a broken mock would make this test pass vacuously).
    expect(registered.has('GET /api/v1/accounts')).toBe(true);
    // Fastify's automatic HEAD of a GET route answers as the GET does and is exercised with it.
    const hasEntry = (route: string) =>
      accessOf(route) !== undefined ||
      (route.startsWith('HEAD ') && registered.has(`GET ${route.slice(5)}`) && accessOf(`GET ${route.slice(5)}`) !== undefined);
    const withoutEntry = [...registered].filter((r) => !hasEntry(r)).sort();
    const notRegistered = Object.keys(ACCESS).filter((k) => !registered.has(k));
    expect({ withoutEntry, notRegistered }).toEqual({ withoutEntry: [], notRegistered: [] });
  });

  for (const key of EXERCISED) {
    it(key, async () => {
      const registered = new Set(registeredRoutes.get(ctx.app) ?? []);
      const entry = accessOf(key)!;
      const [method, path] = key.split(' ') as [string, string];
      const methods = method === 'GET' && registered.has(`HEAD ${path}`) ? ['GET', 'HEAD'] : [method];
      const relations = RELATIONS[entry.ownership ?? 'none'];
      const failures: string[] = [];
      for (const variantName of [null, ...Object.keys(entry.variants ?? {})]) {
        for (const caller of callers) {
          const signedIn = caller.auth !== 'none' && caller.auth !== 'bad-token';
          // A caller who is not signed in is tried on someone else's object (the last relation);
          // relations through a role only for a caller who holds one.
          const tried = signedIn ? relations.filter((r) => caller.roles.length > 0 || !NEEDS_A_ROLE.has(r)) : relations.slice(-1);
          for (const relation of tried) {
            for (const m of methods) {
              const wrong = await runCase(key, m, variantName, caller, relation);
              if (wrong) failures.push(wrong);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('GET /api/v1/tokens lists a non-admin’s own tokens only, and an admin’s list everyone’s', async () => {
    const sales = callers.find((c) => c.auth === 'session' && c.roles.includes('sales'))!;
    const admin = callers.find((c) => c.auth === 'session' && c.roles.includes('admin'))!;
    const mine = await freshToken(sales.userId!);
    const theirs = await freshToken(F.other);
    const list = async (c: Caller) =>
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: c.headers })).json<{
        items: { id: string; user: { id: string } }[];
      }>().items;
    const forSales = await list(sales);
    expect(forSales.map((t) => t.id)).toContain(mine);
    expect(forSales.every((t) => t.user.id === sales.userId)).toBe(true);
    const forAdmin = (await list(admin)).map((t) => t.id);
    expect(forAdmin).toEqual(expect.arrayContaining([mine, theirs]));
  });
});

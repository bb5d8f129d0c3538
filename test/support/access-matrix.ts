// The authorization matrix (issue 9): ONE table of who may call every route the app registers,
// keyed by "METHOD /path/:param" exactly as Fastify registers it. The truth comes from the route
// guards (requireUser / requireRole in src/http/routes/*.ts) AND the use cases behind them
// (src/domain/**: assertRole, assertCanWork, the owner checks), read by hand — never imported from
// the code under test, so a changed guard shows up as a failing case, not as a changed table.
// test/integration/authz-matrix.test.ts sends every route × every caller × every object relation
// and checks the answer against `expectedOutcome` below; a registered route missing here fails it.
//
// Vocabulary
// - who: 'public' (no sign-in; the route may have its own credential), 'any-signed-in' (requireUser:
//   a session cookie — with X-CSRF-Token on writes — or a live API token), a list of roles (any one
//   of them), or 'nobody' (a variant every caller is refused, whatever session or token they carry).
// - ownership: how the use case narrows further, by the object acted on (RELATIONS lists the objects
//   the test tries for each).
// - variants: a body that the use case authorizes more narrowly than the route (checked after the
//   entry's own rule; `code` is the problem code of that refusal).
// - writes: the tables a request writes; a refused request must leave them (and audit_log and
//   domain_events) exactly as they were.
import type { Role } from '../../contract/common.js';

export type Who = 'public' | 'any-signed-in' | 'nobody' | readonly Role[];

export type Ownership =
  /** Acts on the caller's own user or sessions only: there is no one else's object to name. */
  | 'self'
  /** PATCH /users/:id — yourself (name only, see the variant), or anyone for an admin. */
  | 'own-user'
  /** An API token — its owner, or an admin. */
  | 'own-token'
  /** A task (assertCanWork): its assignee, any holder of its role, a GM or an admin. */
  | 'task-worker'
  /** Taking or handing over a task: its assignee, a holder of its role while nobody holds it, a GM or an admin. */
  | 'task-handover'
  /** A sign-off: a holder of one of the step's sign-off roles — admin and GM included, no bypass. */
  | 'signoff-role'
  /**
   * An account or an object of one (contact, hot button, order, quote, activity): accounts belong to
   * the team, not one owner (docs/domain.md §2, P4.4), so every signed-in staff member reads and writes every
   * account, on its team or not. Tried on both to pin that no team scoping exists (a decision to add
   * it changes this table).
   */
  | 'any-account'
  /**
   * "Sign in as": only in the sample company `rapport demo` makes (settings.is_demo). The matrix
   * runs on a real install, where every signed-in caller is refused (auth.not_demo);
   * test/integration/demo-switch.test.ts covers who may switch inside a demo.
   */
  | 'demo-only';

export interface Rule {
  who: Who;
  ownership?: Ownership;
  /** Problem code of a refusal by this rule's narrowing (a variant, an ownership check). */
  code?: string;
  /** who 'nobody': the status every caller gets. */
  status?: 401 | 403;
  /** Refused to an API token (auth.session_required): only a signed-in person may. */
  isSessionOnly?: boolean;
  note?: string;
}

export interface Variant extends Rule {
  writes?: readonly string[];
}

export interface RouteAccess extends Rule {
  /** 'docs': documentation (Swagger UI, the OpenAPI document), public by design and not exercised. */
  kind?: 'docs';
  /** The route's own credential, checked by the route instead of a session. */
  credential?: 'password' | 'setup-link' | 'webhook-signature' | 'portal-link' | 'preferences-link';
  writes?: readonly string[];
  variants?: Readonly<Record<string, Variant>>;
  note: string;
}

const IMPORTERS = ['admin', 'gm', 'operations'] as const satisfies readonly Role[];
const PORTAL_STAFF = ['admin', 'gm', 'sales', 'csr'] as const satisfies readonly Role[];
/** Who reports and works problems: the staff who hear from customers (docs/problems.md). */
const PROBLEM_REPORTERS = [
  'admin',
  'gm',
  'sales',
  'csr',
  'operations',
  'quality',
  'quality_manager',
  'service',
] as const satisfies readonly Role[];

export const ACCESS = {
  // Operations -------------------------------------------------------------------------------------
  'GET /healthz': { who: 'public', note: 'liveness for load balancers' },
  'GET /readyz': { who: 'public', note: 'readiness (database reachable and migrated)' },
  'GET /metrics': {
    who: 'public',
    note: 'Prometheus text, no auth by design: keep it off the internet behind the proxy (docs/operations.md)',
  },

  // Documentation (not exercised) ------------------------------------------------------------------
  'GET /api/docs': { kind: 'docs', who: 'public', note: 'Swagger UI' },
  'HEAD /api/docs/': { kind: 'docs', who: 'public', note: 'Swagger UI' },
  'GET /api/docs/static/index.html': { kind: 'docs', who: 'public', note: 'Swagger UI' },
  'GET /api/docs/static/swagger-initializer.js': { kind: 'docs', who: 'public', note: 'Swagger UI' },
  'GET /api/docs/static/*': { kind: 'docs', who: 'public', note: 'Swagger UI assets' },
  'HEAD /api/docs/static/*': { kind: 'docs', who: 'public', note: 'Swagger UI assets' },
  'GET /api/docs/json': { kind: 'docs', who: 'public', note: 'the OpenAPI document, for Swagger UI' },
  'GET /api/docs/yaml': { kind: 'docs', who: 'public', note: 'the OpenAPI document, for Swagger UI' },
  'GET /api/v1/openapi.json': { kind: 'docs', who: 'public', note: 'the OpenAPI 3.1 document (README)' },

  // Sign-in, setup, me -----------------------------------------------------------------------------
  'POST /api/v1/auth/login': {
    who: 'public',
    credential: 'password',
    writes: ['sessions'],
    note: 'the email and password are the credential; a session or token already held neither helps nor hinders',
    variants: { 'wrong password': { who: 'nobody', status: 401, code: 'auth.bad_credentials', writes: ['sessions'] } },
  },
  'POST /api/v1/auth/logout': {
    who: 'any-signed-in',
    ownership: 'self',
    writes: ['sessions'],
    note: 'ends the session it is sent with (a token request ends nothing)',
  },
  'GET /api/v1/auth/setup/:token': { who: 'public', note: 'says only whether a setup link is still valid' },
  'POST /api/v1/auth/setup': {
    who: 'public',
    credential: 'setup-link',
    writes: ['users', 'sessions', 'setup_tokens'],
    note: 'the one-time setup link is the credential, valid only while no admin with a password exists; a session of any role is no substitute',
    variants: {
      'a link that is not valid': { who: 'nobody', status: 403, code: 'auth.setup_invalid', writes: ['users', 'sessions', 'setup_tokens'] },
    },
  },
  'GET /api/v1/me': { who: 'any-signed-in', ownership: 'self', note: 'the caller and the CSRF token' },
  'PATCH /api/v1/me': {
    who: 'any-signed-in',
    ownership: 'self',
    writes: ['users', 'sessions', 'api_tokens'],
    note: 'your own name, or your password confirmed by the current one (decision 0009)',
  },
  'GET /api/v1/me/sessions': { who: 'any-signed-in', ownership: 'self', note: "the caller's own live sessions" },
  'GET /api/v1/demo/staff': {
    who: 'any-signed-in',
    ownership: 'demo-only',
    code: 'auth.not_demo',
    note: 'the people "sign in as" offers: in a sample company only',
  },
  'POST /api/v1/demo/sign-in-as': {
    who: 'any-signed-in',
    ownership: 'demo-only',
    code: 'auth.not_demo',
    writes: ['sessions'],
    note: 'ends the session and opens one as another user: in a sample company only, for its admin or sample staff',
  },
  'POST /api/v1/me/sign-out-everywhere': {
    who: 'any-signed-in',
    ownership: 'self',
    writes: ['sessions', 'api_tokens'],
    note: "ends the caller's other sessions (and tokens unless revokeTokens is false)",
  },

  // Users and tokens -------------------------------------------------------------------------------
  'GET /api/v1/users': { who: 'any-signed-in', note: 'staff for pickers: every signed-in user sees names, emails and roles' },
  'POST /api/v1/users': { who: ['admin'], writes: ['users'], note: 'route guard and createUser both demand admin' },
  'GET /api/v1/users/:id': { who: 'any-signed-in', note: 'any staff member, as in the list' },
  'PATCH /api/v1/users/:id': {
    who: 'any-signed-in',
    ownership: 'own-user',
    code: 'auth.forbidden',
    writes: ['users', 'sessions'],
    note: 'updateUser: an admin changes anyone; anyone else only their own name (their password only at PATCH /me)',
    variants: {
      'roles (mass assignment)': {
        who: ['admin'],
        code: 'auth.forbidden',
        writes: ['users', 'sessions'],
        note: 'roles, email, externalRef and active are admin-only, even on yourself',
      },
    },
  },
  'GET /api/v1/tokens': {
    who: 'any-signed-in',
    note: 'listApiTokens: a non-admin sees only their own tokens, an admin everyone’s (checked by its own test)',
  },
  'POST /api/v1/tokens': {
    who: 'any-signed-in',
    isSessionOnly: true,
    writes: ['api_tokens'],
    note: 'a token for the caller, made in a session: a token never mints another',
  },
  'DELETE /api/v1/tokens/:id': {
    who: 'any-signed-in',
    ownership: 'own-token',
    code: 'auth.forbidden',
    writes: ['api_tokens'],
    note: 'revokeApiToken: the owner, or an admin',
  },

  // Settings ---------------------------------------------------------------------------------------
  'GET /api/v1/settings': { who: 'any-signed-in', note: 'organisation settings hold no secrets' },
  'PATCH /api/v1/settings': { who: ['admin'], writes: ['settings'], note: 'Settings (admin), docs/operations.md' },

  // Accounts, contacts, hot buttons (P4.4: accounts belong to the team) ---------------------------
  'GET /api/v1/accounts': { who: 'any-signed-in', note: 'every account' },
  'POST /api/v1/accounts': { who: 'any-signed-in', writes: ['accounts', 'account_team'], note: 'any staff member creates accounts' },
  'GET /api/v1/accounts/:id': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'PATCH /api/v1/accounts/:id': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['accounts', 'account_team'],
    note: 'including isLost and the team',
  },
  'PUT /api/v1/accounts/:id/team': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['account_team'],
    note: 'any staff member replaces any account’s team',
  },
  'GET /api/v1/accounts/:id/contacts': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'POST /api/v1/accounts/:id/contacts': { who: 'any-signed-in', ownership: 'any-account', writes: ['contacts'], note: '' },
  'GET /api/v1/contacts': { who: 'any-signed-in', note: 'contacts across all accounts' },
  'GET /api/v1/contacts/:id': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'PATCH /api/v1/contacts/:id': { who: 'any-signed-in', ownership: 'any-account', writes: ['contacts'], note: '' },
  'DELETE /api/v1/contacts/:id': { who: 'any-signed-in', ownership: 'any-account', writes: ['contacts'], note: '' },
  'GET /api/v1/accounts/:id/hot-buttons': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'POST /api/v1/accounts/:id/hot-buttons': { who: 'any-signed-in', ownership: 'any-account', writes: ['hot_buttons'], note: '' },
  'DELETE /api/v1/accounts/:id/hot-buttons/:hotButtonId': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['hot_buttons'],
    note: 'not only the one who captured it',
  },
  'GET /api/v1/accounts/:id/timeline': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'GET /api/v1/activities': { who: 'any-signed-in', note: '' },
  'POST /api/v1/activities': { who: 'any-signed-in', ownership: 'any-account', writes: ['activities'], note: 'on any account' },

  // Orders and quotes ------------------------------------------------------------------------------
  'GET /api/v1/orders': { who: 'any-signed-in', note: '' },
  'POST /api/v1/orders': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['orders', 'order_lines', 'order_events', 'accounts'],
    note: 'on any account',
  },
  'GET /api/v1/orders/:id': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'PATCH /api/v1/orders/:id': { who: 'any-signed-in', ownership: 'any-account', writes: ['orders', 'order_events'], note: '' },
  'POST /api/v1/orders/:id/transitions': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['orders', 'order_events'],
    note: 'any staff member moves an order along its lifecycle; open playbook gates stop it (409)',
    variants: {
      'past an open gate (overrideGates)': {
        who: ['admin'],
        code: 'orders.gate_override_forbidden',
        writes: ['orders', 'order_events'],
        note: 'transitionOrder: only an admin overrides a gate',
      },
    },
  },
  'POST /api/v1/orders/:id/lines': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['orders', 'order_lines', 'order_events'],
    note: '',
  },
  'GET /api/v1/orders/:id/scorecard': { who: 'any-signed-in', ownership: 'any-account', note: 'includes the acquisition cost' },
  // Figures ----------------------------------------------------------------------------------------
  'GET /api/v1/analytics/kpis': {
    who: 'any-signed-in',
    note: 'figures are made of accounts, orders and quotes every signed-in staff member reads already (no team scoping)',
  },
  'GET /api/v1/analytics/late-notices': {
    who: 'any-signed-in',
    note: 'counts of late orders and notices, made of rows every staff member reads',
  },
  'GET /api/v1/analytics/dashboard': { who: 'any-signed-in', note: 'the figures by month and retention, made of the same rows' },
  'GET /api/v1/analytics/practice': {
    who: 'any-signed-in',
    note: 'conversion counts by playbook and step, made of orders and tasks every staff member reads',
  },
  'GET /api/v1/analytics/practice/rows': {
    who: 'any-signed-in',
    note: 'the accounts behind a side of "does the practice work": accounts and orders every staff member reads',
  },
  'GET /api/v1/analytics/:figure': {
    who: 'any-signed-in',
    note: 'the rows behind a figure (and their CSV): accounts, orders and quotes every signed-in staff member reads already',
  },
  'GET /api/v1/quotes': { who: 'any-signed-in', note: '' },
  'POST /api/v1/quotes': { who: 'any-signed-in', ownership: 'any-account', writes: ['quotes', 'quote_events'], note: 'on any account' },
  'GET /api/v1/quotes/:id': { who: 'any-signed-in', ownership: 'any-account', note: '' },
  'GET /api/v1/quotes/:id/activity': {
    who: 'any-signed-in',
    ownership: 'any-account',
    note: 'the quote page: its follow-ups, events and order',
  },
  'PATCH /api/v1/quotes/:id': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['quotes', 'quote_events'],
    note: 'any staff member changes or decides a quote',
    variants: {
      'reopen a decided quote': {
        who: ['admin'],
        code: 'quotes.reopen_forbidden',
        writes: ['quotes', 'quote_events'],
        note: 'decision 0004: only an admin reopens',
      },
    },
  },

  // Playbooks and tasks ----------------------------------------------------------------------------
  'GET /api/v1/playbooks': { who: 'any-signed-in', note: '' },
  'GET /api/v1/playbooks/:key': { who: 'any-signed-in', note: '' },
  'PUT /api/v1/playbooks/:key': { who: ['admin'], writes: ['playbooks'], note: 'route guard and savePlaybook both demand admin' },
  'POST /api/v1/playbooks/:key/preview': { who: 'any-signed-in', note: 'a sample timeline; writes nothing' },
  'GET /api/v1/playbook-runs': { who: 'any-signed-in', note: '' },
  'GET /api/v1/tasks': {
    who: 'any-signed-in',
    note: 'mine=true: own plus my roles’ unassigned; mine=false: everyone’s',
    variants: {
      "another person's day (for=)": {
        who: ['admin', 'gm', 'quality_manager'],
        code: 'tasks.forbidden',
        note: 'a manager covering an absence opens a colleague’s My day',
      },
    },
  },
  'GET /api/v1/tasks/:id': { who: 'any-signed-in', note: 'any task by id, not only the caller’s (getTask takes no actor)' },
  'POST /api/v1/tasks/:id/complete': {
    who: 'any-signed-in',
    ownership: 'task-worker',
    code: 'tasks.forbidden',
    writes: ['tasks'],
    note: 'complete or skip (assertCanWork): a holder of the role may also finish a colleague’s assigned task, as the use case says',
  },
  'POST /api/v1/tasks/:id/signoffs': {
    who: 'any-signed-in',
    ownership: 'signoff-role',
    code: 'tasks.signoff_forbidden',
    writes: ['tasks', 'task_signoffs'],
    note: 'distinct qualified signers: admin or GM without the role may not sign',
  },
  'POST /api/v1/tasks/:id/take': {
    who: 'any-signed-in',
    ownership: 'task-handover',
    code: 'tasks.forbidden',
    writes: ['tasks'],
    note: 'a holder of the role takes a task nobody holds; a colleague’s only a GM or an admin (assertMayHandOver)',
  },
  'POST /api/v1/tasks/:id/assign': {
    who: 'any-signed-in',
    ownership: 'task-handover',
    code: 'tasks.forbidden',
    writes: ['tasks'],
    note: 'its assignee, a holder of the role while nobody holds it, a GM or an admin (assertMayHandOver)',
  },
  'POST /api/v1/tasks/:id/reschedule': {
    who: 'any-signed-in',
    ownership: 'task-handover',
    code: 'tasks.forbidden',
    writes: ['tasks'],
    note: 'who may hand a task over may move its due time (assertMayHandOver)',
  },

  // Jobs, imports, webhooks ------------------------------------------------------------------------
  'GET /api/v1/jobs/failed': { who: ['admin'], note: 'dead letters (decision 0003)' },
  'POST /api/v1/jobs/:id/retry': { who: ['admin'], writes: [], note: 'writes pgboss.job, which the test database does not have' },
  'POST /api/v1/imports': {
    who: IMPORTERS,
    writes: ['imports', 'accounts', 'users', 'orders'],
    note: 'an import is the bulk form of the use cases behind it (access.rules.ts)',
    variants: {
      'kind users': {
        who: ['admin'],
        code: 'auth.forbidden',
        writes: ['imports', 'users'],
        note: 'a users file sets roles and emails, which only an admin may change',
      },
      'orders with overrideGates': {
        who: ['admin'],
        code: 'orders.gate_override_forbidden',
        writes: ['imports', 'orders'],
        note: 'as on POST /orders/:id/transitions',
      },
    },
  },
  'GET /api/v1/imports': { who: IMPORTERS, note: 'also lists users imports to gm and operations' },
  'GET /api/v1/imports/:id': { who: IMPORTERS, note: '' },
  'GET /api/v1/import-mappings': { who: IMPORTERS, note: 'lists the kinds the caller may import' },
  'POST /api/v1/import-mappings': {
    who: IMPORTERS,
    writes: ['import_mappings'],
    note: 'who may import a kind may save its mappings',
    variants: {
      'kind users': { who: ['admin'], code: 'auth.forbidden', writes: ['import_mappings'], note: 'as importing users' },
    },
  },
  'DELETE /api/v1/import-mappings/:id': {
    who: IMPORTERS,
    writes: ['import_mappings'],
    note: 'a users mapping is not found for non-admins',
  },
  'POST /hooks/erp': {
    who: 'public',
    credential: 'webhook-signature',
    writes: ['webhook_receipts', 'orders', 'order_events', 'quotes'],
    note: 'authenticated by the Standard Webhooks signature of a live secret, not by a session or token',
    variants: {
      unsigned: { who: 'nobody', status: 401, code: 'webhooks.missing_headers', writes: ['webhook_receipts', 'orders', 'order_events'] },
    },
  },
  // Customer portal (docs/portal.md) ----------------------------------------------------------------
  'POST /api/v1/accounts/:id/portal-links': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    writes: ['portal_links'],
    note: 'the people who talk to the customer and their managers (createPortalLink), on any account: accounts belong to the team',
  },
  'GET /api/v1/accounts/:id/portal-links': { who: PORTAL_STAFF, ownership: 'any-account', note: 'listPortalLinks: never a token' },
  'DELETE /api/v1/accounts/:id/portal-links/:linkId': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    writes: ['portal_links'],
    note: 'revokePortalLink: the link must be the account’s (else portal.link_not_found, test/integration/portal.test.ts)',
  },
  'GET /c/:token': {
    who: 'public',
    credential: 'portal-link',
    writes: ['portal_links'],
    note: 'the customer portal page: the token in the URL is the credential; every bad link is the same 404 (test/integration/portal.test.ts)',
  },
  'PATCH /c/:token/form': {
    who: 'public',
    credential: 'portal-link',
    writes: ['portal_forms'],
    note: 'the new-customer form saved as they type, through the link only',
  },
  'POST /c/:token/form/submit': {
    who: 'public',
    credential: 'portal-link',
    writes: ['portal_forms', 'tasks', 'activities'],
    note: '"Send to us": through the link only',
  },
  'POST /c/:token/documents': {
    who: 'public',
    credential: 'portal-link',
    writes: ['portal_documents'],
    note: 'the tax-exemption certificate upload, through the link only',
  },
  'GET /api/v1/accounts/:id/portal-documents': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    note: 'what the customer uploaded: names only',
  },
  'GET /api/v1/accounts/:id/portal-documents/:documentId': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    note: 'downloads an upload, as an attachment; the document must be the account’s (portal.document_not_found)',
  },
  'GET /portal-assets/portal.js': { who: 'public', note: 'the portal page’s script: no data' },
  'POST /c/:token': {
    who: 'public',
    credential: 'portal-link',
    writes: ['survey_responses', 'survey_invitations', 'activities', 'domain_events'],
    note: 'a survey answer through the survey link: one per invitation (test/integration/surveys.test.ts)',
  },
  'GET /api/v1/surveys': { who: 'any-signed-in', note: 'the survey templates: wording every staff member may read' },
  'GET /api/v1/surveys/:key': { who: 'any-signed-in', note: 'one survey template' },
  'POST /api/v1/surveys': { who: ['admin'], writes: ['surveys'], note: 'an organisation’s own survey (createSurvey)' },
  'PATCH /api/v1/surveys/:key': { who: ['admin'], writes: ['surveys'], note: 'a survey’s wording (updateSurvey)' },
  'GET /api/v1/survey-invitations': { who: 'any-signed-in', note: 'surveys sent: never a token' },
  'POST /api/v1/survey-invitations': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    writes: ['survey_invitations', 'messages', 'surveys'],
    note: 'the people who talk to the customer send a survey by hand (createSurveyInvitation)',
  },
  'GET /api/v1/survey-responses': { who: 'any-signed-in', note: 'survey answers' },
  'GET /api/v1/analytics/surveys': { who: 'any-signed-in', note: 'survey figures, like every figure' },
  'GET /api/v1/referrals/eligible': { who: 'any-signed-in', note: 'the accounts that may be asked for a referral, with the evidence' },
  'GET /api/v1/accounts/:id/referral-eligibility': { who: 'any-signed-in', ownership: 'any-account', note: 'one account’s standing' },
  'GET /api/v1/accounts/:id/referral-requests': {
    who: 'any-signed-in',
    ownership: 'any-account',
    note: 'the referrals asked of the account',
  },
  'POST /api/v1/accounts/:id/referral-requests': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    writes: ['referral_requests', 'activities'],
    note: 'the people who talk to the customer ask, through the gate (createReferralRequest; 409 tested in referrals.test.ts)',
  },
  'POST /api/v1/referral-requests/:id/given': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    writes: ['referral_requests', 'activities'],
    note: 'the people who talk to the customer record that the referral came (recordReferralGiven)',
  },
  'GET /api/v1/analytics/advocacy': { who: 'any-signed-in', note: 'testimonials and referrals, like every figure' },
  'GET /api/v1/accounts/:id/journey': {
    who: 'any-signed-in',
    ownership: 'any-account',
    note: 'the account’s onboarding journey, like the rest of the account page',
  },
  'POST /api/v1/accounts/:id/journey': {
    who: ['admin', 'gm', 'sales', 'csr', 'service'],
    ownership: 'any-account',
    writes: ['journey_stages', 'playbook_runs', 'tasks', 'domain_events'],
    note: 'the people who run the customer’s first months start it by hand (startJourney)',
  },
  'GET /api/v1/analytics/executive-calls': { who: 'any-signed-in', note: 'executive calls due, done and overdue, like every figure' },
  'GET /api/v1/testimonials': { who: 'any-signed-in', note: 'testimonials, each credited at its approved level only' },
  'GET /api/v1/testimonials/:id': { who: 'any-signed-in', note: 'one testimonial' },
  'POST /api/v1/testimonials': {
    who: PORTAL_STAFF,
    ownership: 'any-account',
    writes: ['testimonials', 'messages', 'activities'],
    note: 'the people who talk to the customer ask for one (requestTestimonial)',
  },
  'POST /api/v1/testimonials/:id/withdraw': {
    who: PORTAL_STAFF,
    writes: ['testimonials', 'activities'],
    note: 'at the customer’s word (withdrawTestimonial)',
  },
  'POST /c/:token/testimonial': {
    who: 'public',
    credential: 'portal-link',
    writes: ['testimonials', 'activities'],
    note: 'the customer approves, declines or withdraws through the link (test/integration/testimonials.test.ts)',
  },
  'GET /u/:token': {
    who: 'public',
    credential: 'preferences-link',
    note: 'a contact’s mail preferences, from the link in a progress message; every bad link is the portal’s 404 (test/integration/mail-preferences.test.ts)',
  },
  'POST /u/:token': {
    who: 'public',
    credential: 'preferences-link',
    writes: ['contacts', 'activities'],
    note: 'the contact’s choice, or a mail program’s one-click unsubscribe: through the link only',
  },
  // Thank-you notes (docs/thank-you-notes.md) -------------------------------------------------------
  'GET /api/v1/thank-you-notes': { who: 'any-signed-in', note: 'who wrote to whom and what came back: no credit to guard (P4.4)' },
  'POST /api/v1/thank-you-notes': {
    who: 'any-signed-in',
    ownership: 'any-account',
    writes: ['thank_you_notes', 'activities', 'messages'],
    note: 'anyone may thank anyone; the settings say who is asked to each day, not who may',
  },
  'GET /api/v1/thank-you-notes/suggestions': { who: 'any-signed-in', note: 'the caller’s own day' },
  'GET /api/v1/thank-you-notes/habits': { who: 'any-signed-in', note: 'figures of notes every staff member lists already' },
  'GET /api/v1/thank-you-notes/:id': { who: 'any-signed-in', note: '' },
  'PATCH /api/v1/thank-you-notes/:id': {
    who: 'any-signed-in',
    writes: ['thank_you_notes', 'tasks'],
    note: 'whoever hears the answer records it, not only the writer (accounts belong to the team)',
  },
  // Problems (docs/problems.md) --------------------------------------------------------------------
  'GET /api/v1/problems': { who: 'any-signed-in', note: 'every staff member sees what went wrong for customers and who is responsible' },
  'POST /api/v1/problems': {
    who: PROBLEM_REPORTERS,
    ownership: 'any-account',
    writes: ['problems', 'tasks', 'activities', 'accounts'],
    note: 'route guard and openProblem: the staff who hear from customers, on any account (accounts belong to the team)',
  },
  'GET /api/v1/problems/:id': { who: 'any-signed-in', note: '' },
  'PATCH /api/v1/problems/:id': {
    who: PROBLEM_REPORTERS,
    writes: ['problems', 'tasks', 'accounts'],
    note: 'route guard and updateProblem: root cause, origin, actions and status up to prevented',
    variants: {
      'confirm the responsible person': {
        who: ['admin', 'gm'],
        code: 'problems.forbidden',
        writes: ['problems'],
        note: 'naming or confirming who is responsible is the GM’s (updateProblem)',
      },
      close: { who: ['admin', 'gm'], code: 'problems.forbidden', writes: ['problems'], note: 'closing is the GM’s (updateProblem)' },
    },
  },
  'GET /api/v1/analytics/expectations': {
    who: 'any-signed-in',
    note: 'the expectations report: counts of the problems every staff member lists already',
  },
  // Messages to customers ------------------------------------------------------------------------
  'GET /api/v1/messages': { who: 'any-signed-in', note: 'the outbox: every staff member sees what was said to customers' },
  'GET /api/v1/messages/:id': { who: 'any-signed-in', note: '' },
  'POST /api/v1/messages/:id/retry': {
    who: ['admin', 'gm', 'csr'],
    writes: ['messages'],
    note: 'route guard and retryMessage both: the people who talk to customers',
  },
  'PATCH /api/v1/messages/:id': {
    who: ['admin', 'gm', 'csr'],
    writes: ['messages'],
    note: 'editing a draft (the late notice): route guard and updateDraftMessage, as for a retry',
  },
  'POST /api/v1/messages/:id/send': {
    who: ['admin', 'gm', 'csr'],
    writes: ['messages', 'tasks'],
    note: 'sending a draft does the step that drafted it: route guard and sendDraftMessage',
  },
  'POST /api/v1/accounts/:id/corrections': {
    who: ['admin', 'gm', 'csr', 'sales'],
    ownership: 'any-account',
    writes: ['messages', 'activities', 'order_events'],
    note: 'P2.5: whoever talks to the customer corrects what was said; route guard and recordCorrection',
  },
  'GET /api/v1/message-templates': { who: 'any-signed-in', note: '' },
  'GET /api/v1/message-templates/:key': { who: 'any-signed-in', note: '' },
  'PUT /api/v1/message-templates/:key': { who: ['admin'], writes: ['message_templates'], note: 'route guard and saveMessageTemplate' },
  'DELETE /api/v1/message-templates/:key': { who: ['admin'], writes: ['message_templates'], note: 'back to the shipped text' },
  'POST /api/v1/message-templates/preview': { who: 'any-signed-in', note: 'renders unsaved text; writes nothing' },
  'GET /api/v1/settings/mail': { who: ['admin'], note: 'the mail server in force, without its password' },
  'POST /api/v1/settings/mail/test': { who: ['admin'], writes: [], note: 'sends one test mail (409 without a mail server)' },

  'GET /api/v1/webhooks/secrets': { who: ['admin'], note: 'masked' },
  'POST /api/v1/webhooks/secrets': { who: ['admin'], writes: ['webhook_secrets'], note: 'the secret is shown once' },
  'DELETE /api/v1/webhooks/secrets/:id': { who: ['admin'], writes: ['webhook_secrets'], note: '' },
  // Outbound webhooks (docs/webhooks.md) ------------------------------------------------------------
  'GET /api/v1/webhook-endpoints': { who: ['admin'], note: 'secrets masked' },
  'POST /api/v1/webhook-endpoints': { who: ['admin'], writes: ['webhook_endpoints'], note: 'the secret is shown once' },
  'GET /api/v1/webhook-endpoints/:id': { who: ['admin'], note: '' },
  'PATCH /api/v1/webhook-endpoints/:id': { who: ['admin'], writes: ['webhook_endpoints'], note: '' },
  'DELETE /api/v1/webhook-endpoints/:id': { who: ['admin'], writes: ['webhook_endpoints', 'webhook_deliveries'], note: '' },
  'POST /api/v1/webhook-endpoints/:id/rotate-secret': {
    who: ['admin'],
    writes: ['webhook_endpoints'],
    note: 'the new secret is shown once',
  },
  'POST /api/v1/webhook-endpoints/:id/test': { who: ['admin'], writes: ['webhook_deliveries'], note: 'queues a test event' },
  'GET /api/v1/webhook-endpoints/:id/deliveries': { who: ['admin'], note: 'what was sent, with each attempt' },
  'POST /api/v1/webhook-deliveries/:id/retry': { who: ['admin'], writes: ['webhook_deliveries'], note: '' },
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof ACCESS;
export type DocsKey = { [K in RouteKey]: (typeof ACCESS)[K] extends { kind: 'docs' } ? K : never }[RouteKey];
export type ExercisedKey = Exclude<RouteKey, DocsKey>;

export function accessOf(key: string): RouteAccess | undefined {
  return (ACCESS as Record<string, RouteAccess>)[key];
}

// Reading the table ------------------------------------------------------------------------------

/** How the caller authenticates. */
export type Auth = 'none' | 'bad-token' | 'session' | 'session-without-csrf' | 'token';

/** The object a request acts on, relative to the caller. */
export type Relation =
  | '-'
  | 'own'
  | 'another-user'
  | 'on-team'
  | 'off-team'
  | 'assigned-to-me'
  | 'my-role'
  | 'my-role-taken-by-another'
  | 'another-role-and-user'
  | 'holds-signoff-role'
  | 'lacks-signoff-role';

/** The objects tried for each kind of ownership; the last is always someone else's. */
export const RELATIONS: Record<Ownership | 'none', readonly Relation[]> = {
  none: ['-'],
  self: ['-'],
  'own-user': ['own', 'another-user'],
  'own-token': ['own', 'another-user'],
  'task-worker': ['assigned-to-me', 'my-role', 'my-role-taken-by-another', 'another-role-and-user'],
  'task-handover': ['assigned-to-me', 'my-role', 'my-role-taken-by-another', 'another-role-and-user'],
  'signoff-role': ['holds-signoff-role', 'lacks-signoff-role'],
  'demo-only': ['-'],
  'any-account': ['on-team', 'off-team'],
};

/** Relations that exist only for a caller holding a role. */
export const NEEDS_A_ROLE: ReadonlySet<Relation> = new Set(['my-role', 'my-role-taken-by-another', 'holds-signoff-role']);

export type Outcome = { allowed: true } | { allowed: false; status: 401 | 403; code: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function holds(who: Who, roles: readonly Role[]): boolean {
  if (who === 'public' || who === 'any-signed-in') return true;
  if (who === 'nobody') return false;
  return who.some((r) => roles.includes(r));
}

function ownershipAllows(ownership: Ownership | undefined, roles: readonly Role[], relation: Relation): boolean {
  switch (ownership) {
    case undefined:
    case 'self':
    case 'any-account':
      return true;
    case 'own-user':
    case 'own-token':
      return relation !== 'another-user' || roles.includes('admin');
    case 'task-worker':
      return relation !== 'another-role-and-user' || roles.includes('admin') || roles.includes('gm');
    case 'task-handover':
      return (
        (relation !== 'another-role-and-user' && relation !== 'my-role-taken-by-another') || roles.includes('admin') || roles.includes('gm')
      );
    case 'signoff-role':
      return relation === 'holds-signoff-role';
    case 'demo-only':
      return false;
  }
}

/** What the table says a caller gets from one request (a route, optionally one of its variants). */
export function expectedOutcome(
  entry: RouteAccess,
  variant: Variant | null,
  caller: { auth: Auth; roles: readonly Role[] },
  relation: Relation,
  method: string,
): Outcome {
  const rules: Rule[] = variant ? [entry, variant] : [entry];
  const refusedByAll = rules.find((r) => r.who === 'nobody');
  if (refusedByAll) return { allowed: false, status: refusedByAll.status ?? 403, code: refusedByAll.code ?? 'auth.forbidden' };
  if (rules.every((r) => r.who === 'public')) return { allowed: true };
  // requireUser: who is calling, then CSRF on cookie writes.
  if (caller.auth === 'none') return { allowed: false, status: 401, code: 'auth.required' };
  if (caller.auth === 'bad-token') return { allowed: false, status: 401, code: 'auth.bad_token' };
  if (caller.auth === 'session-without-csrf' && !SAFE_METHODS.has(method)) return { allowed: false, status: 403, code: 'auth.csrf' };
  if (caller.auth === 'token' && rules.some((r) => r.isSessionOnly)) return { allowed: false, status: 403, code: 'auth.session_required' };
  for (const [i, rule] of rules.entries()) {
    // The entry's roles are the route guard's (auth.forbidden); a variant's are the use case's.
    if (!holds(rule.who, caller.roles))
      return { allowed: false, status: 403, code: i === 0 ? 'auth.forbidden' : (rule.code ?? 'auth.forbidden') };
    if (!ownershipAllows(rule.ownership, caller.roles, relation))
      return { allowed: false, status: 403, code: rule.code ?? 'auth.forbidden' };
  }
  return { allowed: true };
}

// Property-based fuzzing from the OpenAPI document (issue 9). For every write route (POST, PUT,
// PATCH, DELETE) and every GET that takes a query or a path parameter, fast-check generates
// bodies, queries and ids from the route's own JSON schemas — valid, nearly valid and hostile —
// and sends them as an admin. Every answer must be below 500; every 4xx a problem+json with
// status, code and detail, naming the fields at fault; and a 4xx must have written nothing
// (every public table fingerprinted before and after). RAPPORT_FUZZ_RUNS=<n> runs longer,
// RAPPORT_FUZZ_SEED=<n> replays another seed.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, IMPORT_KINDS, type ImportKind } from '../../src/domain/imports/fields.js';
import { drainJobs } from '../support/jobs.js';
import { createSession } from '../../src/domain/users/index.js';
import { signWebhook } from '../../src/domain/webhooks/index.js';
import { buildApp } from '../../src/http/app.js';
import {
  countRows,
  engines,
  json,
  openTestDatabase,
  signIn,
  testConfig,
  useTestApp,
  type Session,
  type TestContext,
} from '../support/app.js';
import {
  anyJson,
  bodyArb,
  brief,
  changedTables,
  operationsOf,
  pathParamArb,
  queryArb,
  RAW_PATH_SEGMENTS,
  snapshotter,
  STRING_JUNK,
  type BodyCase,
  type Mode,
  type Operation,
  type Pools,
  type Snapshot,
} from '../support/fuzz.js';
import { multipart } from '../support/multipart.js';

const RUNS = Number(process.env['RAPPORT_FUZZ_RUNS'] ?? 10);
const BASE_SEED = Number(process.env['RAPPORT_FUZZ_SEED'] ?? 9_2026);
const PASSWORD = 'correct horse battery staple';
/** A route's time budget: the suite's 30 s, or more for a long run (PostgreSQL takes up to ~40 ms a case with shrinking). */
const ROUTE_TIMEOUT = Math.max(30_000, RUNS * 400);

/** The operations of the real app's document (read once, to name one test per route). */
async function documentedOperations(): Promise<Operation[]> {
  const database = await openTestDatabase('pglite');
  const app = await buildApp({ database, config: testConfig(), serveWeb: false });
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    return operationsOf(res.json());
  } finally {
    await app.close();
    await database.close();
  }
}

const isFuzzed = (op: Operation) =>
  ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method) ||
  (op.method === 'GET' && op.parameters.some((p) => p.in === 'query' || p.in === 'path'));
const OPERATIONS = (await documentedOperations()).filter(isFuzzed);
const routeOf = (op: Operation) => `${op.method} ${op.path}`;

/**
 * Tables a refused request writes by design, per route and problem code (`*`: any); every other
 * 4xx must leave every table as it was. A sign-in is counted by the throttle before the password
 * is checked (login_failures), so a wrong password — or a wrong current password on PATCH /me —
 * leaves its row. An upload the import refuses once it has started (the header misses a mapped
 * column, a bad row, an undecodable line) keeps its import record, `failed` or `rejected`, to be
 * polled: runCase checks that it is exactly one new record in one of those states.
 */
const WRITES_ON_REFUSAL: Record<string, Record<string, string[]>> = {
  'POST /api/v1/auth/login': { 'auth.bad_credentials': ['login_failures'] },
  'PATCH /api/v1/me': { 'auth.wrong_password': ['login_failures'] },
  'POST /api/v1/imports': { '*': ['imports'] },
};

/** A route's seed: the run's seed mixed with the route, so each route draws its own cases. */
function seedOf(route: string): number {
  let h = BASE_SEED | 0;
  for (const ch of route) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: BodyCase;
  remoteAddress: string;
  /** POST /hooks/erp only: how the event is signed. */
  signing?: 'valid' | 'none' | 'junk';
  /** The exact bytes to send (a multipart upload), instead of `body`, which then only describes them. */
  raw?: { payload: Buffer; contentType: string };
}

interface Problem {
  status?: unknown;
  code?: unknown;
  detail?: unknown;
  errors?: { path?: unknown; message?: unknown }[];
}

function problemCode(res: LightMyRequestResponse): string {
  try {
    return String(res.json<Problem>().code);
  } catch {
    return '';
  }
}

/** The checks every answer must pass; throws with the request and the answer in the message. */
function checkAnswer(req: Request, res: LightMyRequestResponse, before: Snapshot, after: Snapshot, allowed: string[]): void {
  const fail = (why: string) => {
    throw new Error(
      `${why}\n  request: ${req.method} ${brief(req.url, 400)}\n  headers: ${brief(req.headers, 400)}\n  body: ${brief(req.body, 1500)}\n  answer: ${res.statusCode} ${String(res.headers['content-type'] ?? '')}\n  ${res.body.length > 3000 ? `${res.body.slice(0, 3000)}…` : res.body}`,
    );
  };
  if (res.statusCode >= 500) fail(`a ${res.statusCode}`);
  if (res.statusCode < 400) return;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) fail('a 4xx that is not application/problem+json');
  let problem: Problem;
  try {
    problem = res.json<Problem>();
  } catch {
    return fail('a 4xx whose body is not JSON');
  }
  if (problem.status !== res.statusCode) fail('a problem whose status is not the answer’s');
  if (typeof problem.code !== 'string' || problem.code === '') fail('a problem without a code');
  if (typeof problem.detail !== 'string' || problem.detail === '') fail('a problem without a detail');
  if (problem.errors !== undefined) {
    if (!Array.isArray(problem.errors)) fail('errors is not a list');
    for (const e of problem.errors)
      if (typeof e.path !== 'string' || e.path === '' || typeof e.message !== 'string' || e.message === '')
        fail('an error without a path or a message');
  }
  if (res.statusCode === 400 && problem.code === 'validation.invalid' && !(Array.isArray(problem.errors) && problem.errors.length > 0))
    fail('validation.invalid without errors[] naming the fields');
  const changed = changedTables(before, after).filter((t) => !allowed.includes(t));
  if (changed.length > 0) fail(`a ${res.statusCode} that wrote to ${changed.join(', ')}`);
}

describe.each(engines)('API fuzzing on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);
  let pools: Pools;
  /** What the fixtures leave that the database does not say by itself. */
  const fixed = { sources: [] as string[], playbooks: [] as string[], emails: [] as string[], cursors: [] as string[] };
  /** The admin every case is sent as (signed in once: the sign-in route has its own rate limit). */
  let fuzzAdmin: Session;
  let snap: Awaited<ReturnType<typeof snapshotter>>;
  const stats = {
    cases: 0,
    routes: 0,
    serverErrors: 0,
    byStatus: new Map<number, number>(),
    byRoute: new Map<string, Map<number, number>>(),
    reasons: new Map<string, Map<string, number>>(),
  };
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    const admin = await signIn(ctx, ['admin']);
    const post = async <T = { id: string }>(url: string, payload: unknown): Promise<T> => {
      const res = await ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload: payload as Record<string, unknown> });
      if (res.statusCode >= 300) throw new Error(`fixture ${url}: ${res.statusCode} ${res.body}`);
      return res.json<T>();
    };
    const rep = await post('/api/v1/users', { name: 'Fuzz Rep', email: 'rep@fuzz.test', externalRef: 'E-1', roles: ['sales'] });
    const csr = await post('/api/v1/users', { name: 'Fuzz CSR', email: 'csr@fuzz.test', externalRef: 'E-2', roles: ['csr', 'quality'] });
    await post('/api/v1/users', {
      name: 'Fuzz Admin',
      email: 'admin@fuzz.test',
      externalRef: 'E-3',
      roles: ['admin'],
      password: `${PASSWORD} 2`,
    });
    const acme = await post('/api/v1/accounts', {
      name: 'Acme Fuzz',
      externalRef: 'ACC-1',
      currency: 'USD',
      team: [{ userId: rep.id, role: 'sales' }],
    });
    const globex = await post('/api/v1/accounts', { name: 'Globex Fuzz', externalRef: 'ACC-2', currency: 'JPY', timezone: 'Asia/Tokyo' });
    await post('/api/v1/accounts', { name: 'Initech Supplies', externalRef: 'SUP-1', kind: 'supplier', currency: 'EUR' });
    const contact = await post(`/api/v1/accounts/${acme.id}/contacts`, { name: 'Wile E.', email: 'wile@acme.test', isPrimary: true });
    await post(`/api/v1/accounts/${acme.id}/hot-buttons`, { text: 'On-time delivery' });
    const order = await post('/api/v1/orders', {
      accountId: acme.id,
      number: 'SO-1',
      amount: '12500.00',
      repId: rep.id,
      csrId: csr.id,
      promisedDate: '2026-03-20',
      lines: [{ sku: 'W-1', quantity: 10, unitPrice: '1250.00' }],
    });
    await post('/api/v1/orders', { accountId: globex.id, number: 'SO-2', amount: '50000', placedAt: '2026-02-01' });
    await post('/api/v1/quotes', { accountId: acme.id, number: 'Q-1', amount: '900.00', repId: rep.id, validUntil: '2026-04-01' });
    await post('/api/v1/activities', { accountId: acme.id, kind: 'call', subject: 'Kick-off', contactId: contact.id, orderId: order.id });
    await post('/api/v1/webhooks/secrets', { name: 'ERP' });
    await post('/api/v1/webhook-endpoints', { url: 'https://erp.fuzz.test/rapport', eventTypes: ['order.created', 'quote.sent'] });
    await post('/api/v1/tokens', { name: 'fuzz token' });
    await drainJobs(ctx);
    const playbooks = (await ctx.app.inject({ method: 'GET', url: '/api/v1/playbooks', headers: { cookie: admin.cookie } }))
      .json<{ items: { key: string }[] }>()
      .items.map((p) => p.key);
    for (const key of playbooks.slice(0, 2)) {
      const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/playbooks/${key}`, headers: { cookie: admin.cookie } })).json<{
        source?: string;
      }>();
      if (detail.source) fixed.sources.push(detail.source);
    }
    fixed.playbooks = playbooks;
    fixed.emails.push(admin.email);
    // Cursors the lists hand out, harvested from a page of one.
    for (const url of [
      '/api/v1/users',
      '/api/v1/accounts',
      '/api/v1/accounts?sort=-potentialAnnualSpend',
      '/api/v1/orders',
      '/api/v1/orders?sort=amount',
      '/api/v1/orders?sort=promisedDate',
      '/api/v1/quotes',
      '/api/v1/activities',
      `/api/v1/accounts/${acme.id}/timeline`,
      `/api/v1/accounts/${acme.id}/contacts`,
      '/api/v1/contacts',
    ]) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `${url}${url.includes('?') ? '&' : '?'}limit=1`,
        headers: { cookie: admin.cookie },
      });
      const next = res.statusCode === 200 ? res.json<{ nextCursor: string | null }>().nextCursor : null;
      if (next) fixed.cursors.push(next);
    }
    fuzzAdmin = await signIn(ctx, ['admin']);
    snap = await snapshotter(ctx.database);
  });

  /**
   * Existing things to draw ids and references from, read again before each route: what earlier
   * routes created (orders in other states, new contacts, revoked tokens) is fuzzed too. The fuzz
   * admin is left out of the user ids, so no case demotes or deactivates the caller.
   */
  const loadPools = async (): Promise<Pools> => {
    const col = async (sql: string) => (await ctx.database.query<{ v: string }>(sql)).map((r) => r.v);
    const recent = (table: string, column = 'id::text') =>
      col(`select ${column} as v from ${table} where ${column} is not null order by ctid desc limit 25`);
    const userIds = await col(`select id::text as v from users where id <> '${fuzzAdmin.userId}' order by ctid desc limit 25`);
    const accountIds = await recent('accounts');
    const contactIds = await recent('contacts');
    const hotButtonIds = await recent('hot_buttons');
    const orderIds = await recent('orders');
    const quoteIds = await recent('quotes');
    const taskIds = await recent('tasks');
    const tokenIds = await recent('api_tokens');
    const secretIds = await recent('webhook_secrets');
    const importIds = await recent('imports');
    const endpointIds = await recent('webhook_endpoints');
    const deliveryIds = await recent('webhook_deliveries');
    const ids = [
      ...userIds,
      ...accountIds,
      ...contactIds,
      ...hotButtonIds,
      ...orderIds,
      ...quoteIds,
      ...taskIds,
      ...tokenIds,
      ...secretIds,
      ...importIds,
      ...endpointIds,
      ...deliveryIds,
      ...(await recent('activities')),
      ...(await recent('playbook_runs')),
    ];
    const accountRefs = [...(await recent('accounts', 'external_ref')), 'ACC-404'];
    const userRefs = [...(await recent('users', 'external_ref')), 'E-404'];
    const numbers = [...(await recent('orders', 'number')), ...(await recent('quotes', 'number')), 'SO-404'];
    const byPath = (paths: string[], values: string[]) => Object.fromEntries(paths.map((p) => [`id@${p}`, values]));
    return {
      ids,
      cursors: fixed.cursors,
      byField: {
        accountId: accountIds,
        userId: userIds,
        repId: userIds,
        csrId: userIds,
        teamUserId: userIds,
        contactId: contactIds,
        hotButtonId: hotButtonIds,
        orderId: orderIds,
        quoteId: quoteIds,
        email: [
          ...fixed.emails,
          ...(await recent('users', 'email')),
          'ADMIN@fuzz.test',
          'nobody@fuzz.test',
          'not-an-email',
          'a@b',
          `${'x'.repeat(250)}@fuzz.test`,
        ],
        password: [PASSWORD, `${PASSWORD} 2`, 'a much better passphrase 7', 'password123', 'aaaaaaaaaa'],
        currentPassword: [PASSWORD, `${PASSWORD} 2`, 'wrong password'],
        accountRef: accountRefs,
        repRef: userRefs,
        csrRef: userRefs,
        orderRef: numbers,
        externalRef: [...accountRefs, ...userRefs, 'new-ref'],
        number: numbers,
        timezone: ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Mars/Olympus', 'Etc/GMT+14', 'local'],
        currency: ['USD', 'EUR', 'JPY', 'BHD', 'XXX'],
        source: fixed.sources,
        key: fixed.playbooks,
        ...byPath(['/api/v1/users/{id}'], userIds),
        ...byPath(
          [
            '/api/v1/accounts/{id}',
            '/api/v1/accounts/{id}/team',
            '/api/v1/accounts/{id}/contacts',
            '/api/v1/accounts/{id}/hot-buttons',
            '/api/v1/accounts/{id}/hot-buttons/{hotButtonId}',
            '/api/v1/accounts/{id}/timeline',
          ],
          accountIds,
        ),
        ...byPath(['/api/v1/contacts/{id}'], contactIds),
        ...byPath(
          ['/api/v1/orders/{id}', '/api/v1/orders/{id}/transitions', '/api/v1/orders/{id}/lines', '/api/v1/orders/{id}/scorecard'],
          orderIds,
        ),
        ...byPath(['/api/v1/quotes/{id}'], quoteIds),
        ...byPath(['/api/v1/tokens/{id}'], tokenIds),
        ...byPath(['/api/v1/webhooks/secrets/{id}'], secretIds),
        ...byPath(['/api/v1/imports/{id}'], importIds),
        ...byPath(
          [
            '/api/v1/webhook-endpoints/{id}',
            '/api/v1/webhook-endpoints/{id}/rotate-secret',
            '/api/v1/webhook-endpoints/{id}/test',
            '/api/v1/webhook-endpoints/{id}/deliveries',
          ],
          endpointIds,
        ),
        ...byPath(['/api/v1/webhook-deliveries/{id}/retry'], deliveryIds),
        ...byPath(
          [
            '/api/v1/tasks/{id}',
            '/api/v1/tasks/{id}/complete',
            '/api/v1/tasks/{id}/signoffs',
            '/api/v1/tasks/{id}/take',
            '/api/v1/tasks/{id}/assign',
          ],
          taskIds,
        ),
      },
    };
  };

  afterAll(() => {
    const statuses = [...stats.byStatus.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    if (process.env['RAPPORT_FUZZ_VERBOSE'] === '1')
      for (const [route, counts] of stats.byRoute)
        // eslint-disable-next-line no-console
        console.log(
          `  ${route}: ${[...counts.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}\n    ${[...(stats.reasons.get(route) ?? new Map<string, number>()).entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([w, n]) => `${n}× ${w}`)
            .join(' | ')}`,
        );
    // eslint-disable-next-line no-console
    console.log(
      `api-fuzz ${engine}: ${stats.cases} cases over ${stats.routes} routes, ${stats.serverErrors} × 5xx in ${((Date.now() - started) / 1000).toFixed(1)} s (${RUNS} runs a route, seed ${BASE_SEED}; ${statuses})`,
    );
  });

  /** A new session of the fuzz admin: one per route, and one per case on the route that ends it. */
  const newSession = async (): Promise<{ cookie: string; csrf: string }> => {
    const s = await createSession(
      { db: ctx.database.db, now: ctx.clock.now() },
      { userId: fuzzAdmin.userId, policy: { idleMinutes: 60, absoluteHours: 12 }, ip: null, userAgent: null },
    );
    return { cookie: `rapport_session=${s.sessionId}`, csrf: s.csrfToken };
  };

  const send = (req: Request): Promise<LightMyRequestResponse> => {
    const headers = { ...req.headers };
    let payload: string | Buffer | undefined;
    if (req.raw) {
      payload = req.raw.payload;
      headers['content-type'] = req.raw.contentType;
    } else if (req.body.kind === 'json') {
      payload = JSON.stringify(req.body.value) ?? 'null';
      headers['content-type'] = 'application/json';
    } else if (req.body.kind === 'raw') {
      payload = req.body.text;
      headers['content-type'] = req.body.contentType;
    }
    return ctx.app.inject({ method: req.method as 'POST', url: req.url, headers, payload, remoteAddress: req.remoteAddress });
  };

  /** Runs one case: snapshot, send, snapshot, check; counts it. */
  /** The import records by id: their status and a digest of the row. */
  const importRecords = async () =>
    new Map(
      (
        await ctx.database.query<{ id: string; status: string; hash: string }>(
          'select id::text, status, md5(to_jsonb(i)::text) as hash from imports i',
        )
      ).map((r) => [r.id, r]),
    );

  const runCase = async (route: string, req: Request): Promise<LightMyRequestResponse> => {
    const importsBefore = route === 'POST /api/v1/imports' ? await importRecords() : new Map<string, { status: string; hash: string }>();
    const before = await snap.take();
    const res = await send(req);
    const after = res.statusCode >= 400 && res.statusCode < 500 ? await snap.take() : before;
    stats.cases += 1;
    stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
    const perRoute = stats.byRoute.get(route) ?? new Map<number, number>();
    perRoute.set(res.statusCode, (perRoute.get(res.statusCode) ?? 0) + 1);
    stats.byRoute.set(route, perRoute);
    if (res.statusCode >= 500) stats.serverErrors += 1;
    const code = res.statusCode >= 400 && res.statusCode < 500 ? problemCode(res) : '';
    const allowed = WRITES_ON_REFUSAL[route];
    checkAnswer(req, res, before, after, allowed?.[code] ?? allowed?.['*'] ?? []);
    if (route === 'POST /api/v1/imports' && code && before['imports'] !== after['imports']) {
      const now = await importRecords();
      const added = [...now.keys()].filter((id) => !importsBefore.has(id));
      const touched = [...importsBefore].filter(([id, r]) => now.get(id)?.hash !== r.hash);
      const own = added.length === 1 ? now.get(added[0]!) : undefined;
      if (touched.length > 0 || !own || !['failed', 'rejected'].includes(own.status))
        throw new Error(
          `a refused upload (${res.statusCode} ${code}) changed the imports other than by adding its own failed or rejected record: added ${brief(added.map((id) => now.get(id)))}, changed ${brief(touched.map(([id]) => id))}\n${res.body}`,
        );
    }
    if (process.env['RAPPORT_FUZZ_VERBOSE'] === '1' && res.statusCode >= 400) {
      const p = res.json<Problem>();
      const why = `${res.statusCode} ${String(p.code)} ${(p.errors ?? []).map((e) => String(e.path)).join(',')}`;
      const perWhy = stats.reasons.get(route) ?? new Map<string, number>();
      perWhy.set(why, (perWhy.get(why) ?? 0) + 1);
      stats.reasons.set(route, perWhy);
    }
    return res;
  };

  const assertProperty = async <T>(route: string, arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>) => {
    const seed = seedOf(route);
    stats.routes += 1;
    await fc.assert(fc.asyncProperty(arb, run), {
      numRuns: RUNS,
      seed,
      reporter: (out) => {
        if (!out.failed) return;
        throw new Error(
          `api-fuzz ${engine} ${route}: failed after ${out.numRuns} case(s), seed ${out.seed}, path "${out.counterexamplePath ?? ''}" (shrunk ${out.numShrinks} time(s); replay the file: RAPPORT_FUZZ_SEED=${BASE_SEED} RAPPORT_FUZZ_RUNS=${RUNS} npx vitest run --project integration test/integration/api-fuzz.test.ts — the routes before this one shape its data)\n` +
            `counterexample: ${brief(out.counterexample, 3000)}\n${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}`,
        );
      },
    });
  };

  it('the document lists the routes this file fuzzes', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const ops = operationsOf(res.json()).filter(isFuzzed).map(routeOf);
    expect(ops).toEqual(OPERATIONS.map(routeOf));
    expect(ops.length).toBeGreaterThan(40);
  });

  for (const op of OPERATIONS) {
    const route = routeOf(op);
    it(
      `${route}: no 5xx, problem+json naming fields, nothing written on a 4xx`,
      async () => {
        pools = await loadPools();
        const routeSession = await newSession();
        const baseHeaders = { cookie: routeSession.cookie, 'x-csrf-token': routeSession.csrf };
        const url = (params: Record<string, string>, query: Record<string, string | string[]>) => {
          let path = op.path;
          for (const [k, v] of Object.entries(params))
            path = path.replace(`{${k}}`, RAW_PATH_SEGMENTS.includes(v) ? v : encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD')));
          const qs = new URLSearchParams();
          for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
          const text = qs.toString();
          return text ? `${path}?${text}` : path;
        };
        const paramsArb = (mode: Mode) =>
          fc.record(
            Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, pathParamArb(op, p, pools, mode)])),
          );
        const address = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `10.9.${a}.${b}`);
        const idempotencyKey = (mode: Mode) =>
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.uuid() },
            { weight: mode === 'fuzzy' ? 1 : 0, arbitrary: fc.constantFrom('', ' ', 'k'.repeat(300), 'ключ', 'key with spaces') },
          );

        if (op.isMultipart) {
          const importArb = fc.oneof(
            {
              weight: 2,
              arbitrary: validImportFieldsArb.chain((fields) =>
                fc.record({
                  fields: fc.constant(fields),
                  file: validCsvArb(fields['kind'] as ImportKind).map((f) => f as { name: string; content: string | Buffer } | null),
                  key: idempotencyKey('valid'),
                  address,
                }),
              ),
            },
            {
              weight: 3,
              arbitrary: fc.record({
                fields: importFieldsArb,
                file: fc.oneof({ weight: 6, arbitrary: csvArb() }, { weight: 1, arbitrary: fc.constant(null) }),
                key: idempotencyKey('fuzzy'),
                address,
              }),
            },
          );
          await assertProperty(route, importArb, async ({ fields, file, key, address: remoteAddress }) => {
            const { payload, headers: multipartHeaders } = multipart(fields, file ?? undefined);
            const headers: Record<string, string> = { ...baseHeaders, ...(key !== null && { 'idempotency-key': key }) };
            const described: BodyCase = {
              kind: 'json',
              value: { fields, file: file && { name: file.name, content: file.content.toString() } },
            };
            await runCase(route, {
              method: op.method,
              url: op.path,
              headers,
              body: described,
              remoteAddress,
              raw: { payload, contentType: multipartHeaders['content-type'] },
            });
          });
          return;
        }

        if (op.path === '/hooks/erp') {
          // Unsigned (or signed with junk) the hook is 401 before the body counts; signed, the body is fuzzed.
          const hookSecret = (
            await ctx.app.inject({
              method: 'POST',
              url: '/api/v1/webhooks/secrets',
              headers: baseHeaders,
              payload: { name: `fuzz ${randomUUID()}` },
            })
          ).json<{ secret: string }>().secret;
          const hookArb = fc.record({
            body: fc.oneof(bodyArb(op.body!, pools, 'valid'), bodyArb(op.body!, pools, 'fuzzy')),
            signing: fc.constantFrom<'valid' | 'none' | 'junk'>('valid', 'valid', 'none', 'junk'),
            junk: fc.record({
              id: fc.string({ maxLength: 40 }),
              timestamp: fc.oneof(fc.string({ maxLength: 14 }), fc.constantFrom('0', '-1', '99999999999', '1e9', '')),
              signature: fc.oneof(
                fc.string({ maxLength: 60 }),
                fc.base64String().map((b) => `v1,${b}`),
              ),
            }),
            address,
          });
          let n = 0;
          await assertProperty(route, hookArb, async ({ body, signing, junk, address: remoteAddress }) => {
            const req: Request = { method: 'POST', url: op.path, headers: {}, body, remoteAddress, signing };
            const text = body.kind === 'json' ? (JSON.stringify(body.value) ?? 'null') : body.kind === 'raw' ? body.text : '';
            if (signing === 'valid') {
              const id = `msg_fuzz_${engine}_${(n += 1)}_${randomUUID()}`;
              const timestamp = String(Math.floor(ctx.clock.now().getTime() / 1000));
              req.headers = {
                'webhook-id': id,
                'webhook-timestamp': timestamp,
                'webhook-signature': signWebhook(hookSecret, id, timestamp, text),
              };
            } else if (signing === 'junk') {
              req.headers = Object.fromEntries(
                Object.entries({ 'webhook-id': junk.id, 'webhook-timestamp': junk.timestamp, 'webhook-signature': junk.signature }).filter(
                  ([, v]) => v !== '' && /^[\x20-\x7e]*$/.test(v),
                ),
              );
            }
            const res = await runCase(route, req);
            const isJson = body.kind === 'json' || (body.kind === 'raw' && body.contentType === 'application/json');
            // The text guard (NUL, unpaired surrogates) runs before the hook's own check: that 400 names the field; anything else is 401.
            const isTextGuard = res.statusCode === 400 && /NUL character|unpaired surrogate/.test(res.body);
            if (signing !== 'valid' && isJson && res.statusCode !== 401 && !isTextGuard)
              throw new Error(`an unsigned event answered ${res.statusCode}, not 401: ${brief(req)} → ${res.body}`);
            if (signing !== 'valid' && ![400, 401, 415].includes(res.statusCode))
              throw new Error(`an unsigned event answered ${res.statusCode}: ${brief(req)} → ${res.body}`);
          });
          return;
        }

        const caseOf = (mode: Mode) =>
          fc.record({
            params: paramsArb(mode),
            query: queryArb(op, pools, mode),
            body: op.body
              ? bodyArb(op.body, pools, mode)
              : fc.oneof(
                  { weight: 6, arbitrary: fc.constant<BodyCase>({ kind: 'none' }) },
                  { weight: mode === 'fuzzy' ? 1 : 0, arbitrary: anyJson.map((value): BodyCase => ({ kind: 'json', value })) },
                ),
            key: op.method === 'POST' ? idempotencyKey(mode) : fc.constant(null),
            address,
          });
        // Two cases in five follow the schemas everywhere, to get past validation into the use cases.
        const caseArb = fc.oneof({ weight: 2, arbitrary: caseOf('valid') }, { weight: 3, arbitrary: caseOf('fuzzy') });
        const endsSession = route === 'POST /api/v1/auth/logout';
        await assertProperty(route, caseArb, async ({ params, query, body, key, address: remoteAddress }) => {
          const session = endsSession ? await newSession() : routeSession;
          const headers: Record<string, string> = {
            cookie: session.cookie,
            'x-csrf-token': session.csrf,
            ...(key !== null && { 'idempotency-key': key }),
          };
          await runCase(route, { method: op.method, url: url(params, query), headers, body, remoteAddress });
        });
      },
      ROUTE_TIMEOUT,
    );
  }
});

// ------------------------------------------------------------------------------------------------
// Multipart imports: the fields and a CSV file

const validImportFieldsArb: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    kind: fc.constantFrom(...IMPORT_KINDS),
    dryRun: fc.constantFrom('true', 'false'),
    skipBadRows: fc.constantFrom('true', 'false'),
    encoding: fc.constantFrom('utf-8', 'windows-1252'),
  },
  { requiredKeys: ['kind'] },
);

const importFieldsArb: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    kind: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...IMPORT_KINDS) },
      { weight: 1, arbitrary: fc.constantFrom('', 'Accounts', 'order_lines', 'everything', '\u0000') },
    ),
    mapping: fc.oneof(
      fc.constantFrom(
        '{}',
        '{"delimiter":";"}',
        '{"decimal":",","delimiter":","}',
        '{"dateFormat":"dd/MM/yyyy"}',
        '{"fields":{"name":"Company"}}',
        '{"fields":{"name":["first","last"]}}',
        '{"defaults":{"currency":"USD"}}',
        '{"encoding":"utf-16"}',
        '{"fields":{"nope":"x"}}',
        '[]',
        'null',
        '{',
        '"text"',
        '{"defaults":{"tier":"\\ud800"}}',
        '{"fields":{"name":"\\udfff"}}',
        '{"dateFormat":"yyyy-MM-dd\\ud800"}',
        '{"defaults":{"tier":"\\u0000"}}',
      ),
      anyJson.map((v) => JSON.stringify(v) ?? 'null'),
    ),
    dryRun: fc.constantFrom('true', 'false', 'yes', ''),
    skipBadRows: fc.constantFrom('true', 'false', '1', ''),
    overrideGates: fc.constantFrom('a good reason to pass', 'short', '', ' '.repeat(12)),
    encoding: fc.constantFrom('utf-8', 'windows-1252', 'latin1', 'iso-8859-1', 'utf-16', 'ebcdic', ''),
  },
  { requiredKeys: ['kind'] },
);

/** Plausible cells per import field: real references, the formats the importer reads. */
const CELLS: Record<string, (n: number) => string[]> = {
  externalRef: (n) => [`X-${n}`, 'ACC-1', 'E-1'],
  name: (n) => [`Imported ${n}`, 'Ünïcødé GmbH'],
  kind: () => ['customer', 'prospect', 'supplier'],
  tier: () => ['A', 'B', ''],
  potentialAnnualSpend: () => ['1000.00', '0', '12.345'],
  acquisitionCost: () => ['250', ''],
  currency: () => ['USD', 'EUR', 'JPY', ''],
  timezone: () => ['UTC', 'Europe/Berlin', 'Nowhere/Else'],
  phone: () => ['+1 555 0100'],
  city: () => ['Springfield'],
  country: () => ['US', 'DE'],
  email: (n) => [`imp${n}@fuzz.test`, 'rep@fuzz.test', ''],
  roles: () => ['sales', 'sales;csr', 'admin', 'wizard'],
  accountRef: () => ['ACC-1', 'ACC-2', 'SUP-1', 'ACC-404'],
  title: () => ['Buyer'],
  roleAtCustomer: () => ['buyer', 'quality', 'other'],
  isPrimary: () => ['true', 'false'],
  number: (n) => [`IMP-${n}`, 'SO-1', 'Q-1'],
  orderRef: () => ['SO-1', 'SO-2', 'SO-404'],
  placedAt: () => ['2026-02-01', '2026-02-01T09:30:00+01:00', '2026-02-30'],
  sentAt: () => ['2026-02-01', '2026-02-01T09:30:00Z'],
  amount: () => ['100.00', '1863.40', '0', '-5'],
  promisedDate: () => ['2026-04-01', ''],
  expectedShipDate: () => ['2026-03-25', ''],
  shippedAt: () => ['2026-03-01', ''],
  deliveredAt: () => ['2026-03-03', ''],
  validUntil: () => ['2026-04-01', ''],
  decidedAt: () => ['2026-03-01', ''],
  status: () => ['received', 'in_production', 'shipped', 'delivered', 'cancelled', 'sent', 'won', 'lost', ''],
  repRef: () => ['E-1', 'E-2', ''],
  csrRef: () => ['E-2', ''],
  carrier: () => ['UPS', ''],
  trackingNumber: () => ['1Z999', ''],
  sku: () => ['W-1'],
  description: () => ['Widget'],
  quantity: () => ['2', '0.5', '0'],
  unitPrice: () => ['10.00', '10'],
  lineAmount: () => ['20.00', ''],
  lostReason: () => ['price', ''],
};

/** A CSV of `kind` with its required columns, some optional ones and rows of plausible cells. */
function validCsvArb(kind: ImportKind): fc.Arbitrary<{ name: string; content: string }> {
  const fields = IMPORT_FIELDS[kind];
  const required = fields.filter((f) => f.isRequired).map((f) => f.name);
  const optional = fields.filter((f) => !f.isRequired).map((f) => f.name);
  return fc
    .tuple(fc.subarray(optional), fc.integer({ min: 1, max: 3 }), fc.nat(), fc.array(fc.nat({ max: 20 }), { minLength: 60, maxLength: 60 }))
    .map(([extra, rows, seed, picks]) => {
      const header = [...required, ...extra];
      const lines = [header.join(',')];
      let k = 0;
      for (let r = 0; r < rows; r++)
        lines.push(
          header
            .map((field) => {
              const options = (CELLS[field] ?? (() => ['x']))(seed + r);
              return csvCell(options[picks[k++ % picks.length]! % options.length]!);
            })
            .join(','),
        );
      return { name: `${kind}.csv`, content: `${lines.join('\r\n')}\r\n` };
    });
}

const csvCell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function csvArb(): fc.Arbitrary<{ name: string; content: string | Buffer }> {
  const cell = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        'ACC-1',
        'ACC-2',
        'SUP-1',
        'E-1',
        'E-2',
        'SO-1',
        'SO-2',
        'Q-1',
        'New Co',
        'USD',
        'EUR',
        'JPY',
        '2026-03-02',
        '2026-03-02T09:30:00+01:00',
        '1863.40',
        '-5',
        '10',
        'received',
        'shipped',
        'won',
        'lost',
        'sales;csr',
        'admin',
        'true',
        'buyer',
        'UTC',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...STRING_JUNK, 'x'.repeat(1001), '=cmd|calc', '2026-02-30', '0000-01-01', '99999999999999') },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const fieldNames = [...new Set(Object.values(IMPORT_FIELDS).flatMap((fields) => fields.map((f) => f.name)))];
  const text = fc
    .tuple(
      fc.uniqueArray(
        fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
        { minLength: 1, maxLength: 8 },
      ),
      fc.constantFrom(',', ';'),
      fc.nat({ max: 4 }),
      fc.array(cell, { minLength: 40, maxLength: 40 }),
      fc.boolean(),
    )
    .map(([header, sep, rows, cells, bom]) => {
      const lines = [header.map(csvCell).join(sep)];
      for (let r = 0; r < rows; r++) lines.push(header.map((_, c) => csvCell(cells[(r * header.length + c) % cells.length]!)).join(sep));
      return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
    });
  const content = fc.oneof(
    { weight: 8, arbitrary: text },
    { weight: 1, arbitrary: fc.constantFrom('', '\r\n', 'name\r\n', 'a,b\r\n"unterminated\r\n') },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 64 })
        .map((bytes): string | Buffer => Buffer.concat([Buffer.from('externalRef,name\r\nX-1,'), Buffer.from(bytes), Buffer.from('\r\n')])),
    },
  );
  return fc.record({ name: fc.constantFrom('upload.csv', 'a.txt', '../../x.csv', 'ü.csv'), content });
}

// ------------------------------------------------------------------------------------------------
// Regressions: concrete inputs the fuzz found answering 500 (or a 4xx that was not problem+json,
// or named no field), kept as plain tests on an app of their own.

describe.each(engines)('API fuzz regressions on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('regression: a path segment over the router’s limit or with a broken escape is problem+json, not Fastify’s JSON', async () => {
    const admin = await signIn(ctx, ['admin']);
    const long = await ctx.app.inject({ method: 'GET', url: `/api/v1/orders/${'a'.repeat(300)}`, headers: { cookie: admin.cookie } });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(long)).toMatchObject({ status: 414, code: 'request.uri_too_long', title: 'URI too long' });
    const broken = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/orders/%zz', headers: admin.headers, payload: {} });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(broken)).toMatchObject({ status: 400, code: 'request.bad_url' });
  });

  it('regression: an unknown key that is the empty string is named "" in errors[]', async () => {
    const admin = await signIn(ctx, ['admin']);
    const tokens = await countRows(ctx.database, 'api_tokens');
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin.headers, payload: { name: 'CI', '': 1 } });
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res)).toMatchObject({ code: 'validation.invalid', errors: [{ path: '""', message: 'is not a known field' }] });
    const nested = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: admin.headers,
      payload: { accountId: randomUUID(), number: 'N-1', lines: [{ quantity: 1, unitPrice: '1', '': null }] },
    });
    expect(json(nested)).toMatchObject({ code: 'validation.invalid', errors: [{ path: 'lines.0.""' }] });
    const mapping = multipart(
      { kind: 'accounts', mapping: '{"":"Company"}' },
      { name: 'accounts.csv', content: 'externalRef,name\r\nX-1,Xavier\r\n' },
    );
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...admin.headers, ...mapping.headers },
      payload: mapping.payload,
    });
    expect(json(upload)).toMatchObject({ code: 'imports.bad_mapping', errors: [{ path: '""' }] });
    expect(await countRows(ctx.database, 'api_tokens')).toBe(tokens);
  });

  it('regression: a mapping escaping an unpaired surrogate or a NUL is a 400 bad_mapping naming the option, not a 500 from jsonb', async () => {
    const admin = await signIn(ctx, ['admin']);
    const imports = await countRows(ctx.database, 'imports');
    for (const [mapping, path] of [
      ['{"dateFormat":"yyyy-MM-dd\\ud800"}', 'dateFormat'],
      ['{"defaults":{"tier":"\\u0000"}}', 'defaults.tier'],
    ] as const) {
      const upload = multipart({ kind: 'accounts', mapping }, { name: 'accounts.csv', content: 'externalRef,name\r\nX-1,Xavier\r\n' });
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...admin.headers, ...upload.headers },
        payload: upload.payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res)).toMatchObject({ code: 'imports.bad_mapping', errors: [{ path }] });
    }
    expect(await countRows(ctx.database, 'imports')).toBe(imports);
  });

  /** An open task of a new order of a new account, for a regression to complete. */
  const openTask = async (admin: Session): Promise<string> => {
    const account = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: admin.headers,
        payload: { name: `Regression ${randomUUID()}`, currency: 'USD' },
      })
    ).json<{ id: string }>();
    const order = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: admin.headers,
      payload: { accountId: account.id, number: `R-${randomUUID()}`, amount: '100.00' },
    });
    expect(order.statusCode, order.body).toBe(201);
    await drainJobs(ctx);
    const [task] = await ctx.database.query<{ id: string }>(
      `select t.id::text from tasks t join playbook_runs r on r.id = t.run_id where r.order_id = $1 and t.status = 'open' limit 1`,
      [json<{ id: string }>(order).id],
    );
    expect(task, 'the order started a playbook with an open task').toBeDefined();
    return task!.id;
  };

  it('regression: an unpaired surrogate in a checklist key is a 400 naming the field, not a 500 from jsonb', async () => {
    const admin = await signIn(ctx, ['admin']);
    const task = await openTask(admin);
    const audits = await countRows(ctx.database, 'audit_log');
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task}/complete`,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ skip: true, note: 'not needed here', checklist: { '\ud800': false } }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res)).toMatchObject({ code: 'validation.invalid', errors: [{ path: expect.stringMatching(/^checklist\./) }] });
    expect(await countRows(ctx.database, 'audit_log')).toBe(audits);
  });

  it('regression: an unpaired surrogate in a text value is a 400 naming the field, not a 500 from jsonb', async () => {
    const admin = await signIn(ctx, ['admin']);
    const task = await openTask(admin);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task}/complete`,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"skip":true,"note":"not needed \\udfff here"}',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res)).toMatchObject({ code: 'validation.invalid', errors: [{ path: 'note' }] });
    const same = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task}/complete`,
      headers: admin.headers,
      payload: { skip: true, note: 'not needed 😀 here' },
    });
    expect(same.statusCode, same.body).toBe(200);
  });
});

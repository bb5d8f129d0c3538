// The OpenAPI document lists, per operation, every problem code it may answer with (x-error-codes)
// and a problem+json response per status naming them; the codes are the catalogue's, every code
// of the API is some route's, and what a route answers is what its entry says. (That every code a
// route answers during the other tests is declared is checked by test/support/app.ts.)
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERRORS, isErrorCode, type ErrorCode } from '../../contract/errors.js';
import { statusOf } from '../../src/http/plugins/errors.js';
import { engines, signIn, useTestApp } from '../support/app.js';

interface Operation {
  'x-error-codes'?: unknown;
  responses?: Record<string, { $ref?: string }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: {
    responses: Record<
      string,
      { content: Record<string, { schema: { allOf: [{ $ref: string }, { properties: { code: { enum: string[] } } }] } }> }
    >;
    schemas: Record<string, { properties?: Record<string, unknown>; oneOf?: { const: string; description: string }[] }>;
  };
}

const CLI_CODES = Object.values(ERROR_CATALOGUE).flatMap((area) => ('surface' in area ? Object.keys(area.codes) : []));

describe.each(engines)('error codes in the OpenAPI document on %s', (engine) => {
  const ctx = useTestApp(engine);
  const document = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Doc>();
  const operations = (doc: Doc) =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
  const codesOf = (op: Operation) => op['x-error-codes'] as ErrorCode[];

  it('lists for every operation the catalogue codes it may answer, each once, and a problem response per status naming them', async () => {
    const doc = await document();
    const wrong: string[] = [];
    for (const { route, op } of operations(doc)) {
      const codes = op['x-error-codes'];
      if (!Array.isArray(codes) || codes.length === 0) {
        wrong.push(`${route}: no x-error-codes`);
        continue;
      }
      for (const code of codes)
        if (!isErrorCode(code) || CLI_CODES.includes(code)) wrong.push(`${route}: ${String(code)} is not an API code`);
      if (new Set(codes).size !== codes.length) wrong.push(`${route}: a code twice`);
      const byStatus = new Map<string, string[]>();
      for (const code of codes as ErrorCode[])
        byStatus.set(String(statusOf(code)), [...(byStatus.get(String(statusOf(code))) ?? []), code]);
      for (const [status, expected] of byStatus) {
        const ref = op.responses?.[status]?.$ref ?? '';
        const response = doc.components.responses[ref.replace('#/components/responses/', '')];
        const schema = response?.content['application/problem+json']?.schema;
        if (schema?.allOf[0].$ref !== '#/components/schemas/Problem') wrong.push(`${route}: no problem response for ${status}`);
        else if (JSON.stringify(schema.allOf[1].properties.code.enum) !== JSON.stringify(expected))
          wrong.push(
            `${route}: the ${status} response names ${schema.allOf[1].properties.code.enum.join(', ')}, not ${expected.join(', ')}`,
          );
      }
    }
    expect(wrong).toEqual([]);
    // The problem's code is the catalogue, with when each is answered.
    const oneOf = doc.components.schemas['ErrorCode']?.oneOf ?? [];
    expect(oneOf.find((c) => c.const === 'orders.gate_open')).toEqual({
      const: 'orders.gate_open',
      description: `409: ${ERRORS['orders.gate_open'].when}`,
    });
    expect(doc.components.schemas['Problem']?.properties?.['code']).toEqual({ $ref: '#/components/schemas/ErrorCode' });
  });

  it('gives every code of the API to some route, and none of the command line', async () => {
    const doc = await document();
    const declared = new Set(operations(doc).flatMap(({ op }) => codesOf(op)));
    const api = (Object.keys(ERRORS) as ErrorCode[]).filter((code) => !CLI_CODES.includes(code));
    // not_found: no route at all. activities.not_found: getActivity reads back a written activity only.
    const unrouted = ['not_found', 'activities.not_found'];
    expect(api.filter((code) => !declared.has(code) && !unrouted.includes(code))).toEqual([]);
    expect(unrouted.filter((code) => declared.has(code as ErrorCode))).toEqual([]);
    expect(CLI_CODES.filter((code) => declared.has(code as ErrorCode))).toEqual([]);
    expect(CLI_CODES.length).toBeGreaterThan(5);
  });

  it('adds the HTTP layer’s codes from the route: its guard, its method, its parameters', async () => {
    const doc = await document();
    const op = (method: string, path: string) => codesOf(doc.paths[path]![method]!);
    // A read of one thing, for any signed-in user.
    expect(op('get', '/api/v1/orders/{id}')).toEqual(
      [
        'auth.bad_token',
        'auth.required',
        'auth.session_expired',
        'database.unavailable',
        'internal',
        'orders.not_found',
        'rate_limited',
        'request.bad_url',
        'request.uri_too_long',
        'validation.invalid',
      ].sort(),
    );
    // A write: CSRF, the body parsers, Idempotency-Key on a POST; and its use case's own codes.
    expect(op('post', '/api/v1/orders')).toEqual(
      expect.arrayContaining(['auth.csrf', 'request.invalid', 'request.too_large', 'idempotency.key_reused', 'orders.number_taken']),
    );
    expect(op('post', '/api/v1/orders')).not.toContain('auth.forbidden');
    expect(op('patch', '/api/v1/orders/{id}')).not.toContain('idempotency.key_reused');
    // An admin route refuses other roles.
    expect(op('patch', '/api/v1/settings')).toContain('auth.forbidden');
    // A public route: no sign-in codes; the webhook has its own credential.
    expect(op('post', '/api/v1/auth/login')).not.toContain('auth.required');
    expect(op('post', '/api/v1/auth/login')).toEqual(expect.arrayContaining(['auth.bad_credentials', 'auth.throttled', 'rate_limited']));
    expect(op('post', '/hooks/erp')).toEqual(expect.arrayContaining(['webhooks.bad_signature', 'orders.gate_open']));
    expect(op('post', '/hooks/erp')).not.toContain('auth.csrf');
  });

  it('answers what the route’s entry says, with the status the document gives the code', async () => {
    const doc = await document();
    const admin = await signIn(ctx, ['admin']);
    const cases = [
      {
        method: 'GET',
        url: `/api/v1/orders/${randomUUID()}`,
        path: '/api/v1/orders/{id}',
        headers: admin.headers,
        code: 'orders.not_found',
      },
      { method: 'GET', url: '/api/v1/orders', path: '/api/v1/orders', headers: {}, code: 'auth.required' },
      { method: 'GET', url: '/api/v1/orders?cursor=nope', path: '/api/v1/orders', headers: admin.headers, code: 'pagination.bad_cursor' },
      { method: 'PATCH', url: '/api/v1/settings', path: '/api/v1/settings', headers: { cookie: admin.cookie }, code: 'auth.csrf' },
    ] as const;
    for (const c of cases) {
      const res = await ctx.app.inject({ method: c.method, url: c.url, headers: c.headers, ...(c.method === 'PATCH' && { payload: {} }) });
      const body = res.json<{ code: ErrorCode; status: number }>();
      expect([res.statusCode, body.code], `${c.method} ${c.url}`).toEqual([statusOf(c.code), c.code]);
      expect(codesOf(doc.paths[c.path]![c.method.toLowerCase()]!)).toContain(body.code);
    }
  });
});

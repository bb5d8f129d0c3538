// API fuzzing (issue 9): concrete inputs the property-based fuzz from the OpenAPI document found
// answering 500 (or a 4xx that was not problem+json, or named no field), kept as plain tests.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countRows, engines, json, signIn, useTestApp } from '../support/app.js';
import { multipart } from '../support/multipart.js';

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
});

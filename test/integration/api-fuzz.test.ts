// API fuzzing (issue 9): concrete inputs the property-based fuzz from the OpenAPI document found
// answering 500 (or a 4xx that was not problem+json, or named no field), kept as plain tests.
import { describe, expect, it } from 'vitest';
import { engines, json, signIn, useTestApp } from '../support/app.js';

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
});

// API fuzzing (issue 9): concrete inputs the property-based fuzz from the OpenAPI document found
// answering 500 (or a 4xx that was not problem+json, or named no field), kept as plain tests.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drainJobs } from '../support/jobs.js';
import { countRows, engines, json, signIn, useTestApp, type Session } from '../support/app.js';
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

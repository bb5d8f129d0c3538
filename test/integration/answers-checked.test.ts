// The server checks every answer against the contract's schema before sending it, and the web UI
// relies on that instead of checking again (docs/decisions/0021-answers-typed-not-parsed.md): an
// answer that breaks its schema is never sent; the client gets a 500 problem and the log says why.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { engines, signIn, useTestApp } from '../support/app.js';

describe.each(engines)('answers checked by the server on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('sends no answer that breaks its schema: a stored value the contract refuses gives a 500 problem, not the value', async () => {
    const admin = await signIn(ctx, ['admin']);
    const saved = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/import-mappings',
      headers: admin.headers,
      payload: { kind: 'accounts', name: `Checked ${randomUUID()}`, mapping: { fields: { name: 'Company' } } },
    });
    expect(saved.statusCode).toBe(201);
    const list = () => ctx.app.inject({ method: 'GET', url: '/api/v1/import-mappings?kind=accounts', headers: admin.headers });
    expect((await list()).statusCode).toBe(200);

    // What a faulty migration or a hand edit could leave: a mapping document that is no object.
    await ctx.database.query(`update import_mappings set mapping = '["secret-shape"]'::jsonb where id = $1`, [
      saved.json<{ id: string }>().id,
    ]);
    const res = await list();
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 500, code: 'internal' });
    expect(res.body).not.toContain('secret-shape');
  });
});

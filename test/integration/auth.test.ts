import { describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/domain/users/index.js';
import { countRows, engines, json, signIn, useTestApp } from '../support/app.js';

describe.each(engines)('auth and sessions on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('creates the first admin from a one-time setup link, which then stops working', async () => {
    const token = await issueSetupToken({ db: ctx.database.db, now: ctx.clock.now() });
    expect(token).toBeTruthy();
    const check = await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/setup/${token}` });
    expect(json(check)).toEqual({ valid: true });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { token, email: 'Admin@Example.test', name: 'Ada Admin', password: 'a long enough password' },
    });
    expect(res.statusCode).toBe(201);
    expect(json<{ user: { roles: string[]; email: string } }>(res).user).toMatchObject({
      email: 'admin@example.test',
      roles: expect.arrayContaining(['admin']),
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { token, email: 'eve@example.test', name: 'Eve', password: 'a long enough password' },
    });
    expect(again.statusCode).toBe(403);
    expect(json(again)).toMatchObject({ code: 'auth.setup_invalid' });
    expect(await issueSetupToken({ db: ctx.database.db, now: ctx.clock.now() })).toBeNull();
  });

  it('signs in with the right password only, sets an HttpOnly SameSite cookie, and signs out', async () => {
    const s = await signIn(ctx, ['sales']);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: s.email, password: 'wrong password!!' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(ok.cookies[0]!.value).not.toBe(s.cookie.split('=')[1]);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
    expect(json(after)).toMatchObject({ code: 'auth.session_expired' });
  });

  it('expires a session after the idle timeout', async () => {
    const s = await signIn(ctx, ['csr']);
    ctx.clock.advance(13 * 3600_000);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ status: 401, code: 'auth.session_expired' });
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = await signIn(ctx, ['admin']);
    const before = await countRows(ctx.database, 'api_tokens');
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: s.cookie }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(json(res)).toMatchObject({ code: 'auth.csrf' });
    expect(await countRows(ctx.database, 'api_tokens')).toBe(before);
  });

  it('throttles the 11th failed sign-in within 15 minutes with 429 and Retry-After', async () => {
    const s = await signIn(ctx, ['csr']);
    for (let i = 0; i < 10; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: s.email, password: `nope-nope-${i}` },
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    ctx.clock.advance(16 * 60_000);
    const later = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    expect(later.statusCode).toBe(200);
  });

  it('issues an API token once, stores only its hash, and accepts it as Bearer until revoked', async () => {
    const s = await signIn(ctx, ['sales']);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: s.headers, payload: { name: 'ERP sync' } });
    expect(res.statusCode).toBe(201);
    const { id, token } = json<{ id: string; token: string }>(res);
    const stored = await ctx.database.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [id]);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: s.headers });
    expect(del.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('records when a token was last used, writing at most once a minute', async () => {
    const s = await signIn(ctx, ['sales']);
    const created = json<{ id: string; token: string }>(
      await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: s.headers, payload: { name: 'Nightly export' } }),
    );
    const lastUsed = async () => {
      const list = json<{ items: { id: string; lastUsedAt: string | null }[] }>(
        await ctx.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie: s.cookie } }),
      );
      return list.items.find((t) => t.id === created.id)!.lastUsedAt;
    };
    const use = async () =>
      expect(
        (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${created.token}` } })).statusCode,
      ).toBe(200);
    expect(await lastUsed()).toBeNull();
    const first = ctx.clock.now();
    await use();
    expect(await lastUsed()).toBe(first.toISOString());
    ctx.clock.advance(30_000);
    await use();
    expect(await lastUsed()).toBe(first.toISOString());
    ctx.clock.advance(60_000);
    await use();
    expect(await lastUsed()).toBe(ctx.clock.now().toISOString());
  });

  it('lets only admins change roles or settings; a non-admin PATCH of roles is refused and changes nothing', async () => {
    const rep = await signIn(ctx, ['sales']);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.userId}`,
      headers: rep.headers,
      payload: { roles: ['admin'] },
    });
    expect(res.statusCode).toBe(403);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: rep.cookie } });
    expect(json<{ user: { roles: string[] } }>(me).user.roles).toEqual(['sales']);
    const settings = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: rep.headers,
      payload: { orgName: 'Hijacked' },
    });
    expect(settings.statusCode).toBe(403);
    const admin = await signIn(ctx, ['admin']);
    const ok = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: admin.headers,
      payload: { orgName: 'Acme Circuits', timezone: 'Europe/Berlin', holidays: ['2026-12-25'] },
    });
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ orgName: 'Acme Circuits', timezone: 'Europe/Berlin', holidays: ['2026-12-25'] });
    const audit = await ctx.database.query<{ action: string }>(`select action from audit_log where entity = 'settings'`);
    expect(audit.map((a) => a.action)).toContain('settings.update');
  });

  it('rejects unknown fields and bad values with problem+json naming the field', async () => {
    const admin = await signIn(ctx, ['admin']);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: admin.headers,
      payload: { orgName: 'X', colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ code: 'validation.invalid', errors: [{ path: 'colour' }] });
    const tz = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: admin.headers,
      payload: { timezone: 'Mars/Olympus' },
    });
    expect(tz.statusCode).toBe(400);
    expect(json(tz)).toMatchObject({ errors: [{ path: 'timezone' }] });
  });
});

describe.each(engines)('rate limits on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { rateLimitPerMinute: 5 } });

  it('counts requests with made-up Bearer tokens against the caller, so guessing tokens is throttled', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer rpt_guess${i}` } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
  });
});

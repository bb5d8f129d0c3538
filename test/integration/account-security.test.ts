// Account security (issue 9, defects 5, 6, 11, 12, 14): changing a password needs the current one
// and ends every other session; "sign out everywhere"; the common-password list; an atomic
// sign-in throttle; which proxy hops are believed; a short idle limit; no caching of API answers;
// blank user references; tokens made only in a session. Each test makes its own users.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';

async function me(ctx: TestContext, headers: Record<string, string>) {
  return ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
}

async function makeToken(ctx: TestContext, s: Session): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: s.headers, payload: { name: 'integration' } });
  expect(res.statusCode).toBe(201);
  return json<{ token: string }>(res).token;
}

async function secondSession(ctx: TestContext, s: Session): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
  expect(res.statusCode).toBe(200);
  return `rapport_session=${res.cookies.find((c) => c.name === 'rapport_session')!.value}`;
}

describe.each(engines)('changing your password on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('needs the current password, named in the error, and changes nothing without it', async () => {
    const s = await signIn(ctx, ['csr']);
    const missing = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: 'a brand new passphrase' },
    });
    expect(missing.statusCode).toBe(400);
    expect(json(missing)).toMatchObject({ errors: [{ path: 'currentPassword' }] });
    const wrong = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: 'a brand new passphrase', currentPassword: 'not my password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong)).toMatchObject({
      code: 'auth.wrong_password',
      errors: [{ path: 'currentPassword', message: 'is not your current password' }],
    });
    const old = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    expect(old.statusCode).toBe(200);
  });

  it('ends every other session and the API tokens, keeps this one, and the new password signs in', async () => {
    const s = await signIn(ctx, ['csr']);
    const other = await secondSession(ctx, s);
    const token = await makeToken(ctx, s);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: 'a brand new passphrase', currentPassword: s.password },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ signedOut: { sessionsRevoked: 1, tokensRevoked: 1 } });
    expect((await me(ctx, { cookie: s.cookie })).statusCode).toBe(200);
    expect((await me(ctx, { cookie: other })).statusCode).toBe(401);
    expect((await me(ctx, { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    const oldPassword = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: s.email, password: s.password },
    });
    expect(oldPassword.statusCode).toBe(401);
    const newPassword = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: s.email, password: 'a brand new passphrase' },
    });
    expect(newPassword.statusCode).toBe(200);
  });

  it('keeps the API tokens when asked to', async () => {
    const s = await signIn(ctx, ['csr']);
    const token = await makeToken(ctx, s);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: 'another new passphrase', currentPassword: s.password, revokeTokens: false },
    });
    expect(json(res)).toMatchObject({ signedOut: { tokensRevoked: 0 } });
    expect((await me(ctx, { authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it('refuses common passwords, your email and the same password, naming the field', async () => {
    const s = await signIn(ctx, ['csr']);
    for (const password of ['password1234', 'Qwertyuiop', s.email, s.password]) {
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: s.headers,
        payload: { password, currentPassword: s.password },
      });
      expect(res.statusCode, password).toBe(400);
      expect(json(res), password).toMatchObject({ code: 'auth.weak_password', errors: [{ path: 'password' }] });
    }
    const tooShort = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: 'short', currentPassword: s.password },
    });
    expect(json(tooShort)).toMatchObject({ errors: [{ path: 'password' }] });
    const long = 'a'.repeat(20) + ' seventy characters of my own words, no rules on which characters, ok';
    const ok = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: long, currentPassword: s.password },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('counts wrong current passwords in the sign-in throttle', async () => {
    const s = await signIn(ctx, ['csr']);
    for (let i = 0; i < 10; i++) {
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: s.headers,
        payload: { password: 'a brand new passphrase', currentPassword: `guess number ${i}` },
      });
      expect(res.statusCode).toBe(400);
    }
    const right = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: s.headers,
      payload: { password: 'a brand new passphrase', currentPassword: s.password },
    });
    expect(right.statusCode).toBe(429);
  });

  it('does not let an admin change their own password through PATCH /users/:id, and an admin reset ends the user’s sessions', async () => {
    const admin = await signIn(ctx, ['admin']);
    const self = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${admin.userId}`,
      headers: admin.headers,
      payload: { password: 'a brand new passphrase' },
    });
    expect(self.statusCode).toBe(400);
    expect(json(self)).toMatchObject({ code: 'auth.current_password_required', errors: [{ path: 'password' }] });
    const user = await signIn(ctx, ['sales']);
    const reset = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.userId}`,
      headers: admin.headers,
      payload: { password: 'a reset passphrase here' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await me(ctx, { cookie: user.cookie })).statusCode).toBe(401);
    const weak = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.userId}`,
      headers: admin.headers,
      payload: { password: 'password1234' },
    });
    expect(json(weak)).toMatchObject({ code: 'auth.weak_password' });
  });

  it('renames without a password, and refuses revokeTokens without a new password', async () => {
    const s = await signIn(ctx, ['csr']);
    const renamed = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: s.headers, payload: { name: 'Renée Renamed' } });
    expect(json(renamed)).toMatchObject({ name: 'Renée Renamed' });
    const stray = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: s.headers, payload: { revokeTokens: true } });
    expect(json(stray)).toMatchObject({ errors: [{ path: 'revokeTokens' }] });
  });
});

describe.each(engines)('sign out everywhere on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('lists where you are signed in and ends every other session and your tokens, keeping this one', async () => {
    const s = await signIn(ctx, ['csr']);
    const other = await secondSession(ctx, s);
    const token = await makeToken(ctx, s);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie: s.cookie } });
    const items = json<{ items: { current: boolean }[] }>(list).items;
    expect(items).toHaveLength(2);
    expect(items.filter((i) => i.current)).toHaveLength(1);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/sign-out-everywhere', headers: s.headers, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ sessionsRevoked: 1, tokensRevoked: 1 });
    expect((await me(ctx, { cookie: s.cookie })).statusCode).toBe(200);
    expect((await me(ctx, { cookie: other })).statusCode).toBe(401);
    expect((await me(ctx, { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie: s.cookie } });
    expect(json<{ items: unknown[] }>(after).items).toHaveLength(1);
  });

  it('needs the CSRF token, so another site cannot sign you out', async () => {
    const s = await signIn(ctx, ['csr']);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/sign-out-everywhere', headers: { cookie: s.cookie }, payload: {} });
    expect(res.statusCode).toBe(403);
  });
});

describe.each(engines)('the sign-in throttle under concurrency on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('checks exactly 10 of 25 wrong passwords sent at once for one account', async () => {
    const s = await signIn(ctx, ['csr']);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: `wrong guess ${i}` } }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(15);
  });
});

describe.each(engines)('which proxy hops are believed on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { trustProxy: 1 } });

  it('takes the client address the nearest proxy appended, so a forged left-most X-Forwarded-For cannot dodge the lock', async () => {
    const s = await signIn(ctx, ['csr']);
    for (let i = 0; i < 10; i++) {
      const forged = `203.0.113.${i}, 198.51.100.7`;
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': forged },
        payload: { email: s.email, password: `nope nope ${i}` },
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': '192.0.2.99, 198.51.100.7' },
      payload: { email: s.email, password: s.password },
    });
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': '198.51.100.8' },
      payload: { email: s.email, password: s.password },
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  const parse = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;

  it('is off by default and takes a hop count or the proxies’ addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parse('false')).toBe(false);
    expect(parse('2')).toBe(2);
    expect(parse('true')).toBe(1);
    expect(parse('127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses what is not an address or range, naming it', () => {
    expect(() => parse('10.0.0.0/33')).toThrow(/TRUST_PROXY: 10\.0\.0\.0\/33 is not a proxy address/);
    expect(() => parse('proxy.internal')).toThrow(/proxy\.internal/);
  });
});

describe.each(engines)('a short idle limit on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1 } });

  it('keeps a session that is used every 40 seconds alive past the limit, and ends one left alone', async () => {
    const used = await signIn(ctx, ['csr']);
    const idle = await signIn(ctx, ['csr']);
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance(40_000);
      expect((await me(ctx, { cookie: used.cookie })).statusCode, `after ${(i + 1) * 40} s`).toBe(200);
    }
    expect((await me(ctx, { cookie: idle.cookie })).statusCode).toBe(401);
  });
});

describe.each(engines)('API tokens on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('are made in a signed-in session, never with another token, so a leaked one cannot outlive its revocation', async () => {
    const s = await signIn(ctx, ['sales']);
    const token = await makeToken(ctx, s);
    const before = await countRows(ctx.database, 'api_tokens');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'successor' },
    });
    expect(res.statusCode).toBe(403);
    expect(json(res)).toMatchObject({ code: 'auth.session_required' });
    expect(await countRows(ctx.database, 'api_tokens')).toBe(before);
    // The token still does its work.
    expect((await me(ctx, { authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });
});

describe.each(engines)('API answers are never cached on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('sends Cache-Control: no-store with a new token, the CSRF token and problems', async () => {
    const s = await signIn(ctx, ['admin']);
    const token = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: s.headers, payload: { name: 'erp' } });
    expect(token.headers['cache-control']).toBe('no-store');
    expect((await me(ctx, { cookie: s.cookie })).headers['cache-control']).toBe('no-store');
    const problem = await ctx.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(problem.headers['cache-control']).toBe('no-store');
  });
});

describe.each(engines)('user external references on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('stores a blank reference as none, so two users without one never collide; a real duplicate is 409 naming the field', async () => {
    const admin = await signIn(ctx, ['admin']);
    for (const name of ['Blank One', 'Blank Two']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin.headers,
        payload: { name, externalRef: '  ', roles: ['sales'] },
      });
      expect(res.statusCode, name).toBe(201);
      expect(json(res)).toMatchObject({ externalRef: null });
    }
    const first = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { name: 'Ref One', externalRef: 'EMP-1' },
    });
    expect(first.statusCode).toBe(201);
    const before = await countRows(ctx.database, 'users');
    const dup = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { name: 'Ref Two', externalRef: 'EMP-1' },
    });
    expect(dup.statusCode).toBe(409);
    expect(json(dup)).toMatchObject({ errors: [{ path: 'externalRef' }] });
    expect(await countRows(ctx.database, 'users')).toBe(before);
    const cleared = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${json<{ id: string }>(first).id}`,
      headers: admin.headers,
      payload: { externalRef: '' },
    });
    expect(json(cleared)).toMatchObject({ externalRef: null });
  });

  it('answers 409, not 500, when two creations race for one email', async () => {
    const admin = await signIn(ctx, ['admin']);
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: admin.headers,
          payload: { name: `Racer ${n}`, email: 'racer@example.test' },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(json(r)).toMatchObject({ errors: [{ path: 'email' }] });
    expect(await countRows(ctx.database, "users where email = 'racer@example.test'")).toBe(1);
  });
});

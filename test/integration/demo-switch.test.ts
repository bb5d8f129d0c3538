// "Sign in as" (issue 13): in the sample company `rapport demo` makes, its admin becomes any staff
// member in one request — and back — so a newcomer sees My day as the CSR, the quality manager
// and the GM. Refused on a database the demo did not make, to an API token, to a user with a
// password who is not an admin, and towards an inactive user. Each test makes its own users; the
// demo mark is set per describe block, as `rapport demo` sets it (settings.is_demo).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { settings, users } from '../../src/db/schema/index.js';
import { getSettings } from '../../src/domain/settings/index.js';
import { countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';

/** A sample staff member: no password, as `rapport demo` makes them. */
async function sampleStaff(ctx: TestContext, roles: ('csr' | 'quality_manager' | 'gm')[], active = true): Promise<string> {
  const [u] = await ctx.database.db
    .insert(users)
    .values({ email: `staff-${randomUUID()}@lakeshore.example`, name: `Sample ${roles.join(' ')}`, roles, passwordHash: null, active })
    .returning({ id: users.id });
  return u!.id;
}

function cookieOf(res: { cookies: { name: string; value: string }[] }): string {
  return `rapport_session=${res.cookies.find((c) => c.name === 'rapport_session')!.value}`;
}

async function switchTo(ctx: TestContext, headers: Record<string, string>, userId: string) {
  return ctx.app.inject({ method: 'POST', url: '/api/v1/demo/sign-in-as', headers, payload: { userId } });
}

describe.each(engines)('"sign in as" in the sample company on %s', (engine) => {
  const ctx = useTestApp(engine);
  beforeAll(async () => {
    await getSettings(ctx.database.db); // the settings row exists from the first read on
    await ctx.database.db.update(settings).set({ isDemo: true });
  });

  it("lets the admin become a CSR: the CSR's session, the old one ended, and back to the admin from there", async () => {
    const admin = await signIn(ctx, ['admin', 'gm'], 'Demo Admin');
    const csr = await sampleStaff(ctx, ['csr']);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers });
    expect(json(me)).toMatchObject({ canSwitchUser: true });
    const staff = await ctx.app.inject({ method: 'GET', url: '/api/v1/demo/staff', headers: admin.headers });
    expect(staff.statusCode).toBe(200);
    expect(json<{ items: { id: string }[] }>(staff).items.map((p) => p.id)).toEqual(expect.arrayContaining([csr, admin.userId]));

    const res = await switchTo(ctx, admin.headers, csr);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ user: { id: csr, roles: ['csr'] }, canSwitchUser: true });
    const asCsr = { cookie: cookieOf(res), 'x-csrf-token': json<{ csrfToken: string }>(res).csrfToken };
    const now = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: asCsr });
    expect(json(now)).toMatchObject({ user: { id: csr } });
    // The admin's session ended with the switch: one person at a time in this browser.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers })).statusCode).toBe(401);

    const back = await switchTo(ctx, asCsr, admin.userId);
    expect(back.statusCode).toBe(200);
    expect(json(back)).toMatchObject({ user: { id: admin.userId, roles: ['admin', 'gm'] } });
  });

  it('refuses a user with a password who is not an admin, and changes no session', async () => {
    const ops: Session = await signIn(ctx, ['operations']);
    const qm = await sampleStaff(ctx, ['quality_manager']);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: ops.headers });
    expect(json(me).canSwitchUser).toBeUndefined();
    const before = await countRows(ctx.database, 'sessions');
    const res = await switchTo(ctx, ops.headers, qm);
    expect(res.statusCode).toBe(403);
    expect(json(res)).toMatchObject({ code: 'auth.switch_forbidden' });
    expect(await countRows(ctx.database, 'sessions')).toBe(before);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: ops.headers })).statusCode).toBe(200);
  });

  it("refuses an API token, even an admin's: a token stays who it is", async () => {
    const admin = await signIn(ctx, ['admin']);
    const made = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin.headers, payload: { name: 'script' } });
    const token = json<{ token: string }>(made).token;
    const gm = await sampleStaff(ctx, ['gm']);
    const res = await switchTo(ctx, { authorization: `Bearer ${token}` }, gm);
    expect(res.statusCode).toBe(403);
    expect(json(res)).toMatchObject({ code: 'auth.switch_forbidden' });
  });

  it('answers 404 for an inactive or unknown user, and 400 naming userId for a malformed one', async () => {
    const admin = await signIn(ctx, ['admin']);
    const gone = await sampleStaff(ctx, ['csr'], false);
    for (const userId of [gone, randomUUID()]) {
      const res = await switchTo(ctx, admin.headers, userId);
      expect(res.statusCode).toBe(404);
      expect(json(res)).toMatchObject({ code: 'users.not_found' });
    }
    const bad = await switchTo(ctx, admin.headers, 'teri');
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ errors: [{ path: 'userId' }] });
    // The admin is still signed in after each refusal.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers })).statusCode).toBe(200);
  });
});

describe.each(engines)('"sign in as" on a real install on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('is refused to everyone, the admin included, and /me does not offer it', async () => {
    const [row] = await ctx.database.db.select({ isDemo: settings.isDemo }).from(settings).where(eq(settings.id, 1));
    expect(row?.isDemo ?? false).toBe(false);
    const admin = await signIn(ctx, ['admin']);
    const csr = await signIn(ctx, ['csr']);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers });
    expect(json(me).canSwitchUser).toBeUndefined();
    for (const res of [
      await ctx.app.inject({ method: 'GET', url: '/api/v1/demo/staff', headers: admin.headers }),
      await switchTo(ctx, admin.headers, csr.userId),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(json(res)).toMatchObject({ code: 'auth.not_demo' });
    }
    const still = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers });
    expect(json(still)).toMatchObject({ user: { id: admin.userId } });
  });
});

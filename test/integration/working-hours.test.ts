// Working hours (Settings → Working days): a step or call due in working days falls inside them —
// a problem reported at night gets its call at the next working day's opening, one reported after
// closing at that day's closing — and a working day must open before it closes.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProblemDetail } from '../../contract/problems.js';
import type { Settings } from '../../contract/settings.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, updateTestSettings } from '../support/factories.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe.each(engines)('working hours on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let admin: Session;
  let csr: Session;

  beforeAll(async () => {
    ctx.clock.set('2026-03-02T12:00:00Z');
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    csr = await signIn(ctx, ['csr'], 'Casey CSR');
    // Berlin: UTC+1 in March.
    await updateTestSettings(ctx, admin, { timezone: 'Europe/Berlin', workingHoursStart: '09:30', workingHoursEnd: '17:00' });
  });

  async function problemReportedAt(at: string): Promise<ProblemDetail> {
    ctx.clock.set(at);
    const account = await createTestAccount(ctx, { team: [{ userId: csr.userId, role: 'csr' }] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/problems',
      headers: csr.headers,
      payload: { accountId: account.id, source: 'call', category: 'Delivery', description: 'Two cartons were crushed.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json<ProblemDetail>(res);
  }

  it('a problem reported at 03:37 gets its call at the next working day’s opening; one at 21:00 at its closing', async () => {
    // Monday 03:37 in Berlin → Tuesday 09:30 (08:30Z).
    expect((await problemReportedAt('2026-03-02T02:37:00Z')).dueAt).toBe('2026-03-03T08:30:00.000Z');
    // Friday 21:00 in Berlin → Monday 17:00 (16:00Z), the weekend skipped.
    expect((await problemReportedAt('2026-03-06T20:00:00Z')).dueAt).toBe('2026-03-09T16:00:00.000Z');
    // Inside the hours, the time of day is kept: Wednesday 11:15 → Thursday 11:15.
    expect((await problemReportedAt('2026-03-04T10:15:00Z')).dueAt).toBe('2026-03-05T10:15:00.000Z');
  });

  it('the settings show the hours and refuse a day that closes before it opens, or a time that is not HH:mm, naming the field', async () => {
    const get = await ctx.app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie: admin.cookie } });
    expect(json<Settings>(get)).toMatchObject({ workingHoursStart: '09:30', workingHoursEnd: '17:00' });
    const refused = async (patch: Record<string, unknown>, path: string) => {
      const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: admin.headers, payload: patch });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json<{ errors: { path: string; message: string }[] }>().errors.map((e) => e.path)).toEqual([path]);
      return res.json<{ errors: { message: string }[] }>().errors[0]!.message;
    };
    expect(await refused({ workingHoursEnd: '09:00' }, 'workingHoursEnd')).toBe('must be after the opening time, 09:30');
    expect(await refused({ workingHoursStart: '18:00' }, 'workingHoursStart')).toBe('must be before the closing time, 17:00');
    expect(await refused({ workingHoursStart: '9:30' }, 'workingHoursStart')).toContain('HH:mm');
    expect(await refused({ workingHoursEnd: '24:00' }, 'workingHoursEnd')).toContain('HH:mm');
    // Nothing changed.
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie: admin.cookie } });
    expect(json<Settings>(after)).toMatchObject({ workingHoursStart: '09:30', workingHoursEnd: '17:00' });
  });
});

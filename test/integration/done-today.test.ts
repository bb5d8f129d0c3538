// My day's "Done today" (issue 13): the steps a person completed today — the organisation's day —
// latest first, through the same list as their open ones (`status=done&completed=today`). Each
// test makes its own people and tasks.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../contract/common.js';
import { tasks } from '../../src/db/schema/index.js';
import { engines, json, signIn, useTestApp, type TestContext } from '../support/app.js';
import { uniq } from '../support/factories.js';

const HOUR = 3_600_000;

async function task(ctx: TestContext, title: string, role: Role, assigneeId: string, done?: { at: Date; by: string }): Promise<string> {
  const [row] = await ctx.database.db
    .insert(tasks)
    .values({
      title,
      kind: 'task',
      role,
      assigneeId,
      status: done ? 'done' : 'open',
      dueAt: ctx.clock.now(),
      completedAt: done?.at ?? null,
      completedBy: done?.by ?? null,
    })
    .returning({ id: tasks.id });
  return row!.id;
}

describe.each(engines)('done today on %s', (engine) => {
  const ctx = useTestApp(engine);

  it("lists the steps a person completed today, the latest first — not yesterday's, not a colleague's, not open ones", async () => {
    const csr = await signIn(ctx, ['csr']);
    const other = await signIn(ctx, ['csr']);
    const now = ctx.clock.now();
    const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const morning = await task(ctx, uniq('Kickoff call'), 'csr', csr.userId, { at: new Date(startOfDay.getTime() + 1000), by: csr.userId });
    const yesterday = await task(ctx, uniq('Yesterday'), 'csr', csr.userId, { at: new Date(startOfDay.getTime() - HOUR), by: csr.userId });
    const colleagues = await task(ctx, uniq('Colleague'), 'csr', other.userId, { at: now, by: other.userId });
    const open = await task(ctx, uniq('Still open'), 'csr', csr.userId);
    // One completed now, through the API, as a person does it.
    const justNow = await task(ctx, uniq('Send the drawings'), 'csr', csr.userId);
    const completed = await ctx.app.inject({ method: 'POST', url: `/api/v1/tasks/${justNow}/complete`, headers: csr.headers, payload: {} });
    expect(completed.statusCode, completed.body).toBe(200);

    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/tasks?status=done&completed=today', headers: csr.headers });
    expect(res.statusCode).toBe(200);
    const items = json<{ items: { id: string; status: string; completedBy: { id: string } | null }[] }>(res).items;
    expect(items.map((t) => t.id)).toEqual([justNow, morning]);
    expect(items.every((t) => t.status === 'done' && t.completedBy?.id === csr.userId)).toBe(true);
    for (const id of [yesterday, colleagues, open]) expect(items.map((t) => t.id)).not.toContain(id);
  });

  it('refuses `completed` without status=done, naming it', async () => {
    const csr = await signIn(ctx, ['csr']);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/tasks?completed=today', headers: csr.headers });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ errors: [{ path: 'completed', message: 'goes with status=done' }] });
  });
});

// Covering an absence (issue 13): a GM, a quality manager or an admin opens another person's My
// day — that person's tasks and their roles' unassigned ones, exactly what they would see — and
// reassigns from there; anyone else is refused. Each test makes its own people and tasks.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../contract/common.js';
import { tasks } from '../../src/db/schema/index.js';
import { engines, json, signIn, useTestApp, type TestContext } from '../support/app.js';
import { uniq } from '../support/factories.js';

async function task(ctx: TestContext, title: string, role: Role, assigneeId: string | null): Promise<string> {
  const [row] = await ctx.database.db
    .insert(tasks)
    .values({ title, kind: 'task', role, assigneeId, status: 'open', dueAt: ctx.clock.now() })
    .returning({ id: tasks.id });
  return row!.id;
}

async function dayOf(ctx: TestContext, headers: Record<string, string>, query: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tasks?${query}`, headers });
  return { status: res.statusCode, body: json<{ items: { id: string; title: string }[]; code?: string }>(res) };
}

describe.each(engines)("another person's day on %s", (engine) => {
  const ctx = useTestApp(engine);

  it("shows a GM exactly the CSR's own day: their tasks and the CSR pool's, not the GM's", async () => {
    const gm = await signIn(ctx, ['gm']);
    const csr = await signIn(ctx, ['csr'], 'Teri');
    const hers = await task(ctx, uniq('Call the customer'), 'csr', csr.userId);
    const pool = await task(ctx, uniq('Send the tracking'), 'csr', null);
    const gmsOwn = await task(ctx, uniq('GM thank-you call'), 'gm', gm.userId);
    const other = await signIn(ctx, ['csr']);
    const colleagues = await task(ctx, uniq('A colleague’s call'), 'csr', other.userId);

    const asGm = await dayOf(ctx, gm.headers, `mine=true&for=${csr.userId}`);
    const asCsr = await dayOf(ctx, csr.headers, 'mine=true');
    expect(asGm.status).toBe(200);
    const ids = asGm.body.items.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([hers, pool]));
    expect(ids).not.toContain(gmsOwn);
    expect(ids).not.toContain(colleagues);
    expect(ids.sort()).toEqual(asCsr.body.items.map((t) => t.id).sort());
  });

  it('lets a quality manager and an admin cover too, and refuses a sales rep (tasks.forbidden)', async () => {
    const csr = await signIn(ctx, ['csr']);
    await task(ctx, uniq('Call'), 'csr', csr.userId);
    for (const roles of [['quality_manager'], ['admin']] as Role[][]) {
      const manager = await signIn(ctx, roles);
      expect((await dayOf(ctx, manager.headers, `for=${csr.userId}`)).status).toBe(200);
    }
    const rep = await signIn(ctx, ['sales']);
    const refused = await dayOf(ctx, rep.headers, `for=${csr.userId}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'tasks.forbidden' });
    // Their own day through `for` is just their day.
    expect((await dayOf(ctx, rep.headers, `for=${rep.userId}`)).status).toBe(200);
  });

  it('answers 404 for someone who does not exist and 400 naming `for` when it is no id', async () => {
    const gm = await signIn(ctx, ['gm']);
    const missing = await dayOf(ctx, gm.headers, 'for=00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'users.not_found' });
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/tasks?for=teri', headers: gm.headers });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ errors: [{ path: 'for' }] });
  });
});

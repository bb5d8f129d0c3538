// Completed steps reach the account timeline (docs/domain.md §3): a step done with a note, a call
// outcome or a sign-off is an entry with the step's title and who did it; a skipped step and a
// bare checklist are not. Each test starts its own first order (first-order care runs).
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { Task } from '../../contract/tasks.js';
import { engines, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

describe.each(engines)('completed steps on the account timeline on %s', (engine) => {
  const ctx = useTestApp(engine);
  const u = {} as Record<'admin' | 'csr' | 'eng' | 'quality' | 'ship', Session>;

  beforeAll(async () => {
    u.admin = await signIn(ctx, ['admin'], 'Ada Admin');
    u.csr = await signIn(ctx, ['csr'], 'Cy CSR');
    u.eng = await signIn(ctx, ['engineering'], 'Eve Engineer');
    u.quality = await signIn(ctx, ['quality'], 'Quinn Quality');
    u.ship = await signIn(ctx, ['shipping'], 'Sid Shipping');
  });

  /** A small account's first order, first-order care running; its tasks by step key. */
  const firstOrder = async () => {
    const account = await createTestAccount(ctx, { team: [{ userId: u.csr.userId, role: 'csr' }] });
    const order = await createTestOrder(ctx, u.admin, { accountId: account.id });
    await drainJobs(ctx);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tasks?mine=false&status=active&orderId=${order.id}`,
      headers: { cookie: u.admin.cookie },
    });
    const tasks = new Map(res.json<{ items: Task[] }>().items.map((t) => [t.stepKey, t]));
    return { account, order, task: (key: string) => tasks.get(key)! };
  };
  const post = async (by: Session, url: string, payload: object) => {
    const res = await ctx.app.inject({ method: 'POST', url, headers: by.headers, payload });
    expect(res.statusCode, res.body).toBe(200);
  };
  const timeline = async (accountId: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/timeline`, headers: { cookie: u.admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: TimelineItem[] }>().items.filter((i) => i.source === 'activity');
  };

  it('shows a call with its outcome, by the CSR who made it, on the order', async () => {
    const { account, order, task } = await firstOrder();
    await post(u.csr, `/api/v1/tasks/${task('csr-intro').id}/complete`, { callOutcome: 'left_message', note: 'Will call back Monday' });
    expect(await timeline(account.id)).toEqual([
      expect.objectContaining({
        type: 'call',
        title: 'Call: CSR introduction',
        detail: 'Left a message — Will call back Monday',
        actor: { id: u.csr.userId, name: 'Cy CSR' },
        orderId: order.id,
      }),
    ]);
  });

  it('shows a step done with a note as the step, and each sign-off by its signer', async () => {
    const { account, task } = await firstOrder();
    await post(u.eng, `/api/v1/tasks/${task('data-review').id}/complete`, { note: 'Drawings rev B complete' });
    await post(u.quality, `/api/v1/tasks/${task('inspection').id}/signoffs`, { note: 'Lot 1 measured' });
    const items = await timeline(account.id);
    expect(items.map((i) => [i.title, i.detail, i.actor?.name])).toEqual(
      expect.arrayContaining([
        ['Step: Data-package review', 'Drawings rev B complete', 'Eve Engineer'],
        ['Step: Final inspection — signed off', 'Signed off as quality — Lot 1 measured', 'Quinn Quality'],
      ]),
    );
    expect(items).toHaveLength(2);
  });

  it('leaves a bare checklist and a skipped step off the timeline', async () => {
    const { account, task } = await firstOrder();
    await post(u.ship, `/api/v1/tasks/${task('shipping-docs').id}/complete`, {
      checklist: { 'Packing list': true, 'Certificate of conformance': true, 'Invoice copy': true },
    });
    await post(u.csr, `/api/v1/tasks/${task('csr-intro').id}/complete`, { skip: true, note: 'They asked not to be called' });
    expect(await timeline(account.id)).toEqual([]);
  });
});

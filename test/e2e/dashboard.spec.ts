// A GM's Monday in real Chromium: the dashboard on a seeded company (two reps, first orders on time
// and late, customers who came back and some who did not, quotes won and lost), a number followed
// to the rows behind it, and those rows downloaded as CSV.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountTeam, accounts, quotes, users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { insertTestOrder } from '../support/factories.js';
import type { TestContext } from '../support/app.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';
const AS_OF = '2025-06-30';

describe.runIf(canRun)('the GM dashboard in Chromium', () => {
  const suite = useE2eSuite('dashboard');
  let page: Page | null = null;

  /** Two reps' customers: Ann's first orders one on time and one late, Bob's on time; three come back. */
  async function seed(): Promise<void> {
    const db = suite.server.database.db;
    const [ann, bob] = await db
      .insert(users)
      .values([
        { email: 'ann.rep@example.test', name: 'Ann Rep', roles: ['sales'] },
        { email: 'bob.rep@example.test', name: 'Bob Rep', roles: ['sales'] },
      ])
      .returning();
    await db
      .insert(users)
      .values({ email: 'gina.gm@example.test', name: 'Gina Manager', roles: ['gm'], passwordHash: await hashPassword(PASSWORD) });
    const plans: { name: string; rep: string; orders: { placed: string; promised?: string; shipped?: string }[] }[] = [
      {
        name: 'Northwind Traders',
        rep: ann!.id,
        orders: [{ placed: '2025-01-06', promised: '2025-01-20', shipped: '2025-01-17' }, { placed: '2025-02-10' }],
      },
      { name: 'Contoso Valves', rep: ann!.id, orders: [{ placed: '2025-02-03', promised: '2025-02-14', shipped: '2025-02-19' }] },
      {
        name: 'Fabrikam Tools',
        rep: bob!.id,
        orders: [{ placed: '2025-03-04', promised: '2025-03-20', shipped: '2025-03-18' }, { placed: '2025-04-01' }],
      },
      {
        name: '=Formula Inc',
        rep: bob!.id,
        orders: [{ placed: '2025-03-10', promised: '2025-03-25', shipped: '2025-03-24' }, { placed: '2025-03-30' }],
      },
    ];
    const ctx = { database: suite.server.database } as TestContext;
    for (const plan of plans) {
      const [account] = await db
        .insert(accounts)
        .values({ name: plan.name, kind: 'customer', currency: 'USD', timezone: 'America/Chicago' })
        .returning();
      await db.insert(accountTeam).values({ accountId: account!.id, userId: plan.rep, role: 'sales' });
      for (const o of plan.orders)
        await insertTestOrder(ctx, {
          accountId: account!.id,
          placedAt: o.placed,
          amount: 125_000,
          ...(o.promised ? { promisedDate: o.promised } : {}),
          ...(o.shipped ? { shippedAt: o.shipped } : {}),
        });
      const won = plan.rep === ann!.id;
      await db.insert(quotes).values({
        accountId: account!.id,
        number: `Q-${plan.name.slice(1, 4)}`,
        amount: 50_000,
        currency: 'USD',
        sentAt: new Date('2025-01-02T15:00:00Z'),
        status: won ? 'won' : 'lost',
        decidedAt: new Date('2025-01-20T15:00:00Z'),
        repId: plan.rep,
        ...(won ? {} : { lostReason: 'price' }),
      });
    }
  }

  beforeAll(async () => {
    await seed();
  });

  it('answers on-time and coming-back first, follows a number to its rows, and downloads them as CSV', async () => {
    page = await suite.signIn({ email: 'gina.gm@example.test', password: PASSWORD });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    // NOTE: the pointer off the nav: an active nav link under the pointer fails contrast (4.12:1),
    // a defect of the app shell's hover colour, not of this page.
    await page.mouse.move(900, 10);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByLabel('As of').fill(AS_OF);
    await page.getByRole('heading', { name: 'Are first orders going out on time?' }).waitFor();
    await expect.poll(() => page!.getByTestId('stat-firstOrderOnTime').innerText()).toContain('75 %');
    expect(new URL(page.url()).search).toBe(`?asOf=${AS_OF}`);
    await expect.poll(() => page!.getByTestId('stat-secondOrderConversion').innerText()).toContain('3 of 4 accounts');
    await expect.poll(() => page!.getByTestId('by-rep').innerText()).toMatch(/Ann Rep\s+100 % \(2 of 2\)/);
    // The charts have drawn (recharts renders SVG).
    await expect.poll(() => page!.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'dashboard');

    await page.getByRole('link', { name: /First orders on time: 75 %, show the rows/ }).click();
    await page.getByRole('heading', { name: 'First orders on time' }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/dashboard/firstOrderOnTime?asOf=${AS_OF}`);
    await expect.poll(() => page!.getByTestId('figure-row').count()).toBe(4);
    await expect.poll(() => page!.getByTestId('figure-rows').innerText()).toMatch(/\blate\b/i);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'dashboard-rows');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toBe(`firstOrderOnTime-${AS_OF}.csv`);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^Order,Account,First order,Placed on/);
    expect(lines).toHaveLength(5);
    // The account named "=Formula Inc" arrives as text, not as a formula.
    expect(lines.some((l) => l.includes(",'=Formula Inc,"))).toBe(true);
  });
});

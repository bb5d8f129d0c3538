// A problem traced to the sale in real Chromium: the CSR reports it from the order's page as an
// expectation set in the sale — the order's rep is proposed as responsible — and the GM opens the
// expectations report from the dashboard, finds that rep, and follows the number to the problem.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { problems, users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';
const SCRIPT = '<img src=x onerror="window.hacked=1"> It took three days, not one.';

describe.runIf(canRun)('a problem traced to the sale, in Chromium', () => {
  const suite = useE2eSuite('problems');
  let orderId = '';
  let repId = '';

  beforeAll(async () => {
    const db = suite.server.database.db;
    const hash = await hashPassword(PASSWORD);
    const [rep] = await db
      .insert(users)
      .values([
        { email: 'riley.rep@example.test', name: 'Riley Rep', roles: ['sales'] },
        { email: 'casey.csr@example.test', name: 'Casey Service', roles: ['csr'], passwordHash: hash },
        { email: 'gina.gm@example.test', name: 'Gina Manager', roles: ['gm'], passwordHash: hash },
      ])
      .returning();
    repId = rep!.id;
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, { name: 'Lakeside Instruments', kind: 'customer', currency: 'USD' });
    orderId = (await createOrder(ctx, { accountId: account.id, number: 'SO-7001', amount: '12000.00', repId })).id;
  });

  it('the CSR reports it from the order; the GM finds the rep in the expectations report', async () => {
    const csr = await suite.signIn({ email: 'casey.csr@example.test', password: PASSWORD });
    await csr.goto(`${suite.server.baseUrl}/orders/${orderId}`);
    await csr.getByTestId('report-problem').click();
    const dialog = csr.getByRole('dialog');
    await dialog.getByLabel('Category').fill('Installation');
    await dialog.getByLabel('What happened').fill(SCRIPT);
    await dialog.getByLabel('Where it comes from').click();
    await csr.getByRole('option', { name: 'Expectation set in the sale' }).click();
    expect(await accessibilityProblems(csr)).toEqual([]);
    await dialog.getByTestId('submit-problem').click();

    await csr.getByTestId('problem-title').waitFor();
    expect(new URL(csr.url()).pathname).toMatch(/^\/problems\/[0-9a-f-]{36}$/);
    expect(await csr.getByTestId('responsible-proposed').textContent()).toBe('Proposed: Riley Rep (the order’s rep)');
    // Shown as the words typed, never run.
    expect(await csr.getByTestId('problem-description').textContent()).toBe(SCRIPT);
    expect(await csr.evaluate('typeof window.hacked')).toBe('undefined');
    // Only the GM confirms who is responsible.
    await expect.poll(() => csr.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
    await csr.mouse.move(900, 10);
    expect(await accessibilityProblems(csr)).toEqual([]);
    await screenshot(csr, 'problem-reported');
    const [row] = await suite.server.database.db.select().from(problems).where(eq(problems.orderId, orderId));
    expect(row).toMatchObject({ origin: 'sale_expectation', responsibleUserId: repId, source: 'order', description: SCRIPT });

    const gm = await suite.signIn({ email: 'gina.gm@example.test', password: PASSWORD });
    await gm.getByRole('link', { name: 'Dashboard' }).click();
    await gm.getByTestId('expectations-link').click();
    await gm.getByRole('heading', { name: 'Where problems come from' }).waitFor();
    await gm.mouse.move(900, 10);
    const people = gm.getByTestId('by-responsible');
    await expect.poll(() => people.innerText()).toMatch(/Riley Rep\s+1\s+100 %/);
    await expect.poll(() => gm.getByTestId('by-origin').innerText()).toMatch(/Expectation set in the sale\s+1\s+100 %/);
    await expect.poll(() => gm.locator('.recharts-surface').count()).toBe(2);
    expect(await accessibilityProblems(gm)).toEqual([]);
    await screenshot(gm, 'expectations-report');

    await people.getByRole('link', { name: '1', exact: true }).click();
    await gm.getByRole('heading', { name: 'Problems' }).waitFor();
    expect(new URL(gm.url()).searchParams.get('responsible')).toBe(repId);
    await expect.poll(() => gm.getByTestId('problem-row').count()).toBe(1);
    expect(await gm.getByTestId('problem-row').innerText()).toContain('Lakeside Instruments · order SO-7001');
    await gm.getByRole('link', { name: 'Installation' }).click();
    await gm.getByRole('button', { name: 'Confirm' }).click();
    await gm.getByText(/^Riley Rep confirmed by Gina Manager/).waitFor();
  });
});

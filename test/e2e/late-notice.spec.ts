// Telling the truth first in real Chromium (P2.1): an order whose expected ship date moved past its
// promise shows its drafted late notice on the order page; the CSR cannot send it while a part is
// unwritten, writes the cause and what is being done, and sends it — the notice then waits in the
// outbox and the CSR's step is done.
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contacts, messages, tasks, users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder, updateOrder } from '../../src/domain/orders/index.js';
import { dispatchPendingEvents } from '../../src/domain/playbooks/index.js';
import { dateIn, systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import {
  accessibilityProblems,
  browserAvailable,
  launchBrowser,
  screenshot,
  signInFresh,
  startE2eServer,
  type E2eServer,
} from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('the late notice on the order page in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  const pageErrors: string[] = [];
  let last: Page | null = null;
  let orderId = '';

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const db = server.database.db;
    const [csr] = await db
      .insert(users)
      .values({ email: 'cora@example.test', name: 'Cora CSR', roles: ['csr'], passwordHash: await hashPassword(PASSWORD) })
      .returning();
    const now = new Date();
    const ctx = { db, actor: systemActor('e2e'), now };
    const account = await createAccount(ctx, {
      name: 'Northwind Traders',
      kind: 'customer',
      currency: 'USD',
      team: [{ userId: csr!.id, role: 'csr' }],
    });
    await db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: 'jane@northwind.test', isPrimary: true, roleAtCustomer: 'buyer' });
    // Promised a week from now; the new estimate is three days after the promise.
    const day = (n: number) => dateIn(new Date(now.getTime() + n * 86_400_000), 'UTC');
    const order = await createOrder(ctx, { accountId: account.id, number: 'SO-5150', amount: '800.00', promisedDate: day(7) });
    orderId = order.id;
    await updateOrder(ctx, { id: order.id, patch: { expectedShipDate: day(10) } });
    const dispatched = await dispatchPendingEvents({ db, now: new Date() });
    expect(dispatched.failed).toEqual([]);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && last)
      await screenshot(last, `failed-late-notice-${context.task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(pageErrors).toEqual([]);
  });

  it('the CSR writes what happened into the drafted notice and sends it from the order page', async () => {
    const page = (last = await signInFresh(browser, server.baseUrl, { email: 'cora@example.test', password: PASSWORD }, pageErrors));
    await page.goto(`${server.baseUrl}/orders/${orderId}`);
    const card = page.getByTestId('late-notice-card');
    await card.waitFor();
    const notice = card.locator('[data-testid="late-notice"][data-status="draft"]');
    expect(await notice.textContent()).toContain('Order SO-5150 will ship later than promised');
    expect(await notice.textContent()).toContain('not sent yet');
    expect(await notice.getByTestId('late-notice-due').textContent()).toMatch(/^Send by /);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'late-notice-draft');

    await notice.getByTestId('review-late-notice').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('late-notice-text').waitFor();
    // Parts still to write: the send button waits for them.
    expect(await dialog.getByTestId('late-notice-unwritten').textContent()).toContain('[[what caused the delay]]');
    expect(await dialog.getByTestId('send-late-notice').isDisabled()).toBe(true);
    const text = await dialog.getByTestId('late-notice-text').inputValue();
    await dialog
      .getByTestId('late-notice-text')
      .fill(
        text
          .replace('[[what caused the delay]]', 'the plating line was down for two days.')
          .replace('[[what is being done]]', 'your boards run first when it restarts on Monday.'),
      );
    await dialog.getByTestId('late-notice-unwritten').waitFor({ state: 'detached' });
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'late-notice-dialog');
    await dialog.getByTestId('send-late-notice').click();
    await dialog.waitFor({ state: 'hidden' });

    await card.locator('[data-testid="late-notice"][data-status="queued"]').waitFor();
    const [m] = await server.database.db.select().from(messages).where(eq(messages.orderId, orderId));
    expect(m).toMatchObject({ status: 'queued', template: 'late_notice', to: 'jane@northwind.test' });
    expect(m!.text).toContain('What happened: the plating line was down for two days.');
    const [step] = await server.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.orderId, orderId), eq(tasks.stepKey, 'notice')));
    expect(step).toMatchObject({ status: 'done' });
    await screenshot(page, 'late-notice-sent');
  });
});

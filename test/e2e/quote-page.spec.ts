// A quote's page in real Chromium (issue 13): the quotes list shows each quote's age and next
// follow-up and links to its page; the page shows the follow-up calls done and due, its history,
// an edit, and, once won, the order it became. Data is made with the use cases, as the API would.
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { completeTask, dispatchPendingEvents, listTasks } from '../../src/domain/playbooks/index.js';
import { createQuote } from '../../src/domain/quotes/index.js';
import { systemActor, type Actor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)("a quote's page in Chromium", () => {
  const suite = useE2eSuite('quote-page');

  beforeAll(async () => {
    const db = suite.server.database.db;
    const [rep] = await db
      .insert(users)
      .values({ email: 'rita@example.test', name: 'Rita Rep', roles: ['sales', 'admin'], passwordHash: await hashPassword(PASSWORD) })
      .returning();
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, { name: 'Northwind Traders', kind: 'customer', currency: 'USD' });
    await createOrder(ctx, { accountId: account.id, number: 'SO-3100', amount: '4800.00' });
    const sent = new Date(Date.now() - 9 * 86_400_000);
    const quote = await createQuote({ ...ctx, now: sent }, { accountId: account.id, number: 'Q-3100', amount: '4800.00', repId: rep!.id });
    expect((await dispatchPendingEvents({ db, now: sent })).failed).toEqual([]);
    // The first call is done: it reached them and they are deciding.
    const actor: Actor = { kind: 'user', userId: rep!.id, name: rep!.name, roles: rep!.roles, ip: null, requestId: null };
    const asRep = { db, actor, now: new Date() };
    const calls = await listTasks(asRep, { mine: 'false', status: 'open', quoteId: quote.id, limit: 50 });
    const first = calls.items.find((t) => t.stepKey === 'call-1')!;
    await completeTask(asRep, {
      id: first.id,
      completion: { callOutcome: 'reached', quoteOutcome: 'deciding', note: 'Board meets Friday' },
    });
  });

  it('from the list to the page: follow-ups done and due, history, then won with its order', async () => {
    const page = await suite.signIn({ email: 'rita@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/quotes`);
    const row = page.getByTestId('quote-row').filter({ hasText: 'Q-3100' });
    expect(await row.getByTestId('quote-age').textContent()).toBe('open 9 days');
    await row.getByTestId('next-follow-up').waitFor();
    await row.getByTestId('quote-link').click();

    await page.getByRole('heading', { name: 'Quote Q-3100' }).waitFor();
    expect(await page.getByTestId('quote-age').textContent()).toBe('open 9 days');
    await page.getByTestId('quote-follow-ups').waitFor();
    const done = page.locator('[data-testid="quote-follow-up"][data-status="done"]');
    await expect.poll(() => done.count()).toBe(1);
    expect(await done.textContent()).toContain('Board meets Friday');
    await expect.poll(() => page.locator('[data-testid="quote-follow-up"][data-status="open"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('quote-event').first().textContent()).toContain('Sent');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'quote-page');

    // Edit: only what changed is sent, and the history says so in words.
    await page.getByTestId('edit-quote').click();
    const edit = page.getByRole('dialog', { name: 'Edit quote Q-3100' });
    await edit.getByTestId('quote-edit-amount').fill('5200.00');
    expect(await accessibilityProblems(page)).toEqual([]);
    await edit.getByTestId('save-quote').click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('quote-event').first().textContent()).toContain('Changed: Amount');
    await expect.poll(() => page.getByText('$5,200.00').count()).toBeGreaterThan(0);

    await page.getByTestId('decide-quote').click();
    const dialog = page.getByRole('dialog', { name: 'Decide quote Q-3100' });
    await dialog.getByLabel('The order it became').click();
    await page.getByRole('option', { name: /SO-3100/ }).click();
    await dialog.getByTestId('confirm-decide').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('quote-order').waitFor();
    expect(await page.getByTestId('quote-order').textContent()).toContain('SO-3100');
    expect(await page.getByTestId('quote-event').first().textContent()).toContain('Open → Won');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByTestId('quote-order').getByRole('link', { name: 'SO-3100' }).click();
    await page.getByRole('heading', { name: 'Order SO-3100' }).waitFor();
  });
});

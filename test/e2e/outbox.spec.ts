// The Outbox and the message templates in real Chromium: a shipped order's tracking message waits
// for a mail server and says so, a failed one shows the server's answer and is retried with one
// click, and a template with a misspelt variable shows the problem and its line while typing.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, messages, users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { queueMessage } from '../../src/domain/messages/index.js';
import { createOrder, transitionOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('the outbox and message templates in Chromium', () => {
  const suite = useE2eSuite('outbox');
  let failedId = '';

  beforeAll(async () => {
    const db = suite.server.database.db;
    await db
      .insert(users)
      .values({ email: 'ada@example.test', name: 'Ada Admin', roles: ['admin', 'csr'], passwordHash: await hashPassword(PASSWORD) });
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, { name: 'Northwind <Traders>', kind: 'customer', currency: 'USD' });
    const [contact] = await db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: 'jane@northwind.test', isPrimary: true, roleAtCustomer: 'buyer' })
      .returning();
    const order = await createOrder(ctx, { accountId: account.id, number: 'SO-4711', amount: '1200.00' });
    for (const to of ['data_review', 'in_production', 'inspection', 'ready_to_ship'] as const)
      await transitionOrder(ctx, { id: order.id, transition: { to } });
    await transitionOrder(ctx, { id: order.id, transition: { to: 'shipped', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' } });
    const failed = await db.transaction((tx) =>
      queueMessage({ ...ctx, db: tx }, { accountId: account.id, orderId: order.id, contactId: contact!.id, template: 'generic' }),
    );
    failedId = failed.id;
    await db
      .update(messages)
      .set({ status: 'failed', attempts: 5, lastError: '550 5.1.1 Mailbox unavailable', reason: 'not sent: 550 5.1.1 Mailbox unavailable' })
      .where(eq(messages.id, failed.id));
  });

  it('shows what waits and why, and retries a failed message', async () => {
    const page = await suite.signIn({ email: 'ada@example.test', password: PASSWORD });
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.mouse.move(900, 10); // off the menu: a hovered link is not what axe should judge
    await page.getByTestId('outbox').waitFor();
    const rows = page.getByTestId('message-row');
    await expect.poll(() => rows.count()).toBe(2);
    const tracking = page.locator('[data-testid="message-row"][data-status="queued"]');
    expect(await tracking.getByTestId('message-reason').textContent()).toBe('not sent: no mail server configured');
    expect(await tracking.textContent()).toContain('Order SO-4711 has shipped');
    const failed = page.locator('[data-testid="message-row"][data-status="failed"]');
    expect(await failed.getByTestId('message-reason').textContent()).toBe('not sent: 550 5.1.1 Mailbox unavailable');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'outbox');

    await tracking.getByRole('button', { name: 'Order SO-4711 has shipped' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('message-text').textContent()).toContain('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    await screenshot(page, 'outbox-message');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await failed.getByRole('button', { name: /^Retry the message/ }).click();
    await page.locator('[data-testid="message-row"][data-status="failed"]').waitFor({ state: 'detached' });
    const [row] = await suite.server.database.db.select().from(messages).where(eq(messages.id, failedId));
    expect(row).toMatchObject({ status: 'queued', attempts: 0 });

    await page.getByRole('group', { name: 'Filter by status' }).getByText('Sent', { exact: true }).click();
    await page.getByTestId('outbox-empty').waitFor();
  });

  it('the template editor previews as you type and names a misspelt variable with its line', async () => {
    const page = await suite.signIn({ email: 'ada@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/admin/message-templates`);
    await page.getByTestId('template-preview').getByTestId('message-subject').waitFor();
    expect(await page.getByTestId('template-preview').getByTestId('message-subject').textContent()).toBe('Order SO-10481 has shipped');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'message-templates');

    await page.getByTestId('template-text').fill('Hello\n{{ contact.nmae }}');
    await page.getByTestId('template-problems').waitFor();
    expect(await page.getByTestId('template-problems').textContent()).toContain('text: unknown variable contact.nmae (line 2, column 4)');
    await screenshot(page, 'message-templates-problem');
  });
});

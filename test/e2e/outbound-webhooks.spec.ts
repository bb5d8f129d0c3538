// Outbound webhooks in real Chromium: an admin adds an endpoint pointing at a local receiver, copies
// its secret (shown once), and sees a test event and an order's event delivered, with the
// receiver's status code and the time it took; a failed one is retried with one click. The e2e
// server runs no job runner, so the test sends what is due itself (the job's own use cases).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { dispatchPendingEvents } from '../../src/domain/playbooks/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { deliverWebhooks } from '../../src/domain/webhook-endpoints/index.js';
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

describe.runIf(canRun)('outbound webhooks in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl = '';
  const received: { headers: Record<string, string>; body: string }[] = [];
  const plan: number[] = [];
  const pageErrors: string[] = [];
  let last: Page | null = null;
  const now = () => new Date();
  const sendDue = () => deliverWebhooks({ db: server.database.db, now: now() });

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(plan.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rapport-events`;
    server = await startE2eServer();
    browser = await launchBrowser();
    await server.database.db
      .insert(users)
      .values({ email: 'ada@example.test', name: 'Ada Admin', roles: ['admin'], passwordHash: await hashPassword(PASSWORD) });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && last)
      await screenshot(last, `failed-webhooks-${context.task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    expect(pageErrors).toEqual([]);
  });

  it('adds an endpoint, shows its secret once, and lists its deliveries with status code and time', async () => {
    const page = (last = await signInFresh(browser, server.baseUrl, { email: 'ada@example.test', password: PASSWORD }, pageErrors));
    await page.getByRole('link', { name: 'Outbound webhooks' }).click();
    await page.mouse.move(900, 10);
    await page.getByTestId('webhook-endpoints').waitFor();
    // The table is there while its rows load ("Loading endpoints…"): wait for what it then says.
    await expect.poll(() => page.getByTestId('webhook-endpoints').textContent()).toContain('No endpoints yet');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByTestId('add-endpoint').click();
    const dialog = page.getByRole('dialog', { name: 'Add an endpoint' });
    await dialog.getByLabel(/^Address/).fill('ftp://erp.example.test');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText(/Must be an http:\/\/ or https:\/\/ address/).waitFor();
    await dialog.getByLabel(/^Address/).fill(receiverUrl);
    await dialog.getByLabel(/^Description/).fill('ERP test system');
    await dialog.getByLabel('Order placed').check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    const secretText = (await page.getByTestId('endpoint-secret-value').textContent()) ?? '';
    expect(secretText).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await screenshot(page, 'webhook-endpoint-secret');
    await page.getByRole('button', { name: 'Close' }).first().click();

    // The endpoint's own page: nothing sent yet; a test event goes out and is listed as delivered.
    await page.getByTestId('send-test-event').waitFor();
    await expect.poll(() => page.getByTestId('webhook-deliveries').textContent()).toContain('Nothing sent yet');
    await page.getByTestId('send-test-event').click();
    await page.getByTestId('delivery-row').filter({ hasText: 'Test event' }).waitFor();
    expect(await sendDue()).toMatchObject({ delivered: 1 });
    await page.getByTestId('delivery-row').filter({ hasText: 'Delivered' }).waitFor();
    expect(await page.getByTestId('delivery-row').first().textContent()).toContain('HTTP 200');
    expect(await page.getByTestId('delivery-row').first().textContent()).toMatch(/\d+ ms/);

    // An order placed: its event is delivered, signed with the secret shown once.
    const ctx = { db: server.database.db, actor: systemActor('e2e'), now: now() };
    const account = await createAccount(ctx, { name: 'Northwind Traders', kind: 'customer', currency: 'USD' });
    await createOrder(ctx, { accountId: account.id, number: 'SO-8080', amount: '1200.00' });
    await dispatchPendingEvents({ db: server.database.db, now: now() });
    plan.push(500);
    expect(await sendDue()).toMatchObject({ retrying: 1 });
    await page.reload();
    const orderRow = page.getByTestId('delivery-row').filter({ hasText: 'Order placed' });
    await orderRow.waitFor();
    expect(await orderRow.textContent()).toContain('HTTP 500');
    expect(await orderRow.textContent()).toContain('Retrying');
    await orderRow.getByRole('button', { name: 'Details' }).click();
    await page.getByText('SO-8080').first().waitFor();
    await page.mouse.move(900, 10); // off the button: a hovered one is not what axe should judge
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'webhook-deliveries');

    await orderRow.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Order placed: sending again.').waitFor();
    expect(await sendDue()).toMatchObject({ delivered: 1 });
    await page.getByTestId('delivery-row').filter({ hasText: 'Order placed' }).filter({ hasText: 'Delivered' }).waitFor();
    const sent = received.at(-1)!;
    expect(new Webhook(secretText).verify(sent.body, sent.headers)).toMatchObject({
      type: 'order.created',
      data: { details: { number: 'SO-8080' } },
    });
  });
});

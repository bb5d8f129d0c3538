// The customer portal in real Chromium (docs/portal.md): a CSR makes a portal link on the account
// page (shown once), the customer opens it on a 390 × 844 phone, sees their order with its tracking
// link, fills the new-customer form across a reload, uploads a certificate and sends it — and the
// CSR finds the review task in My day and the upload on the account. The portal page asks nothing
// of any other origin.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { orders, settings, users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite, watchPageErrors } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('the customer portal in Chromium', () => {
  const suite = useE2eSuite('portal');
  let accountId = '';
  let portalPath = '';

  beforeAll(async () => {
    const db = suite.server.database.db;
    const [csr] = await db
      .insert(users)
      .values({ email: 'cora@example.test', name: 'Cora Service', roles: ['csr'], passwordHash: await hashPassword(PASSWORD) })
      .returning();
    await db.insert(users).values({ email: 'gil@example.test', name: 'Gil Manager', roles: ['gm'] });
    await db
      .insert(users)
      .values({ email: 'ada@example.test', name: 'Ada Admin', roles: ['admin'], passwordHash: await hashPassword(PASSWORD) });
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, {
      name: 'Harbor Instruments',
      kind: 'customer',
      currency: 'USD',
      team: [{ userId: csr!.id, role: 'csr' }],
    });
    accountId = account.id;
    const order = await createOrder(ctx, { accountId, number: 'SO-7101', amount: '1800.00', promisedDate: '2026-12-18' });
    // As the ERP reports a shipment: shipped with UPS, a tracking number.
    await db
      .update(orders)
      .set({ status: 'shipped', shippedAt: new Date(), carrier: 'UPS', trackingNumber: '1Z999AA10123456784' })
      .where(eq(orders.id, order.id));
    await createOrder(ctx, { accountId, number: 'SO-7102', amount: '950.00', promisedDate: '2027-01-08' });
  });

  it('the CSR makes a link, shown once with a copy button', async () => {
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/accounts/${accountId}`);
    const section = page.getByTestId('account-portal');
    await section.waitFor();
    await section.getByRole('button', { name: 'Create a portal link' }).click();
    const url = (await page.getByTestId('portal-link-url').textContent()) ?? '';
    expect(url).toMatch(/\/c\/[A-Za-z0-9_-]{43}$/);
    portalPath = new URL(url).pathname;
    await expect.poll(() => page.getByRole('button', { name: 'Copy link' }).count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-link-created');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await section.getByTestId('portal-link').first().waitFor();
    expect(await section.getByTestId('portal-link').first().textContent()).toContain('Opens until');
  });

  it('the customer sees their orders on a phone, fills the form across a reload and sends it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(15_000);
    suite.page = page;
    const errors = watchPageErrors(page);
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(suite.server.baseUrl)) foreign.push(r.url());
    });
    await page.goto(`${suite.server.baseUrl}${portalPath}`);
    await page.getByRole('heading', { name: 'Harbor Instruments' }).waitFor();
    await expect.poll(() => page.getByText('Order SO-7101').count()).toBe(1);
    await expect.poll(() => page.getByText('Order SO-7102').count()).toBe(1);
    const track = page.getByRole('link', { name: /Track UPS 1Z999AA10123456784/ });
    expect(await track.getAttribute('href')).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    await expect.poll(() => page.getByText('Cora Service').count()).toBe(1);
    await expect.poll(() => page.getByText('Gil Manager').count()).toBe(1);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-phone');
    await page.screenshot({ path: 'test-results/portal-phone-first-screen.png' });

    await page.getByLabel('Street and number').first().fill('12 Harbor Road');
    await page.getByLabel('City').first().fill('Portsmouth');
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Street and number').first().inputValue()).toBe('12 Harbor Road');
    expect(await page.getByLabel('City').first().inputValue()).toBe('Portsmouth');

    await page.getByLabel('Send invoices to the ship-to address').check();
    await page.getByLabel('Email').fill('ap@harbor.example');
    await page.getByLabel('PO requirements').fill('A PO number on every invoice, please. <script>alert(1)</script>');
    await page.getByLabel('Documents you need with every shipment').fill('Certificate of conformance');
    await page.getByLabel('Tax-exemption certificate, if you have one').setInputFiles({
      name: 'exemption-2026.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n'),
    });
    await page.getByText('Received: exemption-2026.pdf').waitFor();
    await page.getByRole('button', { name: 'Send to us' }).click();
    await page.getByText(/Thank you — we have your details/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-form-sent');
    await page.reload();
    expect(await page.getByLabel('PO requirements').inputValue()).toContain('<script>alert(1)</script>');
    await expect.poll(() => page.getByText('exemption-2026.pdf').count()).toBe(1);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the CSR finds the review task in My day', async () => {
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    await page.getByText('Review the new-customer details from Harbor Instruments').first().waitFor();
    await screenshot(page, 'portal-review-task');
    await page.goto(`${suite.server.baseUrl}/accounts/${accountId}`);
    await page.getByText('Customer portal: New-customer details').first().waitFor();
    const upload = page.getByTestId('portal-documents').getByRole('link', { name: 'exemption-2026.pdf' });
    expect(await upload.getAttribute('href')).toMatch(/^\/api\/v1\/accounts\/[0-9a-f-]{36}\/portal-documents\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('portal-link').first().textContent()).toContain('last opened');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'portal-account-after');
  });

  it('an admin sets how long a new link opens the portal', async () => {
    const page = await suite.signIn({ email: 'ada@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/admin/settings`);
    const days = page.getByLabel('A link opens the portal for (days)');
    expect(await days.inputValue()).toBe('90');
    await days.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const [row] = await suite.server.database.db.select({ days: settings.portalLinkDays }).from(settings);
    expect(row!.days).toBe(30);
  });

  it('a revoked link opens nothing: the customer sees the one page every bad link gets', async () => {
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/accounts/${accountId}`);
    const link = page.getByTestId('portal-link').first();
    await link.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => link.textContent()).toContain('Revoked');
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const customer = await context.newPage();
    suite.page = customer;
    const answer = await customer.goto(`${suite.server.baseUrl}${portalPath}`);
    expect(answer?.status()).toBe(404);
    await customer.getByRole('heading', { name: 'This link does not open a page' }).waitFor();
    expect(await accessibilityProblems(customer)).toEqual([]);
    await screenshot(customer, 'portal-link-revoked');
    await context.close();
  });
});

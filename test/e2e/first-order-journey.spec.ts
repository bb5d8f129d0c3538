// The walking skeleton's journey in real Chromium: setup link → first admin → sign in → an
// account with a contact and a hot button → its first order, marked as the audition → moved to
// in_production → the account timeline shows it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/domain/users/index.js';
import {
  accessibilityProblems,
  browserAvailable,
  launchBrowser,
  screenshot,
  startE2eServer,
  watchPageErrors,
  type E2eServer,
} from './support.js';

const canRun = browserAvailable();

/** Client-side navigation has no load event: wait until the path (and query) match. */
async function waitForPath(page: Page, pattern: RegExp): Promise<void> {
  await expect
    .poll(
      () => {
        const u = new URL(page.url());
        return u.pathname + u.search;
      },
      { timeout: 15_000 },
    )
    .toMatch(pattern);
}

describe.runIf(canRun)('first-order journey in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(15_000);
    pageErrors = watchPageErrors(page);
  });

  afterEach(async (context) => {
    // A failed step leaves a picture of the page behind, for whoever reads the CI log.
    if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates the first admin from the setup link, then signs out and in again', async () => {
    const token = await issueSetupToken({ db: server.database.db, now: new Date() });
    await page.goto(`${server.baseUrl}/setup/${token}`);
    await page.getByLabel('Your name').fill('Grace Manager');
    await page.getByLabel('Work email').fill('grace@example.test');
    // Mantine marks required labels with an asterisk, so labels are matched from their start.
    await page.getByLabel(/^Password(?! again)/).fill('a long enough password');
    await page.getByLabel(/^Password again/).fill('a long enough password');
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    await waitForPath(page, /^\/$/);
    await expect.poll(() => page.getByRole('button', { name: 'Account menu' }).textContent()).toContain('Grace Manager');

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await waitForPath(page, /^\/login/);
    await page.getByLabel(/^Email/).fill('grace@example.test');
    await page.getByLabel(/^Password/).fill('a long enough password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await waitForPath(page, /^\/$/);
  });

  let accountUrl = '';
  it('creates an account with a contact and a hot button', async () => {
    await page.goto(`${server.baseUrl}/accounts/new`);
    await page.getByLabel(/^Name/).fill('Tessaract Instruments');
    await page.getByLabel('Potential annual spend').fill('250000.00');
    await page.getByLabel('Acquisition cost').fill('12500.00');
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForPath(page, /^\/accounts\/[0-9a-f-]{36}$/);
    accountUrl = page.url();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toContain('Tessaract Instruments');

    await page.getByTestId('add-contact').click();
    await page.getByTestId('contact-name').fill('Maria Anders');
    await page.getByTestId('save-contact').click();
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);
    expect(await page.getByTestId('contact-row').textContent()).toContain('Maria Anders');

    await page.getByTestId('hot-button-input').fill('On-time delivery for their line start');
    await page.getByTestId('add-hot-button').click();
    await expect.poll(() => page.getByTestId('hot-button').count()).toBe(1);
    expect(await page.getByTestId('hot-button').textContent()).toContain('On-time delivery for their line start');
  });

  let orderUrl = '';
  it('creates the account’s first order and marks it as the audition everywhere', async () => {
    await page.getByRole('tab', { name: /Orders/ }).click();
    await page.getByTestId('account-new-order').click();
    await waitForPath(page, /^\/orders\/new\?accountId=/);
    await page.getByTestId('order-number').fill('SO-1001');
    await page.getByLabel('Promised date').fill('2030-01-15');
    await page.getByLabel('Line 1 description').fill('6-layer controller board');
    await page.getByLabel('Line 1 quantity').fill('40');
    await page.getByLabel('Line 1 unit price').fill('125.00');
    await page.getByTestId('create-order').click();
    await waitForPath(page, /^\/orders\/[0-9a-f-]{36}$/);
    orderUrl = page.url();
    await page.getByTestId('audition-mark').first().waitFor();
    expect(await page.getByTestId('acquisition-cost').textContent()).toContain('12,500.00');

    await page.goto(`${server.baseUrl}/orders`);
    const row = page.getByTestId('order-row').filter({ hasText: 'SO-1001' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('audition-mark').count()).toBe(1);
  });

  it('moves the order to in_production one lifecycle step at a time', async () => {
    await page.goto(orderUrl);
    await page.getByTestId('transition-data_review').click();
    await page.getByTestId('transition-in_production').click();
    await expect.poll(() => page.getByTestId('order-status-badge').first().textContent()).toMatch(/In production/i);
    await expect.poll(() => page.getByTestId('transition-shipped').count()).toBe(0);
  });

  it('shows the order’s events on the account timeline, newest first', async () => {
    await page.goto(accountUrl);
    const items = page.getByTestId('timeline-item');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(3);
    const texts = await items.allTextContents();
    expect(texts[0]).toMatch(/In production/i);
    expect(texts.some((t) => /SO-1001/.test(t))).toBe(true);
    const file = await screenshot(page, 'account-page');
    expect(file).toMatch(/account-page\.png$/);
    expect(pageErrors).toEqual([]);
  });
  it('lists the keyboard shortcuts on ? and moves between screens with g then a key', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('main').getByRole('heading').first().waitFor();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Go to Accounts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('g');
    await page.keyboard.press('o');
    await waitForPath(page, /^\/orders$/);
    // The list draws its search box once it has loaded; `/` then moves the focus there.
    await page.locator('[data-search]').waitFor();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate<boolean>(`document.activeElement?.hasAttribute('data-search') === true`)).toBe(true);
  });

  it('passes axe’s WCAG 2 A/AA checks on every main screen', async () => {
    const screens = [
      '/',
      '/accounts',
      accountUrl,
      '/orders',
      orderUrl,
      '/quotes',
      '/playbooks',
      '/imports',
      '/admin/users',
      '/admin/settings',
      '/tokens',
    ];
    const problems: string[] = [];
    for (const screen of screens) {
      await page.goto(screen.startsWith('http') ? screen : `${server.baseUrl}${screen}`);
      await page.getByRole('main').getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      for (const p of await accessibilityProblems(page)) problems.push(`${screen.replace(server.baseUrl, '')}: ${p}`);
      if (screen === '/admin/settings') await screenshot(page, 'settings-page');
    }
    expect(problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

// Every main screen on a 390 px phone (issue 13, docs/ux.md "Phones"): no page scrolls sideways and no
// element reaches past the screen's edge, unless it sits in a box that scrolls on its own (a wide
// table). On the order page the next action and the scorecard come before the lifecycle list, and
// the first-order mark is whole. The data is made with the use cases, as the API would.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { dispatchPendingEvents } from '../../src/domain/playbooks/index.js';
import { createQuote } from '../../src/domain/quotes/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { createWebhookEndpoint } from '../../src/domain/webhook-endpoints/index.js';
import { accessibilityProblems, browserAvailable, screenshot, watchPageErrors, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';
const PHONE = { width: 390, height: 844 };

/** What sticks out past the right edge of the screen: the page's scroll width and the widest offenders. */
interface Overflow {
  scrollWidth: number;
  offenders: string[];
}

/**
 * Measured in the page: the document's scroll width, and each visible element whose right edge
 * passes the screen's width, unless an ancestor clips or scrolls it sideways (a table in its
 * scroll box). A string, as in support.ts: the test project has no DOM types.
 */
const measureOverflow = (width: number) => `(() => {
  const width = ${width};
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      // A box that scrolls or clips sideways within the screen holds what is wider than it.
      if (getComputedStyle(up).overflowX !== 'visible' && up.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || rect.right <= width + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden' || clipped(el)) continue;
    const testId = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
    offenders.push(el.tagName.toLowerCase() + (testId ? '[data-testid=' + testId + ']' : '') + cls +
      ' right=' + Math.round(rect.right) + ' "' + (el.textContent ?? '').trim().slice(0, 40) + '"');
  }
  return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, offenders: offenders.slice(0, 8) };
})()`;

describe.runIf(canRun)('every main screen on a 390 px phone', () => {
  const suite = useE2eSuite('phone');
  let page: Page;
  const ids = { account: '', order: '', quote: '', endpoint: '' };

  beforeAll(async () => {
    const db = suite.server.database.db;
    await db.insert(users).values({
      email: 'ada@example.test',
      name: 'Ada Admin-Longname',
      roles: ['admin', 'csr', 'sales', 'quality', 'quality_manager', 'gm'],
      passwordHash: await hashPassword(PASSWORD),
    });
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, {
      name: 'Orbital Optics and Precision Instruments International',
      kind: 'customer',
      currency: 'USD',
      potentialAnnualSpend: '400000.00',
      acquisitionCost: '15000.00',
    });
    ids.account = account.id;
    const endpoint = await createWebhookEndpoint(ctx, {
      url: 'https://erp-integration.orbital-optics.example.com/api/v2/incoming/rapport-events?tenant=production',
      description: 'ERP production, order and quote events for the planning board',
      eventTypes: ['order.created', 'order.status_changed', 'order.shipped', 'quote.won', 'quote.lost'],
    });
    ids.endpoint = endpoint.id;
    const order = await createOrder(ctx, { accountId: account.id, number: 'SO-7001-LONG-REFERENCE', amount: '9000.00' });
    ids.order = order.id;
    const quote = await createQuote(ctx, { accountId: account.id, number: 'Q-2001-LONG-REFERENCE', amount: '12000.00' });
    ids.quote = quote.id;
    const dispatched = await dispatchPendingEvents({ db, now: new Date() });
    expect(dispatched.failed).toEqual([]);

    const context = await suite.browser.newContext({ viewport: PHONE });
    page = await context.newPage();
    suite.page = page;
    page.setDefaultTimeout(15_000);
    const errors = watchPageErrors(page);
    page.on('close', () => suite.pageErrors.push(...errors));
    await page.goto(`${suite.server.baseUrl}/login`);
    await page.getByLabel(/^Email/).fill('ada@example.test');
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${suite.server.baseUrl}/`);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  /** Opens a screen, waits for its content, and returns what sticks out. */
  async function visit(path: string, ready: string): Promise<Overflow> {
    await page.goto(`${suite.server.baseUrl}${path}`);
    await page
      .getByRole('heading', { name: new RegExp(ready) })
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    return page.evaluate<Overflow>(measureOverflow(PHONE.width));
  }

  const routes: [string, () => string, string][] = [
    ['My day', () => '/', 'My day|Today|All done|Nothing'],
    ['accounts', () => '/accounts', 'Accounts'],
    ['an account', () => `/accounts/${ids.account}`, 'Orbital Optics'],
    ['orders', () => '/orders', 'Orders'],
    ['an order', () => `/orders/${ids.order}`, 'SO-7001'],
    ['a new order', () => '/orders/new', 'New order'],
    ['quotes', () => '/quotes', 'Quotes'],
    ['a quote', () => `/quotes/${ids.quote}`, 'Q-2001'],
    ['the dashboard', () => '/dashboard', 'Dashboard|First orders'],
    ['imports', () => '/imports', 'Import'],
    ['a new import', () => '/imports/new', 'Import'],
    ['playbooks', () => '/playbooks', 'Playbooks'],
    ['a playbook', () => '/playbooks/paid-audition', 'audition'],
    ["a playbook's form view", () => '/playbooks/paid-audition?tab=edit', 'audition'],
    ['playbook runs', () => '/playbook-runs', 'runs'],
    ['the outbox', () => '/outbox', 'Outbox'],
    ['users', () => '/admin/users', 'Users'],
    ['settings', () => '/admin/settings', 'Settings'],
    ['message templates', () => '/admin/message-templates', 'templates'],
    ['ERP webhooks', () => '/admin/webhooks', 'webhooks'],
    ['outbound webhooks', () => '/admin/webhook-endpoints', 'Outbound webhooks'],
    ['an outbound webhook endpoint', () => `/admin/webhook-endpoints/${ids.endpoint}`, 'erp-integration'],
    ['failed jobs', () => '/admin/jobs', 'jobs'],
    ['API tokens', () => '/tokens', 'tokens'],
    ['the profile', () => '/profile', 'profile'],
  ];

  it.each(routes)('%s fits the screen', async (_name, path, ready) => {
    const overflow = await visit(path(), ready);
    expect(overflow.offenders).toEqual([]);
    expect(overflow.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(PHONE.width);
  });

  it('the order page puts the next action and the scorecard before the lifecycle, with the mark whole', async () => {
    await visit(`/orders/${ids.order}`, 'SO-7001');
    await page.getByTestId('order-scorecard').waitFor();
    const top = async (testId: string) => (await page.getByTestId(testId).first().boundingBox())?.y ?? Number.NaN;
    expect(await top('order-next-action')).toBeLessThan(await top('order-lifecycle'));
    expect(await top('order-scorecard')).toBeLessThan(await top('order-lifecycle'));
    const mark = page.getByTestId('audition-mark').first();
    const box = await mark.boundingBox();
    // Neither the badge nor its label is cut short (Mantine ends a squeezed label with "…").
    const isWhole = `[...document.querySelectorAll('[data-testid="audition-mark"], [data-testid="audition-mark"] *')].every((el) => el.scrollWidth <= el.clientWidth)`;
    expect(await page.evaluate<boolean>(isWhole)).toBe(true);
    expect(box?.width).toBeGreaterThan(50);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'phone-order-page');
  });
});

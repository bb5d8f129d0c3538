// The record forms in real Chromium — a contact added and changed, an order with no lines and its
// edit, a quote — and the request each sends. Their values and bodies are derived from the contract's
// declarations (web/src/lib/entity-form.ts); this pins what reaches the API, and that the server's
// errors and the form's own rules land on the fields they name.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { browserAvailable, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

async function waitForPath(page: Page, pattern: RegExp): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toMatch(pattern);
}

/** The body of the next API write matching method and path, sent while `act` runs. */
async function sentBy(page: Page, method: string, path: RegExp, act: () => Promise<void>): Promise<unknown> {
  const matches = (r: Request) => r.method() === method && path.test(new URL(r.url()).pathname);
  const [request] = await Promise.all([page.waitForRequest(matches), act()]);
  await request.response();
  return request.postDataJSON();
}

describe.runIf(canRun)('record forms in Chromium', () => {
  const suite = useE2eSuite('record-forms');
  let page: Page;
  let repId = '';
  let accountId = '';
  let orderUrl = '';

  beforeAll(async () => {
    const [rep] = await suite.server.database.db
      .insert(users)
      .values({ email: 'sam@example.test', name: 'Sam Rep', roles: ['admin', 'sales'], passwordHash: await hashPassword(PASSWORD) })
      .returning({ id: users.id });
    repId = rep!.id;
    page = await suite.signIn({ email: 'sam@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/accounts/new`);
    await page.getByLabel(/^Name/).fill('Lumen Labs');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    accountId = new URL(page.url()).pathname.split('/')[2]!;
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('adds a contact as a buyer, blanks as null, then clears its update limit', async () => {
    await page.getByTestId('add-contact').click();
    await page.getByTestId('contact-name').fill('Maria Anders');
    await page.getByLabel('Job title').fill('Purchasing lead');
    await page.getByLabel('Progress updates per week').fill('3');
    const created = await sentBy(page, 'POST', /\/contacts$/, () => page.getByTestId('save-contact').click());
    expect(created).toEqual({
      name: 'Maria Anders',
      externalRef: null,
      email: null,
      phone: null,
      title: 'Purchasing lead',
      roleAtCustomer: 'buyer',
      isPrimary: false,
      updateLimit: 3,
    });
    await expect.poll(() => page.getByTestId('contact-row').count()).toBe(1);

    await page.getByRole('button', { name: 'Edit Maria Anders' }).click();
    await page.getByLabel('Progress updates per week').fill('');
    const changed = await sentBy(page, 'PATCH', /^\/api\/v1\/contacts\//, () => page.getByTestId('save-contact').click());
    expect(changed).toEqual({ ...(created as object), updateLimit: null });
  });

  it('creates an order without lines, leaving its blanks out; a taken number is said on its field', async () => {
    await page.goto(`${suite.server.baseUrl}/orders/new?accountId=${accountId}`);
    await page.getByTestId('order-number').fill('SO-1');
    await page.getByRole('button', { name: 'Remove line 1' }).click();
    await page.getByTestId('order-amount').fill('120.00');
    await page.getByLabel('Lots').fill('2');
    const placedAt = await page.getByLabel('Placed on').inputValue();
    const body = await sentBy(page, 'POST', /^\/api\/v1\/orders$/, () => page.getByTestId('create-order').click());
    expect(body).toEqual({ accountId, number: 'SO-1', placedAt, amount: '120.00', category: 'product', lots: 2 });
    await waitForPath(page, /^\/orders\/[0-9a-f-]{36}$/);
    orderUrl = page.url();

    await page.goto(`${suite.server.baseUrl}/orders/new?accountId=${accountId}`);
    // Typed and sent at robot speed: the server's answer arrives before any check of the fields
    // as they were typed could, and must not be wiped by one.
    await page.getByTestId('order-number').fill('SO-1');
    await page.getByTestId('order-amount').fill('80.00');
    await page.getByLabel('Line 1 unit price').fill('80.00');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /^\/api\/v1\/orders$/.test(new URL(r.url()).pathname)),
      page.getByTestId('create-order').click(),
    ]);
    expect(refused.status()).toBe(409);
    await page.getByText('Is already taken').waitFor();
    await expect.poll(() => page.getByTestId('form-error').count()).toBe(0);
  });

  it('sends an order’s edit as only what changed', async () => {
    await page.goto(orderUrl);
    await page.getByTestId('edit-order-fields').click();
    await page.getByLabel('Promised date').fill('2030-02-01');
    await page.getByLabel('Lots').fill('');
    const body = await sentBy(page, 'PATCH', /^\/api\/v1\/orders\//, () => page.getByTestId('save-order-fields').click());
    expect(body).toEqual({ promisedDate: '2030-02-01', lots: null });
    await page.getByTestId('edit-order-fields').waitFor();
  });

  it('records a quote for the account by the signed-in rep, after asking for its amount', async () => {
    await page.goto(`${suite.server.baseUrl}/accounts/${accountId}?tab=quotes`);
    await page.getByTestId('account-new-quote').click();
    await page.getByTestId('quote-number').fill('Q-1');
    await page.getByTestId('create-quote').click();
    await page.getByText('Enter the quoted amount').waitFor();
    await page.getByTestId('quote-amount').fill(' 1500 ');
    const sentAt = await page.getByLabel('Sent on').inputValue();
    const body = await sentBy(page, 'POST', /^\/api\/v1\/quotes$/, () => page.getByTestId('create-quote').click());
    expect(body).toEqual({ accountId, number: 'Q-1', amount: '1500', sentAt, repId });
  });
});

// A new playbook from the screen (issue 13): an admin copies a built-in under a new key and name,
// or starts a blank one off an event picked from a list; each opens in the editor as its version 1.
// A key in use or not in the key's form is refused while typing. The editor's form view edits the
// steps as cards without YAML, and the YAML view shows the same document.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('a new playbook in Chromium', () => {
  const suite = useE2eSuite('new-playbook');
  let page: Page;

  beforeAll(async () => {
    await suite.server.database.db
      .insert(users)
      .values({ email: 'ada@example.test', name: 'Ada Admin', roles: ['admin'], passwordHash: await hashPassword(PASSWORD) });
    page = await suite.signIn({ email: 'ada@example.test', password: PASSWORD });
  });

  it('copies a built-in under a new key; a key in use is refused while typing', async () => {
    await page.goto(`${suite.server.baseUrl}/playbooks`);
    await page.getByTestId('new-playbook').click();
    const dialog = page.getByRole('dialog', { name: 'New playbook' });
    await dialog.getByTestId('new-playbook-from').click();
    await page.getByRole('option', { name: /A copy of Quote follow-up/ }).click();
    await dialog.getByTestId('new-playbook-name').fill('Quote follow-up for big quotes');
    await dialog.getByTestId('new-playbook-key').fill('quote-follow-up');
    await dialog.getByText('Another playbook has this key').waitFor();
    await dialog.getByTestId('new-playbook-key').fill('Big quotes');
    await dialog.getByText(/Key must be lower-case letters/).waitFor();
    await dialog.getByTestId('new-playbook-key').fill('big-quote-follow-up');
    expect(await dialog.getByTestId('new-playbook-note').textContent()).toMatch(/runs beside it/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'new-playbook-copy');
    await dialog.getByTestId('create-playbook').click();

    await expect.poll(() => new URL(page.url()).pathname).toBe('/playbooks/big-quote-follow-up');
    await page.getByRole('heading', { name: 'Quote follow-up for big quotes' }).waitFor();
    await page.getByRole('tab', { name: /Versions \(1\)/ }).waitFor();
    await page.goto(`${suite.server.baseUrl}/playbooks`);
    await page.getByTestId('playbook-row').filter({ hasText: 'big-quote-follow-up' }).waitFor();
  });

  it('says what starts a built-in in words: its event and its condition, with the threshold’s value', async () => {
    await page.goto(`${suite.server.baseUrl}/playbooks/paid-audition`);
    const condition = page.getByTestId('trigger-condition');
    await condition.waitFor();
    const line = (await condition.locator('..').textContent()) ?? '';
    expect(line).toMatch(
      /^Starts when an order is placed, if it is the account’s first order and the account’s potential annual spend is at least the paid-audition threshold \(\$[\d,]+\.00\)/,
    );
    expect(line).not.toContain('{');
  });

  it('starts a blank playbook off an event picked from a list', async () => {
    await page.goto(`${suite.server.baseUrl}/playbooks`);
    await page.getByTestId('new-playbook').click();
    const dialog = page.getByRole('dialog', { name: 'New playbook' });
    await dialog.getByTestId('new-playbook-name').fill('Welcome call');
    await dialog.getByTestId('new-playbook-key').fill('welcome-call');
    await dialog.getByTestId('new-playbook-event').click();
    await page.getByRole('option', { name: 'A customer answers a survey' }).click();
    await dialog.getByTestId('create-playbook').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/playbooks/welcome-call');
    await page.getByRole('heading', { name: 'Welcome call' }).waitFor();
    await page.getByRole('tab', { name: 'Steps (1)' }).click();
    await page.getByTestId('playbook-step').filter({ hasText: 'First step' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('changes a checklist without YAML: steps as cards, added, moved, gated; the YAML view shows the same document', async () => {
    await page.goto(`${suite.server.baseUrl}/playbooks/second-order-care?tab=edit`);
    const form = page.getByTestId('playbook-form');
    await form.waitFor();
    const cards = form.getByTestId('playbook-form-step');
    const before = await cards.count();
    await cards.first().getByTestId('step-title').fill('Call after the second order');
    await form.getByTestId('add-step').click();
    await expect.poll(() => cards.count()).toBe(before + 1);
    const added = cards.nth(before);
    await added.getByTestId('step-title').fill('Check the reorder went out on time');
    await added.getByTestId('step-due').fill('P3D');
    await expect.poll(() => added.getByText('3 days after it starts, in working days').count()).toBe(1);
    await added.getByTestId('step-gate').click();
    await page.getByRole('option', { name: 'Before the order moves to Shipped' }).click();
    await page.getByRole('button', { name: `Move step ${before + 1} up` }).click();
    await expect
      .poll(() =>
        cards
          .nth(before - 1)
          .getByTestId('step-title')
          .inputValue(),
      )
      .toBe('Check the reorder went out on time');
    // A bad offset is named at once, by the server's own rule.
    await cards
      .nth(before - 1)
      .getByTestId('step-due')
      .fill('3 days');
    await page
      .getByTestId('playbook-form-problems')
      .getByText(/due.offset: must be an ISO 8601 duration/)
      .waitFor();
    await cards
      .nth(before - 1)
      .getByTestId('step-due')
      .fill('P3D');
    await page.getByTestId('playbook-form-problems').waitFor({ state: 'detached' });
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'playbook-form-view');

    await page.getByTestId('playbook-view').getByText('YAML').click();
    const text = await page.getByTestId('playbook-source').inputValue();
    expect(text).toContain('title: Call after the second order');
    expect(text).toContain('gate: shipped');
    expect(text.indexOf('Check the reorder went out on time')).toBeLessThan(text.lastIndexOf('- key:'));
    await page.getByTestId('save-playbook').click();
    await page.getByRole('tab', { name: 'Versions (2)' }).waitFor();
  });
});

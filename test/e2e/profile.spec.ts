// Your profile in real Chromium (issue 9, defect 6): the password changes only with the current
// one, and the change ends the session in the other browser; "sign out everywhere else" does the
// same without a new password. Each test makes its own user.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('profile and password in Chromium', () => {
  const suite = useE2eSuite('profile');

  async function makeUser(name: string): Promise<string> {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`;
    await suite.server.database.db.insert(users).values({ email, name, roles: ['csr'], passwordHash: await hashPassword(PASSWORD) });
    return email;
  }

  async function signInAs(email: string, password = PASSWORD): Promise<Page> {
    return suite.signIn({ email, password });
  }

  async function isSignedOut(page: Page): Promise<boolean> {
    await page.goto(`${suite.server.baseUrl}/accounts`);
    await page.waitForLoadState('networkidle');
    return new URL(page.url()).pathname === '/login';
  }

  it('changes the password only with the current one, and the other browser is signed out', async () => {
    const email = await makeUser('Petra Profile');
    const laptop = await signInAs(email);
    const phone = await signInAs(email);
    await laptop.goto(`${suite.server.baseUrl}/profile`);
    await laptop.getByRole('heading', { name: 'Your profile' }).waitFor();
    await expect
      .poll(() =>
        laptop
          .getByRole('row')
          .filter({ hasText: /Chrome/ })
          .count(),
      )
      .toBe(2);
    await laptop.getByText('This browser').waitFor();

    await laptop.getByLabel(/^Current password/).fill('not the password at all');
    await laptop.getByLabel(/^New password(?! again)/).fill('my new travel phrase');
    await laptop.getByLabel(/^New password again/).fill('my new travel phrase');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await laptop.getByText('Is not your current password').waitFor();
    expect(await isSignedOut(phone)).toBe(false);

    await laptop.goto(`${suite.server.baseUrl}/profile`);
    await laptop.getByLabel(/^Current password/).fill(PASSWORD);
    await laptop.getByLabel(/^New password(?! again)/).fill('my new travel phrase');
    await laptop.getByLabel(/^New password again/).fill('my new travel phrase');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await laptop.getByText(/Password changed\. 1 other session ended/).waitFor();
    await screenshot(laptop, 'profile-password-changed');
    expect(await accessibilityProblems(laptop)).toEqual([]);

    expect(await isSignedOut(phone)).toBe(true);
    expect(await isSignedOut(laptop)).toBe(false);
    await signInAs(email, 'my new travel phrase');
  });

  it('signs out everywhere else from the profile, keeping this browser', async () => {
    const email = await makeUser('Otto Elsewhere');
    const desk = await signInAs(email);
    const other = await signInAs(email);
    await desk.goto(`${suite.server.baseUrl}/profile`);
    await desk.getByRole('button', { name: 'Sign out everywhere else' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Sign out everywhere else?' });
    await dialog.getByText(/Your 1 other session ends at once/).waitFor();
    await dialog.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await desk.getByText('1 other session ended.').waitFor();
    await expect
      .poll(() =>
        desk
          .getByRole('row')
          .filter({ hasText: /Chrome/ })
          .count(),
      )
      .toBe(1);
    expect(await isSignedOut(other)).toBe(true);
    expect(await isSignedOut(desk)).toBe(false);
  });
});

// The first hour on the sample company (issue 13), in real Chromium: `rapport demo`'s company is
// made on the test server's database (the same makeDemoCompany the command runs), its admin signs
// in with the password it returned, and "Sign in as" shows My day as the quality manager — who
// signs the held audition's double inspection, the second signature — as the GM, who sees this
// morning's escalations, and as a CSR. Each test signs in on its own.
import type { Browser, Page } from 'playwright-core';
import { Faker, en } from '@faker-js/faker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeDemoCompany, type MadeDemo } from '../../src/domain/demo/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
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

describe.runIf(canRun)('the sample company in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let demo: MadeDemo;
  const pageErrors: string[] = [];
  const pages: Page[] = [];
  /** The staff, by the name a newcomer picks: one per role the journey needs. */
  const who: Record<'qm' | 'gm' | 'csr', string> = { qm: '', gm: '', csr: '' };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    demo = await makeDemoCompany(
      { db: server.database.db, actor: { ...systemActor('rapport demo'), kind: 'cli' }, now: new Date() },
      { faker: new Faker({ locale: [en] }), graceHours: 24 },
    );
    const staff = await server.database.query<{ name: string; roles: string[]; open: number }>(`
      select u.name, u.roles, (select count(*)::int from tasks t where t.assignee_id = u.id and t.status = 'open') as open
        from users u where u.password_hash is null order by u.name`);
    who.qm = staff.find((u) => u.roles.includes('quality_manager'))!.name;
    who.gm = staff.find((u) => u.roles.includes('gm'))!.name;
    // The CSR with the most on their plate.
    who.csr = staff.filter((u) => u.roles.includes('csr')).sort((a, b) => b.open - a.open)[0]!.name;
  }, 240_000);

  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(pageErrors).toEqual([]);
  });

  async function signInAsAdmin(): Promise<Page> {
    const page = await signInFresh(browser, server.baseUrl, demo.admin, pageErrors);
    pages.push(page);
    return page;
  }

  /** Picks `name` in "Sign in as" and waits for their My day ("Good morning, Teri."). */
  async function switchTo(page: Page, name: string): Promise<void> {
    const box = page.getByRole('combobox', { name: 'Sign in as' });
    await box.click();
    await page.getByRole('option', { name, exact: true }).click();
    await expect.poll(() => box.inputValue()).toBe(name);
    await expect.poll(() => page.locator('main').textContent()).toContain(`, ${name.split(' ')[0]}.`);
  }

  it('signs the admin in with the password the demo printed, and offers "Sign in as" with every staff member', async () => {
    const page = await signInAsAdmin();
    const box = page.getByRole('combobox', { name: 'Sign in as' });
    expect(await box.inputValue()).toBe('Demo Admin');
    await box.click();
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThanOrEqual(37);
    await page.keyboard.press('Escape');
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('as the quality manager: the held audition waits for their signature, and signing it opens the lock', async () => {
    const page = await signInAsAdmin();
    await switchTo(page, who.qm);
    const held = page
      .locator('[data-testid="task-row"]', { hasText: demo.morning.orderRuns.blockedOrder! })
      .filter({ hasText: 'Double inspection' });
    await held.first().waitFor();
    expect(await held.first().textContent()).toMatch(/quality manager's signature missing/);
    await screenshot(page, 'demo-my-day-quality-manager');
    // The second signature, the quality manager's, from My day: the step is done and leaves the list.
    await held.first().getByTestId('signoff-button').click();
    await page.getByTestId('confirm-signoff').click();
    await expect.poll(() => held.count()).toBe(0);
    const [order] = await server.database.query<{ id: string }>(`select id from orders where number = $1`, [
      demo.morning.orderRuns.blockedOrder,
    ]);
    await page.goto(`${server.baseUrl}/orders/${order!.id}`);
    // Two signatures on the double inspection now, the quality manager's last.
    await expect.poll(() => page.getByTestId('signoff-list').first().textContent()).toMatch(new RegExp(`^Signed by .+\\), ${who.qm} \\(`));
    await screenshot(page, 'demo-held-audition-signed');
  });

  it("lets the admin open the quality manager's day to cover an absence, and a role's unassigned steps", async () => {
    const page = await signInAsAdmin();
    const whose = page.getByRole('combobox', { name: 'Whose day' });
    await whose.click();
    await page.getByRole('option', { name: who.qm, exact: true }).click();
    const first = who.qm.split(' ')[0]!;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${first}'s day`);
    expect(new URL(page.url()).searchParams.get('for')).not.toBeNull();
    await page.locator('[data-testid="task-row"]', { hasText: 'Double inspection' }).first().waitFor();
    await whose.click();
    await page.getByRole('option', { name: 'Shipping', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe("Shipping's day");
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it("as the GM: this morning's escalations come first", async () => {
    const page = await signInAsAdmin();
    await switchTo(page, who.gm);
    const overdue = page.getByTestId('task-group-overdue');
    await overdue.waitFor();
    await expect.poll(() => overdue.getByText(/^Overdue: /).count()).toBeGreaterThan(0);
    await screenshot(page, 'demo-my-day-gm');
  });

  it('as a CSR: their steps, or "all done" — never "no playbooks are running"', async () => {
    const page = await signInAsAdmin();
    await switchTo(page, who.csr);
    await expect
      .poll(async () => (await page.getByTestId('my-day-tasks').count()) + (await page.getByTestId('my-day-all-done').count()))
      .toBe(1);
    await expect.poll(() => page.getByText('no playbooks are running').count()).toBe(0);
    await screenshot(page, 'demo-my-day-csr');
    // Back to the admin from the CSR's session.
    await switchTo(page, 'Demo Admin');
    expect(await page.getByRole('combobox', { name: 'Sign in as' }).inputValue()).toBe('Demo Admin');
  });
});

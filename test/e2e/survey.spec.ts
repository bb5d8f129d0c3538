// A transaction survey in real Chromium (docs/surveys.md, docs/problems.md): the CSR sends the
// delivery survey about an order from the account page; the customer opens the link from the mail on
// a 390 × 844 phone, answers with a low score and a comment with markup in it, and is thanked; the
// CSR finds the answer on the account marked as a detractor's, the call in My day, and on the problem
// it opened records the root cause with origin "expectation set in the sale"; the GM opens the
// expectations report and sees the order's rep.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, messages, surveyInvitations, users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite, watchPageErrors } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';
const COMMENT = '<b>Late</b> and nobody called';

describe.runIf(canRun)('a transaction survey in Chromium', () => {
  const suite = useE2eSuite('survey');
  let accountId = '';

  beforeAll(async () => {
    const db = suite.server.database.db;
    const [csr] = await db
      .insert(users)
      .values({ email: 'cora@example.test', name: 'Cora Service', roles: ['csr'], passwordHash: await hashPassword(PASSWORD) })
      .returning();
    const [rep] = await db
      .insert(users)
      .values({ email: 'riley@example.test', name: 'Riley Rep', roles: ['sales'] })
      .returning();
    await db
      .insert(users)
      .values({ email: 'gina@example.test', name: 'Gina Manager', roles: ['gm'], passwordHash: await hashPassword(PASSWORD) });
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, {
      name: 'Harbor Instruments',
      kind: 'customer',
      currency: 'USD',
      team: [{ userId: csr!.id, role: 'csr' }],
    });
    accountId = account.id;
    await createOrder(ctx, { accountId, number: 'SO-7201', amount: '4200.00', repId: rep!.id });
    await db.insert(contacts).values({ accountId, name: 'Jane Buyer', email: 'jane@harbor.example', isPrimary: true });
  });

  it('sent from the account page, answered on a phone from the mailed link; the detractor’s problem worked by the CSR and found by the GM in the expectations report', async () => {
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    await page.goto(`${suite.server.baseUrl}/accounts/${accountId}?tab=surveys`);
    const send = page.getByTestId('send-survey');
    await send.waitFor();
    await send.getByRole('combobox', { name: 'Survey' }).click();
    await page.getByRole('option', { name: 'Your delivery' }).click();
    await send.getByRole('combobox', { name: 'To' }).click();
    await page.getByRole('option', { name: /Jane Buyer/ }).click();
    await send.getByRole('combobox', { name: 'About order (optional)' }).click();
    await page.getByRole('option', { name: /SO-7201/ }).click();
    await send.getByRole('button', { name: 'Send survey' }).click();
    await page.getByText('Your delivery to Jane Buyer').waitFor();

    // The mail as the customer gets it: its link.
    const db = suite.server.database.db;
    const [invitation] = await db.select().from(surveyInvitations).where(eq(surveyInvitations.accountId, accountId));
    const [mail] = await db.select().from(messages).where(eq(messages.id, invitation!.messageId!));
    const link = /(http\S+\/c\/[A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;

    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    phone.setDefaultTimeout(15_000);
    const errors = watchPageErrors(phone);
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Your delivery' }).waitFor();
    expect(await accessibilityProblems(phone)).toEqual([]);
    await screenshot(phone, 'survey-phone');
    await phone
      .getByRole('group', { name: /How satisfied are you/ })
      .getByText('1', { exact: true })
      .click();
    await phone
      .getByRole('group', { name: /How much effort/ })
      .getByText('6', { exact: true })
      .click();
    await phone.getByLabel('What is the one thing we should do better?').fill(COMMENT);
    await phone.getByRole('button', { name: 'Send my answer' }).click();
    await phone.getByText('Thank you — we have your answer.').waitFor();
    await screenshot(phone, 'survey-thanks');
    // The link takes one answer: opened again, it says so and asks nothing.
    await phone.goto(link);
    await phone.getByText('We have your answer already').waitFor();
    await expect.poll(() => phone.locator('form').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();

    await page.reload();
    const answer = page.getByTestId('survey-response');
    await answer.waitFor();
    await expect.poll(() => answer.getByText('Detractor').count()).toBe(1);
    await expect.poll(() => answer.getByText('CSAT 1/5').count()).toBe(1);
    // Markup the customer typed is text, not markup.
    expect(await answer.textContent()).toContain(COMMENT);
    await expect.poll(() => answer.locator('b').count()).toBe(0);
    await screenshot(page, 'survey-account');

    // The detractor's answer opened a problem at once: the CSR's call is in My day.
    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByText('Call Harbor Instruments to fix the customer').waitFor();
    await page.getByRole('link', { name: 'Problems' }).click();
    await page.getByTestId('problem-row').first().waitFor();
    await page.getByTestId('problem-row').first().getByRole('link').first().click();
    await page.getByTestId('problem-title').waitFor();
    expect(await page.getByTestId('problem-description').textContent()).toContain(COMMENT);
    const work = page.getByTestId('problem-work-form');
    await work.getByTestId('work-origin').click();
    await page.getByRole('option', { name: 'Expectation set in the sale' }).click();
    await work.getByLabel('Root cause').fill('The rep promised a two-day delivery; our lead time is five.');
    await work.getByTestId('save-problem').click();
    await expect.poll(() => page.getByTestId('responsible-proposed').textContent()).toContain('Riley Rep');

    const gm = await suite.signIn({ email: 'gina@example.test', password: PASSWORD });
    await gm.getByRole('link', { name: 'Dashboard' }).click();
    await gm.getByTestId('expectations-link').click();
    await gm.getByRole('heading', { name: 'Where problems come from' }).waitFor();
    await expect.poll(() => gm.getByTestId('by-responsible').innerText()).toMatch(/Riley Rep\s+1\s+100 %/);
    await screenshot(gm, 'survey-expectations');
  });

  it('the onboarding journey: started by hand from the account page, shown as a stepper with the stage’s checklist; the dashboard counts executive calls', async () => {
    const db = suite.server.database.db;
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const [cora] = await db.select().from(users).where(eq(users.email, 'cora@example.test'));
    const account = await createAccount(ctx, {
      name: 'Lakeside Labs',
      kind: 'customer',
      currency: 'USD',
      team: [{ userId: cora!.id, role: 'csr' }],
    });
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    const errors = watchPageErrors(page);
    await page.goto(`${suite.server.baseUrl}/accounts/${account.id}`);
    const journey = page.getByTestId('account-journey');
    await journey.getByText('It starts by itself when the first order is delivered.').waitFor();
    await journey.getByRole('button', { name: 'Start the journey now' }).click();
    await journey.getByText('Schedule the installation').waitFor();
    await expect.poll(() => journey.getByText(/Started .* by Cora Service/).count()).toBe(1);
    // Six stages, the first current; its open checklist item by item, for the team's CSR.
    for (const stage of ['Scheduling', 'Installation', 'Training', 'Technical support', 'Service contract', 'Parts and consumables'])
      await expect.poll(() => journey.getByText(stage, { exact: true }).count()).toBe(1);
    await expect.poll(() => journey.getByText('Site readiness confirmed (power, space, access)', { exact: false }).count()).toBe(1);
    await expect.poll(() => journey.getByText('Cora Service').count()).toBeGreaterThan(0);
    // Another stage, clicked: what it holds before it is reached.
    await journey.getByText('Installation', { exact: true }).click();
    await journey.getByText('Executive call: how did the installation go?').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'journey-account');
    expect(errors).toEqual([]);

    const gm = await suite.signIn({ email: 'gina@example.test', password: PASSWORD });
    await gm.getByRole('link', { name: 'Dashboard' }).click();
    const calls = gm.getByTestId('executive-calls');
    await calls.getByText('Overdue').waitFor();
    await screenshot(gm, 'journey-executive-calls');
  });
});

// Today's thank-you note in real Chromium: a CSR opens My day, finds the quiet customer suggested
// with the reason, makes the words their own and emails it — the note lands on the customer's
// timeline and in the outbox, and the card says the day's note is written.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, messages, thankYouNotes, users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('writing today’s thank-you note from My day in Chromium', () => {
  const suite = useE2eSuite('thank-you-note');
  let accountId = '';

  beforeAll(async () => {
    const db = suite.server.database.db;
    await db
      .insert(users)
      .values({ email: 'cora@example.test', name: 'Cora Service', roles: ['csr'], passwordHash: await hashPassword(PASSWORD) });
    const ctx = { db, actor: systemActor('e2e'), now: new Date() };
    const account = await createAccount(ctx, { name: 'Quiet Valves Ltd', kind: 'customer', currency: 'USD' });
    accountId = account.id;
    await db.insert(contacts).values({ accountId, name: 'Jane Buyer', email: 'jane@quiet.test', isPrimary: true, roleAtCustomer: 'buyer' });
    await createOrder(ctx, { accountId, number: 'SO-2019', amount: '800.00', placedAt: '2019-05-02T10:00:00Z' });
  });

  it('suggests the quiet customer with why, and sends the note in the CSR’s own words', async () => {
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    const card = page.getByTestId('todays-note');
    await card.waitFor();
    expect(await card.getByTestId('note-recipient').textContent()).toBe('Quiet Valves Ltd');
    expect(await card.getByTestId('note-why').textContent()).toMatch(/^Why: no order for \d+ years \(last on 2019-05-02\)$/);
    await card.getByTestId('start-note').click();
    expect(await card.getByTestId('note-body').inputValue()).toContain('Dear Jane');
    await expect.poll(() => card.getByLabel('0 of 1 written today').count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'todays-note');

    await card
      .getByTestId('note-body')
      .fill('Dear Jane,\n\nthank you for the valves order back in 2019 — we still use your feedback on the seals.');
    await card.getByText('Email Jane Buyer').click();
    await card.getByTestId('write-note').click();
    await card.getByTestId('note-written').waitFor();
    expect(await card.getByTestId('note-written').textContent()).toBe('Your note to Jane Buyer is on their timeline.');
    await card.getByLabel('1 of 1 written today').waitFor();
    await screenshot(page, 'todays-note-written');

    const [note] = await suite.server.database.db.select().from(thankYouNotes).where(eq(thankYouNotes.accountId, accountId));
    expect(note).toMatchObject({ channel: 'email', recipientKind: 'customer' });
    const [message] = await suite.server.database.db.select().from(messages).where(eq(messages.id, note!.messageId!));
    expect(message).toMatchObject({ to: 'jane@quiet.test', template: 'thank_you_note' });
    expect(message!.text).toContain('we still use your feedback on the seals');

    await page.goto(`${suite.server.baseUrl}/accounts/${accountId}`);
    await page.getByText('Thank-you note: Emailed to Jane Buyer').first().waitFor();
  });

  it('the habits page shows the note; a reply recorded there proposes a follow-up that becomes a task', async () => {
    const page = await suite.signIn({ email: 'cora@example.test', password: PASSWORD });
    await page.getByRole('link', { name: 'Thank-you notes' }).click();
    await page.getByTestId('habits-me').waitFor();
    expect(await page.getByTestId('habits-me').textContent()).toContain('My notes this week1');
    const notes = page.getByTestId('habits-notes');
    await notes.getByText('Quiet Valves Ltd').waitFor();
    await page.mouse.move(900, 10);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'habits');

    await notes.getByLabel('What came back from the note to Quiet Valves Ltd').click();
    await page.getByRole('option', { name: 'Replied' }).click();
    await notes.getByRole('button', { name: /^Add a follow-up for/ }).click();
    await notes.getByRole('button', { name: /^Add a follow-up for/ }).waitFor({ state: 'detached' });
    const [note] = await suite.server.database.db.select().from(thankYouNotes).where(eq(thankYouNotes.accountId, accountId));
    expect(note).toMatchObject({ outcome: 'replied' });
    expect(note!.followUpTaskId).not.toBeNull();
  });
});

// Importing a CSV through the UI in real Chromium, each test standing alone: a file of 3 accounts whose columns are not
// Rapport's names → kind and file → the mapping (one column picked by hand) → a dry run that
// would create 3 → the import → the accounts list shows them, and the imports history has it. Then
// dates as a file writes them, an Excel workbook's sheet picked and imported, and a flat sales export offered as "One file with everything".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { users } from '../../src/db/schema/index.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { hashPassword, issueSetupToken } from '../../src/domain/users/index.js';
import {
  accessibilityProblems,
  browserAvailable,
  launchBrowser,
  screenshot,
  signInFresh,
  startE2eServer,
  watchPageErrors,
  type E2eServer,
} from './support.js';

const canRun = browserAvailable();

/** Maps `field` to `column` on the mapping step, unless the wizard's guess already did (a second click would unmap it). */
async function pickColumn(page: Page, field: string, column: string): Promise<void> {
  const select = page.getByTestId(`mapping-select-${field}`);
  await select.waitFor();
  if ((await select.inputValue()) === column) return;
  await select.click();
  await page.getByRole('option', { name: column, exact: true }).click();
  await expect.poll(() => select.inputValue()).toBe(column);
}

async function waitForPath(page: Page, pattern: RegExp): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toMatch(pattern);
}

describe.runIf(canRun)('CSV import in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let dir: string;
  let csvFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rapport-e2e-import-'));
    csvFile = path.join(dir, 'customers.csv');
    // "organisation" is no synonym of name on purpose: the test maps it by hand.
    writeFileSync(
      csvFile,
      [
        'customer_id,organisation,city,country',
        'IMP01,Ostrava Gearworks,Ostrava,Czechia',
        'IMP02,"Lindqvist & Berg, AB",Malmö,Sweden',
        'IMP03,Pacific Valve Supply,Tacoma,USA',
      ].join('\r\n') + '\r\n',
    );
    server = await startE2eServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(15_000);
    pageErrors = watchPageErrors(page);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `failed-import-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // One journey, standing alone: the first admin made from the setup link imports a file of 3 accounts.
  it('creates the first admin from the setup link, who maps a file, dry runs and imports 3 accounts, then sees them and the import', async () => {
    const token = await issueSetupToken({ db: server.database.db, now: new Date() });
    await page.goto(`${server.baseUrl}/setup/${token}`);
    await page.getByLabel('Your name').fill('Ivy Importer');
    await page.getByLabel('Work email').fill('ivy@example.test');
    await page.getByLabel(/^Password(?! again)/).fill('a long enough password');
    await page.getByLabel(/^Password again/).fill('a long enough password');
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    await waitForPath(page, /^\/$/);

    // The file read, its columns mapped, a dry run, the import of 3 accounts.
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByTestId('new-import').click();
    await waitForPath(page, /^\/imports\/new$/);

    await page.getByTestId('import-kind-accounts').click();
    await page.getByTestId('import-file').setInputFiles(csvFile);
    await expect.poll(() => page.getByTestId('csv-preview').textContent()).toContain('Lindqvist & Berg, AB');
    await page.getByTestId('to-mapping').click();

    // customer_id is guessed as the external reference; the name column is picked by hand.
    await expect.poll(() => page.getByTestId('mapping-select-externalRef').inputValue()).toBe('customer_id');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await page.getByTestId('mapping-select-name').inputValue()).toBe('');
    await page.getByTestId('mapping-select-name').click();
    await page.getByRole('option', { name: 'organisation', exact: true }).click();
    await expect.poll(() => page.getByTestId('mapping-select-name').inputValue()).toBe('organisation');
    await page.getByTestId('to-check').click();

    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    expect(await page.getByTestId('dry-run-result').getByTestId('count-created').textContent()).toBe('3');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Nothing written by the dry run.
    const before = await page.evaluate(
      async () => (await fetch('/api/v1/accounts?limit=100')).json() as Promise<{ items: { externalRef: string | null }[] }>,
    );
    expect(before.items.filter((a) => a.externalRef?.startsWith('IMP'))).toEqual([]);

    await page.getByTestId('run-import').click();
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-result').getByTestId('count-created').textContent()).toBe('3');

    // The accounts in the list, the import in the history.
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await waitForPath(page, /^\/accounts$/);
    for (const name of ['Ostrava Gearworks', 'Lindqvist & Berg, AB', 'Pacific Valve Supply'])
      await page.getByText(name, { exact: true }).first().waitFor();

    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await waitForPath(page, /^\/imports$/);
    await expect.poll(() => page.getByTestId('import-row').count()).toBeGreaterThanOrEqual(1);
    expect((await page.getByTestId('import-row').allTextContents()).some((t) => t.includes('customers.csv'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  // Stands alone: its own importer, its own customer and file.
  it('reads the dates as the file writes them: asks when 03/01/19 reads two ways, suggests once a day above 12 settles it', async () => {
    const password = 'a long enough password';
    await server.database.db
      .insert(users)
      .values({ email: 'dana@example.test', name: 'Dana Dates', roles: ['operations'], passwordHash: await hashPassword(password) });
    await createAccount(
      { db: server.database.db, actor: systemActor('e2e'), now: new Date() },
      { name: 'Contoso Instruments', kind: 'customer', currency: 'USD', externalRef: 'DATES-1' },
    );
    const file = path.join(dir, 'us-orders.csv');
    writeFileSync(file, 'number,customer,order date,amount\nUS-1,DATES-1,03/01/19,10.00\nUS-2,DATES-1,04/02/19 14:05,20.00\n');
    const errors: string[] = [];
    const dates = await signInFresh(browser, server.baseUrl, { email: 'dana@example.test', password }, errors);
    const pick = (field: string, column: string) => pickColumn(dates, field, column);
    try {
      await dates.goto(`${server.baseUrl}/imports`);
      await dates.getByTestId('new-import').click();
      await dates.getByTestId('import-kind-orders').click();
      await dates.getByTestId('import-file').setInputFiles(file);
      await dates.getByTestId('to-mapping').click();
      await pick('accountRef', 'customer');
      await pick('placedAt', 'order date');
      // Every day is 12 or less: both readings named, no choice made for the user.
      const read = dates.getByTestId('dates-read');
      await expect.poll(() => read.textContent()).toContain('These dates read more than one way');
      expect(await read.textContent()).toContain('03/01/19 is 3 January 2019 as DD/MM/YY, or 1 March 2019 as MM/DD/YY');
      await read.getByRole('button', { name: 'MM/DD/YY' }).click();
      await expect.poll(() => read.textContent()).toContain('03/01/19 → 1 March 2019 · 04/02/19 14:05 → 2 April 2019, 14:05');
      expect(await read.textContent()).not.toContain('more than one way');
      expect(await dates.getByTestId('date-format').inputValue()).toBe('MM/DD/YY (03/31/26)');
      await dates.getByTestId('to-check').click();
      await dates.getByTestId('dry-run').click();
      await dates.getByTestId('dry-run-result').waitFor();
      expect(await dates.getByTestId('dry-run-result').getByTestId('count-created').textContent()).toBe('2');

      // A day above 12 settles it: the format is suggested, one click away.
      await dates.goto(`${server.baseUrl}/imports`);
      await dates.getByTestId('new-import').click();
      await dates.getByTestId('import-kind-orders').click();
      writeFileSync(file, 'number,customer,order date,amount\nEU-1,DATES-1,03/01/19,10.00\nEU-2,DATES-1,25/02/19,20.00\n');
      await dates.getByTestId('import-file').setInputFiles(file);
      await dates.getByTestId('to-mapping').click();
      await pick('accountRef', 'customer');
      await pick('placedAt', 'order date');
      await expect.poll(() => read.textContent()).toContain('These dates look like DD/MM/YY.');
      await read.getByRole('button', { name: 'Use DD/MM/YY' }).click();
      await expect.poll(() => read.textContent()).toContain('25/02/19 → 25 February 2019');
    } finally {
      await dates.close();
    }
    expect(errors).toEqual([]);
  });

  // Stands alone: its own importer, customer and workbook.
  it('imports an Excel workbook: the sheet picked from its sheets, date cells read as the days written', async () => {
    const password = 'a long enough password';
    await server.database.db
      .insert(users)
      .values({ email: 'wanda@example.test', name: 'Wanda Workbook', roles: ['operations'], passwordHash: await hashPassword(password) });
    await createAccount(
      { db: server.database.db, actor: systemActor('e2e'), now: new Date() },
      { name: 'Excel Instruments', kind: 'customer', currency: 'USD', externalRef: 'XL-1' },
    );
    const file = path.join(dir, 'orders.xlsx');
    await writeExcelFile([
      { sheet: 'Read me', data: [['Exported from the ERP']] },
      {
        sheet: 'Orders',
        data: [
          ['number', 'accountRef', 'placedAt', 'amount'],
          ['XL-100', 'XL-1', { value: new Date(Date.UTC(2019, 2, 1)), format: 'dd/mm/yyyy' }, 1863.4],
          ['XL-101', 'XL-1', { value: new Date(Date.UTC(2019, 2, 2, 14, 5)), format: 'dd/mm/yyyy hh:mm' }, 16.45],
        ],
      },
    ]).toFile(file);
    const errors: string[] = [];
    const wb = await signInFresh(browser, server.baseUrl, { email: 'wanda@example.test', password }, errors);
    try {
      await wb.goto(`${server.baseUrl}/imports`);
      await wb.getByTestId('new-import').click();
      await wb.getByTestId('import-kind-orders').click();
      await wb.getByTestId('import-file').setInputFiles(file);
      await expect.poll(() => wb.getByTestId('import-file-summary').textContent()).toContain('sheet “Read me”');
      await wb.getByTestId('import-sheet').click();
      await wb.getByRole('option', { name: 'Orders', exact: true }).click();
      await expect.poll(() => wb.getByTestId('import-file-summary').textContent()).toContain('sheet “Orders”');
      await expect.poll(() => wb.getByTestId('csv-preview').textContent()).toContain('2019-03-02 14:05');
      await wb.getByTestId('to-mapping').click();
      await expect.poll(() => wb.getByTestId('mapping-select-placedAt').inputValue()).toBe('placedAt');
      await wb.getByTestId('to-check').click();
      await wb.getByTestId('dry-run').click();
      await wb.getByTestId('dry-run-result').waitFor();
      expect(await wb.getByTestId('dry-run-result').getByTestId('count-created').textContent()).toBe('2');
      await wb.getByTestId('run-import').click();
      await wb.getByTestId('import-result').waitFor({ timeout: 30_000 });
      expect(await wb.getByTestId('import-result').getByTestId('count-created').textContent()).toBe('2');
      const rows = await server.database.query<{ number: string; placed: string; amount: string }>(
        `select number, to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as placed, amount::text from orders where number like 'XL-%' order by number`,
      );
      expect(rows).toEqual([
        { number: 'XL-100', placed: '2019-03-01 00:00', amount: '186340' },
        { number: 'XL-101', placed: '2019-03-02 14:05', amount: '1645' },
      ]);
    } finally {
      await wb.close();
    }
    expect(errors).toEqual([]);
  });

  // Stands alone: its own importer, customer and files.
  it('rounds four-decimal amounts when the dry run offers it, saves the mapping under a name, and maps the next export with it', async () => {
    const password = 'a long enough password';
    await server.database.db
      .insert(users)
      .values({ email: 'sam@example.test', name: 'Sam Saved', roles: ['operations'], passwordHash: await hashPassword(password) });
    await createAccount(
      { db: server.database.db, actor: systemActor('e2e'), now: new Date() },
      { name: 'Roundwood Labs', kind: 'customer', currency: 'USD', externalRef: 'RND-1' },
    );
    const first = path.join(dir, 'erp-january.csv');
    writeFileSync(first, 'Order ID,Customer ID,Order Date,Sales\nRND-100,RND-1,2019-03-01,16.448\nRND-101,RND-1,2019-03-02,20.00\n');
    const errors: string[] = [];
    const sam = await signInFresh(browser, server.baseUrl, { email: 'sam@example.test', password }, errors);
    const pick = (field: string, column: string) => pickColumn(sam, field, column);
    const start = async (file: string) => {
      await sam.goto(`${server.baseUrl}/imports`);
      await sam.getByTestId('new-import').click();
      await sam.getByTestId('import-kind-orders').click();
      await sam.getByTestId('import-file').setInputFiles(file);
      await sam.getByTestId('to-mapping').click();
    };
    try {
      await start(first);
      await pick('number', 'Order ID');
      await pick('accountRef', 'Customer ID');
      await pick('placedAt', 'Order Date');
      await pick('amount', 'Sales');
      await sam.getByTestId('mapping-name').fill('ERP sales');
      await sam.getByTestId('save-named-mapping').click();
      await expect.poll(() => sam.getByTestId('saved-mapping-note').textContent()).toContain('Saved “ERP sales”');
      expect(await sam.getByTestId('saved-mapping-note').textContent()).toContain('--map "ERP sales"');

      // 16.448 is refused; the dry run offers rounding, which checks again at once.
      await sam.getByTestId('to-check').click();
      await sam.getByTestId('dry-run').click();
      await sam.getByTestId('round-and-check').click();
      await sam.getByTestId('dry-run-result').waitFor();
      expect(await sam.getByTestId('dry-run-result').getByTestId('count-created').textContent()).toBe('2');
      expect(await sam.getByTestId('dry-run-result').getByTestId('rounded-summary').textContent()).toContain(
        "1 amount would be rounded to their currency's smallest unit (USD 1, in all +0.002)",
      );
      expect(await accessibilityProblems(sam)).toEqual([]);
      // Rounding is an option of the mapping: back on the columns it is ticked, and the saved mapping takes it.
      await sam.getByRole('button', { name: 'Back to columns' }).click();
      expect(await sam.getByTestId('round').isChecked()).toBe(true);
      await sam.getByTestId('save-named-mapping').click();
      await expect.poll(() => sam.getByTestId('saved-mapping-note').textContent()).toContain('Replaced “ERP sales”');
      await sam.getByTestId('to-check').click();
      await sam.getByTestId('dry-run').click();
      await sam.getByTestId('dry-run-result').waitFor();
      await sam.getByTestId('run-import').click();
      await sam.getByTestId('import-result').waitFor({ timeout: 30_000 });
      expect(await sam.getByTestId('import-result').getByTestId('rounded-summary').textContent()).toContain('1 amount rounded');

      // The next export: the saved mapping maps every column.
      const second = path.join(dir, 'erp-february.csv');
      writeFileSync(second, 'Order ID,Customer ID,Order Date,Sales\nRND-102,RND-1,2019-04-01,5.005\n');
      await start(second);
      await sam.getByTestId('saved-mapping-select').click();
      await sam.getByRole('option', { name: 'ERP sales', exact: true }).click();
      await expect.poll(() => sam.getByTestId('mapping-select-amount').inputValue()).toBe('Sales');
      expect(await sam.getByTestId('mapping-select-accountRef').inputValue()).toBe('Customer ID');
      expect(await sam.getByTestId('round').isChecked()).toBe(true);
      await sam.getByTestId('to-check').click();
      await sam.getByTestId('dry-run').click();
      await sam.getByTestId('dry-run-result').waitFor();
      expect(await sam.getByTestId('dry-run-result').getByTestId('count-created').textContent()).toBe('1');
      expect(await sam.getByTestId('dry-run-result').getByTestId('rounded-summary').textContent()).toContain('in all −0.005');
      const rows = await server.database.query<{ number: string; amount: string }>(
        `select number, amount::text from orders where number like 'RND-%' order by number`,
      );
      expect(rows).toEqual([
        { number: 'RND-100', amount: '1645' },
        { number: 'RND-101', amount: '2000' },
      ]);
    } finally {
      await sam.close();
    }
    expect(errors).toEqual([]);
  });

  // Stands alone: its own importer and workbook.
  it('a mapping file that names a workbook’s sheet switches to that sheet and maps its columns', async () => {
    const password = 'a long enough password';
    await server.database.db
      .insert(users)
      .values({ email: 'shea@example.test', name: 'Shea Sheets', roles: ['operations'], passwordHash: await hashPassword(password) });
    const file = path.join(dir, 'two-sheets.xlsx');
    await writeExcelFile([
      { sheet: 'Notes', data: [['Exported from the ERP']] },
      {
        sheet: 'Orders',
        data: [
          ['Order No', 'Cust', 'Date', 'Total'],
          ['SH-1', 'XL-1', '2019-03-01', 10],
        ],
      },
    ]).toFile(file);
    const mapping = path.join(dir, 'orders-sheet.json');
    writeFileSync(
      mapping,
      JSON.stringify({ fields: { number: 'Order No', accountRef: 'Cust', placedAt: 'Date', amount: 'Total' }, sheet: 'Orders' }),
    );
    const errors: string[] = [];
    const shea = await signInFresh(browser, server.baseUrl, { email: 'shea@example.test', password }, errors);
    try {
      await shea.goto(`${server.baseUrl}/imports`);
      await shea.getByTestId('new-import').click();
      await shea.getByTestId('import-kind-orders').click();
      await shea.getByTestId('import-file').setInputFiles(file);
      await expect.poll(() => shea.getByTestId('import-file-summary').textContent()).toContain('sheet “Notes”');
      await shea.getByTestId('to-mapping').click();
      await shea.getByTestId('load-mapping').setInputFiles(mapping);
      await expect.poll(() => shea.getByTestId('mapping-select-amount').inputValue()).toBe('Total');
      expect(await shea.getByTestId('mapping-select-placedAt').inputValue()).toBe('Date');
      expect(await shea.getByRole('status').filter({ hasText: 'Loaded orders-sheet.json' }).textContent()).toContain(
        'Its sheet, “Orders”, is the one read now.',
      );
    } finally {
      await shea.close();
    }
    expect(errors).toEqual([]);
  });

  // Stands alone: its own importer and file; the customers are new.
  it('offers "One file with everything" for a flat sales export read as orders, and imports its customers, orders and lines', async () => {
    const password = 'a long enough password';
    await server.database.db
      .insert(users)
      .values({ email: 'flo@example.test', name: 'Flo Flat', roles: ['operations'], passwordHash: await hashPassword(password) });
    const file = path.join(dir, 'sales-export.csv');
    writeFileSync(
      file,
      [
        'Order ID,Order Date,Ship Date,Customer ID,Customer Name,Product ID,Product Name,Quantity,Sales',
        'FLAT-1,03/01/19,07/01/19,FC-1,Flat Tools,P-1,Bracket,2,16.45',
        'FLAT-1,03/01/19,07/01/19,FC-1,Flat Tools,P-2,Hinge,3,11.78',
        'FLAT-1,03/01/19,07/01/19,FC-1,Flat Tools,P-3,Screw,10,2.50',
        'FLAT-2,14/02/19,,FC-2,Borel Flat SA,P-1,Bracket,1,8.22',
        'FLAT-3,28/02/19,,FC-1,Flat Tools,P-2,Hinge,1,3.93',
      ].join('\n') + '\n',
    );
    const errors: string[] = [];
    const flo = await signInFresh(browser, server.baseUrl, { email: 'flo@example.test', password }, errors);
    try {
      await flo.goto(`${server.baseUrl}/imports/new`);
      await flo.getByTestId('import-kind-orders').click();
      await flo.getByTestId('import-file').setInputFiles(file);
      // Read as orders, the file is said to be line-level; nothing switches until asked.
      await expect
        .poll(() => flo.getByTestId('shape-sales').textContent())
        .toContain('order FLAT-1 is on rows 2–4 with different products');
      expect(await flo.getByTestId('import-kind-orders').getAttribute('aria-checked')).toBe('true');
      await flo.getByTestId('use-sales').click();
      await expect.poll(() => flo.getByTestId('import-kind-sales').getAttribute('aria-checked')).toBe('true');
      await expect.poll(() => flo.getByTestId('shape-sales').count()).toBe(0);
      await flo.getByTestId('to-mapping').click();

      // The mapping proposed from the header; the dates' format suggested from a day above 12.
      await expect.poll(() => flo.getByTestId('mapping-select-number').inputValue()).toBe('Order ID');
      expect(await flo.getByTestId('mapping-select-sku').inputValue()).toBe('Product ID');
      expect(await flo.getByTestId('mapping-select-accountName').inputValue()).toBe('Customer Name');
      expect(await flo.getByTestId('mapping-select-lineAmount').inputValue()).toBe('Sales');
      const read = flo.getByTestId('dates-read');
      await read.getByRole('button', { name: 'Use DD/MM/YY' }).click();
      await expect.poll(() => read.textContent()).toContain('14/02/19 → 14 February 2019');
      expect(await accessibilityProblems(flo)).toEqual([]);
      await flo.getByTestId('to-check').click();

      await flo.getByTestId('dry-run').click();
      await flo.getByTestId('dry-run-result').waitFor();
      expect(await flo.getByTestId('breakdown').textContent()).toBe('Would import 2 new customers, 3 new orders, 5 new lines.');
      await flo.getByTestId('run-import').click();
      await flo.getByTestId('import-result').waitFor({ timeout: 30_000 });
      expect(await flo.getByTestId('import-result').getByTestId('breakdown').textContent()).toBe(
        'Imported 2 new customers, 3 new orders, 5 new lines.',
      );
      await flo.getByTestId('after-import-link').click();
      await waitForPath(flo, /^\/orders$/);
      await flo.getByText('FLAT-2', { exact: true }).first().waitFor();
    } finally {
      await flo.close();
    }
    expect(errors).toEqual([]);
  });
});

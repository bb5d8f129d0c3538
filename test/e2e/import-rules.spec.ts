// The import page keeps the import's rules in view (issue 9, defects 1 and 13): an older Excel
// export in Windows-1252 is recognised, previewed with its accents and imported as such; only an
// admin may pick "Users". Each test signs in its own user.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../contract/common.js';
import { users } from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { accessibilityProblems, browserAvailable, screenshot, useE2eSuite } from './support.js';

const canRun = browserAvailable();
const PASSWORD = 'a long enough password';

describe.runIf(canRun)('import rules on the import page in Chromium', () => {
  const suite = useE2eSuite('import-rules');
  let dir: string;

  async function signInAs(key: string, roles: Role[]): Promise<Page> {
    const email = `${key}@example.test`;
    await suite.server.database.db.insert(users).values({ email, name: key, roles, passwordHash: await hashPassword(PASSWORD) });
    return suite.signIn({ email, password: PASSWORD });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rapport-e2e-import-rules-'));
  });

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('recognises a Windows-1252 export, previews its accents and imports them right', async () => {
    const file = path.join(dir, 'excel-export.csv');
    // "Malmö" and "Zürich" in Windows-1252: ö is 0xF6, ü is 0xFC — not UTF-8.
    writeFileSync(
      file,
      Buffer.from('externalRef,name,city\r\nW01,Lindqvist Verktyg,Malm\xf6\r\nW02,Berner Pr\xe4zision,Z\xfcrich\r\n', 'latin1'),
    );
    const page = await signInAs('olga-ops', ['operations']);
    await page.goto(`${suite.server.baseUrl}/imports/new`);
    await page.getByTestId('import-kind-accounts').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('csv-preview').textContent()).toContain('Malmö');
    expect(await page.getByTestId('import-encoding').inputValue()).toBe('Windows-1252 / Latin-1 (older Excel)');
    await page.getByText(/The file is not UTF-8/).waitFor();
    await screenshot(page, 'import-windows-1252');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByTestId('to-mapping').click();
    await page.getByTestId('to-check').click();
    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    await page.getByTestId('run-import').click();
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
    const cities = (
      await suite.server.database.query<{ city: string }>(
        "select city from accounts where external_ref in ('W01', 'W02') order by external_ref",
      )
    ).map((r) => r.city);
    expect(cities).toEqual(['Malmö', 'Zürich']);
  });

  it('offers users only to an admin', async () => {
    const ops = await signInAs('oscar-ops', ['operations']);
    await ops.goto(`${suite.server.baseUrl}/imports/new`);
    await ops.getByText('Only an admin can import users: a users file sets roles.').waitFor();
    expect(await ops.getByTestId('import-kind-users').isDisabled()).toBe(true);
    const admin = await signInAs('ada-admin', ['admin']);
    await admin.goto(`${suite.server.baseUrl}/imports/new`);
    await admin.getByTestId('import-kind-users').waitFor();
    expect(await admin.getByTestId('import-kind-users').isDisabled()).toBe(false);
  });
});

// Browser journeys: the real app (built web UI included) on a fresh database, driven in Debian's
// Chromium through playwright-core. Without Chromium the suite is skipped loudly, unless
// RAPPORT_REQUIRE_BROWSER=1 (CI), where it fails.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { buildApp } from '../../src/http/app.js';
import { webDistFolder } from '../../src/paths.js';
import { openTestDatabase, testConfig } from '../support/app.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const REQUIRE_BROWSER = process.env['RAPPORT_REQUIRE_BROWSER'] === '1';
export const ARTIFACTS = path.resolve('test-results');

/** True when the browser suite can run; throws when it must run but cannot. */
export function browserAvailable(): boolean {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (apt-get install chromium)`);
  if (!existsSync(path.join(webDistFolder, 'index.html'))) missing.push('the built web UI (npm run build:web)');
  if (missing.length === 0) return true;
  if (REQUIRE_BROWSER) throw new Error(`The browser suite is required (RAPPORT_REQUIRE_BROWSER=1) but missing: ${missing.join('; ')}`);
  process.stderr.write(`\n*** Browser suite SKIPPED: missing ${missing.join('; ')} ***\n\n`);
  return false;
}

export interface E2eServer {
  app: FastifyInstance;
  database: Database;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const database = await openTestDatabase('pglite');
  const app = await buildApp({ database, config: testConfig(), serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Fails the journey on any error the page logs or throws (a broken screen must not pass). */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) errors.push(`console.error: ${msg.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The WCAG 2 A/AA problems axe-core finds on the page as it is now (docs/ux.md: "checked with axe in the
 * browser tests"), one line each: rule, impact, what it means and where. Empty when it passes.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the app's CSP (no inline scripts) still holds.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  // A dialog still fading in or out has colours mid-transition (contrast 1.03 on a closing modal):
  // check the page as it settles, not a frame of an animation.
  // Polled from here with evaluate (the DevTools protocol): waitForFunction would eval in the page, which the CSP forbids.
  for (let waited = 0; waited < 5000; waited += 50) {
    if (await page.evaluate<boolean>('document.getAnimations().every((a) => a.playState !== "running")')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const result = await page.evaluate<AxeResults>(
    `window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`,
  );
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')}${n.any[0]?.message ? ` [${n.any[0].message}]` : ''}`)
        .join(' | ')}`,
  );
}

/**
 * A new browser context (its own cookies) signed in through the login page. Its page errors are
 * added to `errors` when the page closes, so a journey can fail on them at the end.
 */
export async function signInFresh(
  browser: Browser,
  baseUrl: string,
  login: { email: string; password: string },
  errors: string[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const seen = watchPageErrors(page);
  page.on('close', () => errors.push(...seen));
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/^Email/).fill(login.email);
  await page.getByLabel(/^Password/).fill(login.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  for (let i = 0; i < 150 && new URL(page.url()).pathname !== '/'; i++) await page.waitForTimeout(100);
  if (new URL(page.url()).pathname !== '/') throw new Error(`sign-in as ${login.email} did not reach My day (at ${page.url()})`);
  return page;
}

export interface E2eSuite {
  /** The app on a fresh database, serving the built web UI (set before the spec's own beforeAll runs). */
  readonly server: E2eServer;
  readonly browser: Browser;
  /** Every page error and console error of the suite's pages; the suite fails on any at the end. */
  readonly pageErrors: string[];
  /** The page to photograph when a test fails (the one the test worked in last). */
  page: Page | null;
  /** A new browser context signed in through the login page; it becomes `page`. */
  signIn(login: { email: string; password: string }): Promise<Page>;
}

/**
 * One browser suite's set-up: registers the hooks every journey needs — the server and Chromium
 * before, a screenshot of `page` after a failed test (test-results/failed-<tag>-<test>.png), and at
 * the end both closed and no page error left unexplained. Call it first in the describe block, so
 * the spec's own beforeAll finds the server.
 */
export function useE2eSuite(tag: string): E2eSuite {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const suite: E2eSuite = {
    get server() {
      if (!server) throw new Error('the e2e server is not started yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    pageErrors: [],
    page: null,
    async signIn(login) {
      const page = await signInFresh(suite.browser, suite.server.baseUrl, login, suite.pageErrors);
      suite.page = page;
      return page;
    },
  };
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && suite.page && !suite.page.isClosed())
      await screenshot(suite.page, `failed-${tag}-${context.task.name.replace(/\W+/g, '-').slice(0, 50)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(suite.pageErrors).toEqual([]);
  });
  return suite;
}

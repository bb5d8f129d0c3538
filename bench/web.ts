// The first screen in a real browser (issue 13's "quick anywhere"): the built web UI served by the
// real app on the sample company (`rapport demo`'s makeDemoCompany, in memory), its admin signed
// in, then My day loaded cold (a new browser context each run: no cache) in Debian's Chromium.
// Figures: the JavaScript requested until My day shows its tasks — each file's gzip -9 size, the
// goal's unit, and what went over the wire (as the server compressed it, headers included) — and
// the time from navigation to the tasks on screen. Needs `npm run build:web` first.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Faker, en } from '@faker-js/faker';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { makeDemoCompany } from '../src/domain/demo/index.js';
import { systemActor } from '../src/domain/shared/index.js';
import { hashPassword } from '../src/domain/users/index.js';
import { buildApp } from '../src/http/app.js';
import { webDistFolder } from '../src/paths.js';

export const WEB_HEADING = '## The first screen in Chromium';
/** Issue 13: initial JS for My day under 200 KB gzip; My day ready within 1 s here. */
const GOAL_KIB = 200;
const GOAL_READY_MS = 1000;

/** Issue 14: the first route's JS under 250 KB gzip, for anyone who signs in. */
const GOAL_FIRST_ROUTE_KB = 250;

type Script = { file: string; gzipBytes: number; wireBytes: number };

export interface WebBenchResult {
  date: Date;
  runs: number;
  /** Scripts requested before My day showed its tasks (first run), as the demo's admin. */
  scripts: Script[];
  /** The same for a CSR of the sample company signed in with a password (no demo switch, no manager's pickers), one run. */
  csrScripts: Script[];
  /**
   * The first route's own JS: the entry and My day's screen with everything they import
   * statically — what must arrive before My day can draw, whoever signs in. Screens, dialogs and
   * pickers loaded on demand are not in it (they are in `scripts` when they load before the tasks show).
   */
  routeScripts: { file: string; gzipBytes: number }[];
  readyMs: number[];
}

/** The built files `roots` import statically (`import … from "./x.js"`), with themselves. */
function staticClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(path.join(webDistFolder, file), 'utf8');
    for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*["']\.\/([^"']+\.js)["']/g))
      visit(path.posix.join(path.posix.dirname(file), m[1]!));
  };
  for (const r of roots) visit(r);
  return [...seen];
}

const gzipSize = (file: string) => gzipSync(readFileSync(path.join(webDistFolder, file)), { level: 9 }).length;

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function runWebBench(input: { runs: number; log: (line: string) => void }): Promise<WebBenchResult> {
  if (!existsSync(path.join(webDistFolder, 'index.html'))) throw new Error('bench web: build the web UI first (npm run build:web)');
  const date = new Date();
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  input.log('  making the sample company');
  const demo = await makeDemoCompany(
    { db: database.db, actor: { ...systemActor('bench'), kind: 'cli' }, now: date },
    { faker: new Faker({ locale: [en] }), graceHours: 24 },
  );
  const config = loadConfig({ RAPPORT_DATA_DIR: '.tmp/unused', LOG_LEVEL: 'silent' }, { rateLimitPerMinute: 100_000_000 });
  const app = await buildApp({ database, config, logger: false, serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  // One of the sample company's CSRs, given a password of their own: they sign in as on a real
  // install, where nobody has the demo's "Sign in as".
  const [csr] = await database.query<{ email: string }>(
    `select email from users where roles = array['csr'] and active order by email limit 1`,
  );
  if (!csr) throw new Error('bench web: the sample company has no CSR');
  const csrLogin = { email: csr.email, password: randomBytes(12).toString('base64url') };
  await database.query(`update users set password_hash = $1 where email = $2`, [await hashPassword(csrLogin.password), csr.email]);
  const result: WebBenchResult = { date, runs: input.runs, scripts: [], csrScripts: [], routeScripts: [], readyMs: [] };
  try {
    // The admin's runs, then one as a CSR: what a person with no manager's pickers downloads.
    for (let i = 0; i <= input.runs; i++) {
      const asCsr = i === input.runs;
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      // Signed in through the API (the cookie lands in this context); the page itself loads cold.
      const login = await context.request.post(`${base}/api/v1/auth/login`, { data: asCsr ? csrLogin : demo.admin });
      if (!login.ok()) throw new Error(`bench web: sign-in failed (${login.status()})`);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const urls = new Map<string, string>();
      const wire = new Map<string, number>();
      let ready = false;
      cdp.on('Network.requestWillBeSent', (e) => {
        if (!ready && e.request.url.endsWith('.js')) urls.set(e.requestId, new URL(e.request.url).pathname);
      });
      cdp.on('Network.loadingFinished', (e) => {
        if (urls.has(e.requestId)) wire.set(e.requestId, e.encodedDataLength);
      });
      const started = performance.now();
      await page.goto(`${base}/`);
      await page.locator('[data-testid="my-day-tasks"], [data-testid="my-day-all-done"]').first().waitFor({ timeout: 30_000 });
      const readyMs = performance.now() - started;
      ready = true;
      if (i === 0 || asCsr) {
        await page.waitForLoadState('networkidle');
        const scripts = [...urls].map(([id, file]) => ({
          file,
          gzipBytes: gzipSize(file),
          wireBytes: wire.get(id) ?? 0,
        }));
        if (asCsr) result.csrScripts = scripts;
        else result.scripts = scripts;
        const roots = scripts.map((x) => x.file.replace(/^\//, '')).filter((f) => /\/(index|my-day-page)-[^/]+\.js$/.test(f));
        if (roots.length !== 2) throw new Error(`bench web: the entry and My day's chunk were not both requested (${roots.join(', ')})`);
        result.routeScripts = staticClosure(roots).map((file) => ({ file, gzipBytes: gzipSize(file) }));
      }
      await context.close();
      if (asCsr) {
        input.log(`  as a CSR: ${kib(result.csrScripts.reduce((t, x) => t + x.gzipBytes, 0))} KiB of JS`);
      } else {
        result.readyMs.push(readyMs);
        input.log(`  run ${i + 1}/${input.runs}: My day ready in ${Math.round(readyMs)} ms`);
      }
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
  return result;
}

export function renderWeb(r: WebBenchResult, machine: string): string {
  const gzip = r.scripts.reduce((s, x) => s + x.gzipBytes, 0);
  const csrGzip = r.csrScripts.reduce((s, x) => s + x.gzipBytes, 0);
  const routeGzip = r.routeScripts.reduce((s, x) => s + x.gzipBytes, 0);
  const onWire = r.scripts.reduce((s, x) => s + x.wireBytes, 0);
  const ready = median(r.readyMs);
  const biggest = [...r.scripts].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5);
  const verdict = (value: number, goal: number, unit: string) =>
    value <= goal ? `met (${(goal - value).toFixed(1)} ${unit} under)` : `**missed by ${(value - goal).toFixed(1)} ${unit}**`;
  return [
    WEB_HEADING,
    '',
    `bench/web.ts: the built web UI served by the app on the sample company (in-memory PGlite), its admin signed in, My day loaded cold in Chromium ${r.runs} times (a new context each run), then once as one of its CSRs (given a password: signed in as on a real install). Initial JS: the scripts requested until My day shows its tasks — the admin is a GM in a sample company, so theirs includes the "Sign in as" and "Whose day" pickers, which load on demand; a CSR's does not.`,
    '',
    `- Date: ${r.date.toISOString()}; machine: ${machine}`,
    '',
    '| figure | value | goal | verdict |',
    '|---|---:|---:|---|',
    `| initial JS, gzip -9 (the admin) | ${kib(gzip)} KiB in ${r.scripts.length} files | < ${GOAL_KIB} KiB (issue 13) | ${verdict(gzip / 1024, GOAL_KIB, 'KiB')} |`,
    `| initial JS, gzip -9 (a CSR) | ${kib(csrGzip)} KiB in ${r.csrScripts.length} files | < ${GOAL_KIB} KiB (issue 13) | ${verdict(csrGzip / 1024, GOAL_KIB, 'KiB')} |`,
    `| the first route's own JS, gzip -9 (the entry and My day's screen, with their static imports) | ${(routeGzip / 1000).toFixed(1)} kB = ${kib(routeGzip)} KiB in ${r.routeScripts.length} files | < ${GOAL_FIRST_ROUTE_KB} kB (issue 14) | ${verdict(routeGzip / 1000, GOAL_FIRST_ROUTE_KB, 'kB')} |`,
    `| initial JS over the wire (the server's compression, with headers) | ${kib(onWire)} KiB | | |`,
    `| My day ready, median | ${Math.round(ready)} ms (runs: ${r.readyMs.map((x) => Math.round(x)).join(', ')}) | < ${GOAL_READY_MS} ms | ${verdict(ready, GOAL_READY_MS, 'ms')} |`,
    '',
    `Largest: ${biggest.map((b) => `${path.basename(b.file)} ${kib(b.gzipBytes)} KiB`).join(', ')}.`,
    '',
  ].join('\n');
}

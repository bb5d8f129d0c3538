// The first screen in a real browser (issue 13's "quick anywhere"): the built web UI served by the
// real app on the sample company (`rapport demo`'s makeDemoCompany, in memory), its admin signed
// in, then My day loaded cold (a new browser context each run: no cache) in Debian's Chromium.
// Figures: the JavaScript requested until My day shows its tasks — each file's gzip -9 size, the
// goal's unit, and what went over the wire (as the server compressed it, headers included) — and
// the time from navigation to the tasks on screen. Needs `npm run build:web` first.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Faker, en } from '@faker-js/faker';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { makeDemoCompany } from '../src/domain/demo/index.js';
import { systemActor } from '../src/domain/shared/index.js';
import { buildApp } from '../src/http/app.js';
import { webDistFolder } from '../src/paths.js';

export const WEB_HEADING = '## The first screen in Chromium';
/** Issue 13: initial JS for My day under 200 KB gzip; My day ready within 1 s here. */
const GOAL_KIB = 200;
const GOAL_READY_MS = 1000;

export interface WebBenchResult {
  date: Date;
  runs: number;
  /** Scripts requested before My day showed its tasks (first run). */
  scripts: { file: string; gzipBytes: number; wireBytes: number }[];
  readyMs: number[];
}

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
  const result: WebBenchResult = { date, runs: input.runs, scripts: [], readyMs: [] };
  try {
    for (let i = 0; i < input.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      // Signed in through the API (the cookie lands in this context); the page itself loads cold.
      const login = await context.request.post(`${base}/api/v1/auth/login`, { data: demo.admin });
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
      result.readyMs.push(performance.now() - started);
      ready = true;
      if (i === 0) {
        await page.waitForLoadState('networkidle');
        result.scripts = [...urls].map(([id, file]) => ({
          file,
          gzipBytes: gzipSync(readFileSync(path.join(webDistFolder, file)), { level: 9 }).length,
          wireBytes: wire.get(id) ?? 0,
        }));
      }
      await context.close();
      input.log(`  run ${i + 1}/${input.runs}: My day ready in ${Math.round(result.readyMs.at(-1)!)} ms`);
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
  return result;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

export function renderWeb(r: WebBenchResult, machine: string): string {
  const gzip = r.scripts.reduce((s, x) => s + x.gzipBytes, 0);
  const onWire = r.scripts.reduce((s, x) => s + x.wireBytes, 0);
  const ready = median(r.readyMs);
  const biggest = [...r.scripts].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5);
  const verdict = (value: number, goal: number, unit: string) =>
    value <= goal ? `met (${(goal - value).toFixed(1)} ${unit} under)` : `**missed by ${(value - goal).toFixed(1)} ${unit}**`;
  return [
    WEB_HEADING,
    '',
    `bench/web.ts: the built web UI served by the app on the sample company (in-memory PGlite), its admin signed in, My day loaded cold in Chromium ${r.runs} times (a new context each run). Initial JS: the scripts requested until My day shows its tasks — the admin is a GM in a sample company, so it includes the "Sign in as" and "Whose day" pickers, which load on demand.`,
    '',
    `- Date: ${r.date.toISOString()}; machine: ${machine}`,
    '',
    '| figure | value | goal | verdict |',
    '|---|---:|---:|---|',
    `| initial JS, gzip -9 | ${kib(gzip)} KiB in ${r.scripts.length} files | < ${GOAL_KIB} KiB | ${verdict(gzip / 1024, GOAL_KIB, 'KiB')} |`,
    `| initial JS over the wire (the server's compression, with headers) | ${kib(onWire)} KiB | | |`,
    `| My day ready, median | ${Math.round(ready)} ms (runs: ${r.readyMs.map((x) => Math.round(x)).join(', ')}) | < ${GOAL_READY_MS} ms | ${verdict(ready, GOAL_READY_MS, 'ms')} |`,
    '',
    `Largest: ${biggest.map((b) => `${path.basename(b.file)} ${kib(b.gzipBytes)} KiB`).join(', ')}.`,
    '',
  ].join('\n');
}

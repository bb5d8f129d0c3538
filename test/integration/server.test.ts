// `rapport start` as a process sees it: startServer opens the folder, migrates, runs HTTP and the
// jobs; close() (what SIGTERM/SIGINT call) stops the jobs before the database, releases the
// folder lock and leaves a database the next start opens cleanly.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { startServer } from '../../src/http/server.js';
import { testConfig } from '../support/app.js';

vi.setConfig({ testTimeout: 240_000 });

const dir = path.resolve('.tmp', `server-${randomBytes(4).toString('hex')}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rapport start on the embedded database', () => {
  it('serves, prints the setup link, and on close stops the jobs, closes the database and frees the folder', async () => {
    // Every interval started while the server runs (the job runner's pump, pg-boss's own), and every one stopped.
    const started = vi.spyOn(globalThis, 'setInterval');
    const stopped = [vi.spyOn(globalThis, 'clearInterval'), vi.spyOn(globalThis, 'clearTimeout')];
    const lines: string[] = [];
    const server = await startServer({ config: testConfig({ dataDir: dir, port: 0, host: '127.0.0.1' }), print: (l) => lines.push(l) });
    expect(server.jobs).toBeDefined();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(lines.join('\n')).toMatch(/\/setup\/[A-Za-z0-9_-]{20,}/);
    const intervals = started.mock.results.map((r) => r.value as NodeJS.Timeout);
    expect(intervals.length).toBeGreaterThan(0);

    // Regression: close() once left the job runner's once-a-second pump running against the closed
    // database, so the process never exited on SIGTERM. Nothing that keeps a process alive is left:
    // no interval still running, no server or socket (their handles close on the next turn).
    const logged = vi.spyOn(server.app!.log, 'error');
    await server.close();
    const cleared = new Set(stopped.flatMap((spy) => spy.mock.calls.map((c) => c[0])));
    expect(intervals.filter((t) => t.hasRef() && !cleared.has(t))).toEqual([]);
    // A closed handle is released in the close phase of the loop turn, which runs after the check
    // phase where a first setImmediate resumes (pg-boss 10's stop() happened to span a turn more).
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP'))).toEqual([]);
    expect(logged.mock.calls.map((c) => String(c[1]))).toEqual([]);
    for (const spy of [started, ...stopped]) spy.mockRestore();

    const again = await openDatabase({ dataDir: dir });
    const rows = await again.query<{ n: number }>('select count(*)::int as n from users');
    expect(rows[0]!.n).toBe(0);
    await again.close();
  });
});

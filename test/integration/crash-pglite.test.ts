// Crash safety on the embedded database (issue 9): the real server (`rapport start`, the built
// CLI) on a temp data folder takes a stream of API writes and is killed with SIGKILL in the middle
// of it — no checkpoint, no close, its folder lock left behind, as after an OOM kill. Started again
// on the same folder at once, it must start on the first try (the lock names a dead process, so it
// is taken over without waiting) and every write it acknowledged must be there.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, rapportBin, root } from '../support/built-cli.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-pglite-'));
const email = 'crash@example.test';
const password = 'correct horse battery staple';
// The embedded database: no DATABASE_URL, whatever the test run has.
const { DATABASE_URL: _unused, ...inherited } = process.env;
const env = { ...inherited, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' };

/** `rapport …args` to completion; rejects with its stderr when it fails. */
async function rapport(args: string[], stdin: string): Promise<void> {
  const proc = spawn(process.execPath, [rapportBin, ...args], { cwd: root, env, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  proc.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (code !== 0) throw new Error(`rapport ${args.join(' ')} exited ${code}: ${stderr}`);
}

interface Server {
  proc: ChildProcess;
  base: string;
  exited: Promise<void>;
}

const servers: Server[] = [];

/** `rapport start` on the data folder; resolves once it listens, rejects if it exits before. */
async function startServer(): Promise<Server> {
  const proc = spawn(process.execPath, [rapportBin, 'start', '--data-dir', dataDir, '--port', '0'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const port = /Rapport is running at http:\/\/[^:/]+:(\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    void exited.then(() => reject(new Error(`rapport start exited before it served: ${err}${out}`)));
  });
  const server = { proc, base, exited };
  servers.push(server);
  return server;
}

async function signIn(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const session = /rapport_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: `rapport_session=${session}`, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

describe('the embedded database killed with SIGKILL during API writes', () => {
  beforeAll(async () => {
    await ensureBuilt();
    await rapport(
      ['admin', 'create', '--email', email, '--name', 'Crash Tester', '--password-stdin', '--data-dir', dataDir],
      `${password}\n`,
    );
  }, 180_000);

  afterAll(async () => {
    for (const s of servers) {
      if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
      await s.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts again on the same folder at once, with every write it acknowledged', async () => {
    const first = await startServer();
    const headers = await signIn(first.base);
    const acknowledged: { id: string; name: string }[] = [];
    let killed = false;

    // Four lanes of creates, each with an Idempotency-Key as a careful client sends; a lane ends
    // at its first failed request once the server is dead (connection refused or reset).
    const lane = async (n: number) => {
      for (let i = 0; ; i++) {
        const name = `Crash ${n}-${i}`;
        try {
          const res = await fetch(`${first.base}/api/v1/accounts`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': randomUUID() },
            body: JSON.stringify({ name }),
          });
          if (res.status === 201) acknowledged.push({ id: ((await res.json()) as { id: string }).id, name });
          else if (!killed) throw new Error(`a write before the crash answered ${res.status}: ${await res.text()}`);
        } catch (err) {
          if (killed) return;
          throw err;
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(lane);
    await expect.poll(() => acknowledged.length, { timeout: 20_000, interval: 10 }).toBeGreaterThanOrEqual(150);
    killed = true;
    first.proc.kill('SIGKILL');
    await first.exited;
    await Promise.all(lanes);
    expect(first.proc.signalCode).toBe('SIGKILL');

    // One start, no retries: the lock of the killed process must not stand in the way.
    const second = await startServer();
    const after = await signIn(second.base);
    const missing: string[] = [];
    for (const a of acknowledged) {
      const res = await fetch(`${second.base}/api/v1/accounts/${a.id}`, { headers: after });
      if (res.status !== 200 || ((await res.json()) as { name: string }).name !== a.name) missing.push(`${a.name} (${res.status})`);
    }
    expect(missing).toEqual([]);

    const res = await fetch(`${second.base}/api/v1/accounts`, {
      method: 'POST',
      headers: { ...after, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ name: 'After the crash' }),
    });
    expect(res.status).toBe(201);
  }, 60_000);
});

// Crash safety on PostgreSQL (issue 9): the database server is stopped with `pg_ctl stop -m
// immediate` (no checkpoint, no goodbye to clients: what a power cut or an OOM kill does) while
// the API takes writes. After a restart every write the API acknowledged is there, and the same
// app serves again without a restart of its own. Runs on a private cluster made for the test
// (initdb in a temp folder, its own port), so the shared server is never touched. Registered only
// where the PostgreSQL suite runs; its binaries missing there is a failure, not a skip.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { users } from '../../src/db/schema/index.js';
import { buildApp } from '../../src/http/app.js';
import { hashPassword } from '../../src/domain/users/index.js';
import { engines, testConfig } from '../support/app.js';

/** The newest installed PostgreSQL's binaries (Debian keeps them out of PATH). */
function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = versions.map((v) => path.join(root, v, 'bin')).find((d) => existsSync(path.join(d, 'pg_ctl')));
  if (!dir) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql: apt-get install postgresql');
  return dir;
}

const isRoot = process.getuid?.() === 0;

/** initdb and pg_ctl refuse to run as root: run them as the postgres user then. */
function pgCtl(tool: string, args: string[]): string {
  const bin = path.join(pgBin(), tool);
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

class PrivateCluster {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-pg-'));
  readonly data = path.join(this.dir, 'data');
  port = 0;

  async init(): Promise<void> {
    this.port = await freePort();
    if (isRoot) {
      const { uid, gid } = userIds('postgres');
      chownSync(this.dir, uid, gid);
    }
    pgCtl('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    this.start();
  }

  start(): void {
    // fsync stays on (the default): acknowledged means on disk, which is what is being tested.
    pgCtl('pg_ctl', [
      '-D',
      this.data,
      '-w',
      '-t',
      '60',
      '-l',
      path.join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  }

  crash(): void {
    pgCtl('pg_ctl', ['-D', this.data, '-m', 'immediate', 'stop']);
  }

  url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  remove(): void {
    try {
      pgCtl('pg_ctl', ['-D', this.data, '-m', 'immediate', 'stop']);
    } catch {
      // not running
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function userIds(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

describe.runIf(engines.includes('postgres'))('PostgreSQL stopped with -m immediate during API writes', () => {
  const cluster = new PrivateCluster();
  let database: Database;
  let app: FastifyInstance;
  let headers: Record<string, string>;

  beforeAll(async () => {
    await cluster.init();
    database = await openDatabase({ databaseUrl: cluster.url(), poolSize: 4 });
    await database.migrate();
    app = await buildApp({ database, config: testConfig(), serveWeb: false });
    await app.ready();
    const email = 'crash@example.test';
    const password = 'correct horse battery staple';
    await database.db.insert(users).values({ email, name: 'Crash Tester', roles: ['admin'], passwordHash: await hashPassword(password) });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const cookie = `rapport_session=${login.cookies.find((c) => c.name === 'rapport_session')!.value}`;
    headers = { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close().catch(() => undefined);
    cluster.remove();
  });

  it('keeps every write it acknowledged, and serves again once the server is back', async () => {
    const acknowledged: { id: string; name: string }[] = [];
    let refused = 0;
    const refusedStatuses = new Set<string>();
    let crashed = false;
    let stop = false;

    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const name = `Crash ${lane}-${i}`;
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          headers: { ...headers, 'idempotency-key': randomUUID() },
          payload: { name },
        });
        if (res.statusCode === 201) acknowledged.push({ id: res.json<{ id: string }>().id, name });
        else {
          refused += 1;
          refusedStatuses.add(`${res.statusCode} ${res.json<{ code?: string }>().code ?? ''}`);
        }
        // While the server is down a refused write is expected; never a hang.
        if (crashed && refused > 20) return;
      }
    };
    const lanes = [0, 1, 2, 3].map(writer);
    await expect.poll(() => acknowledged.length, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(60);
    cluster.crash();
    crashed = true;
    const ackedBeforeCrash = acknowledged.length;
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(lanes);
    cluster.start();
    // The same app, the same pool: connections the crash broke are replaced on the next query.
    await expect
      .poll(async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode, { timeout: 30_000, interval: 200 })
      .toBe(200);
    expect(refused).toBeGreaterThan(0);
    // Refused while the server was down: a problem saying so, never a hang or a bare 500.
    expect([...refusedStatuses]).toEqual(['503 database.unavailable']);
    const rows = await database.query<{ id: string; name: string }>('select id, name from accounts');
    const stored = new Map(rows.map((r) => [r.id, r.name]));
    const missing = acknowledged.filter((a) => stored.get(a.id) !== a.name);
    expect(missing).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ackedBeforeCrash);
    const after = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      payload: { name: 'After the crash' },
    });
    expect(after.statusCode, after.body).toBe(201);
    // No connection the crash broke stays checked out (a leaked one made closing the app hang).
    const pool = database.pool!;
    expect(pool.totalCount - pool.idleCount).toBe(0);
  }, 120_000);
});

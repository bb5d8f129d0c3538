// Crash safety of an import (issue 9): `rapport import orders` (the built CLI, as a user runs it)
// is killed with SIGKILL once it has written rows, on each engine. Nothing of the file may be
// visible afterwards, the import record must read as failed with the reason, and running the
// same command again must import the whole file. On PGlite the next open also has to take over
// the folder lock the killed process left (data-lock.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { failInterruptedImports, INTERRUPTED_IMPORT_ERROR, listImports } from '../../src/domain/imports/index.js';
import { createTestPostgresDatabase, countRows, engines } from '../support/app.js';
import { ensureBuilt, rapportBin, root } from '../support/built-cli.js';
import type { Engine } from '../support/engines.js';

// Enough that the import is still writing when the first progress line says rows were written
// (every 20,000 lines): the kill lands inside its transaction.
const ROWS = 50_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-import-'));
const file = path.join(tmp, 'orders.csv');
const { DATABASE_URL: _unused, ...inherited } = process.env;

beforeAll(async () => {
  await ensureBuilt();
  const lines = ['number,accountRef,placedAt,amount,shippedAt'];
  for (let i = 1; i <= ROWS; i++) lines.push(`K-${i},A-${(i % 2) + 1},2026-01-05,${i}.00,${i % 3 === 0 ? '2026-01-09' : ''}`);
  writeFileSync(file, lines.join('\n') + '\n');
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Target {
  env: NodeJS.ProcessEnv;
  args: string[];
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function targetFor(engine: Engine): Promise<Target> {
  if (engine === 'pglite') {
    const dataDir = path.join(tmp, 'data');
    const seed = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await seed.close();
    return {
      env: inherited,
      args: ['--data-dir', dataDir],
      open: () => openDatabase({ dataDir }),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const pg = await createTestPostgresDatabase();
  return {
    env: { ...inherited, DATABASE_URL: pg.url },
    args: [],
    open: () => openDatabase({ databaseUrl: pg.url, poolSize: 2 }),
    drop: pg.drop,
  };
}

/** `rapport import orders FILE`; `killWhen` sees stderr as it grows and says when to SIGKILL the process. */
function runImport(
  target: Target,
  killWhen?: (stderr: string) => boolean,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const proc = spawn(process.execPath, [rapportBin, 'import', 'orders', file, ...target.args], {
    cwd: root,
    env: { ...target.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (killWhen?.(stderr) && proc.exitCode === null) proc.kill('SIGKILL');
  });
  proc.stdout.resume();
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

/** True once a progress line says rows were written ("…, 40,000 written" or "writing 20,000 of …"). */
function hasWritten(stderr: string): boolean {
  return [...stderr.matchAll(/([\d,]+) written|writing ([\d,]+) of/g)].some((m) => Number((m[1] ?? m[2])!.replace(/,/g, '')) > 0);
}

describe.each(engines)('an orders import killed with SIGKILL on %s', (engine) => {
  let target: Target;
  beforeAll(async () => {
    target = await targetFor(engine);
    const db = await target.open();
    try {
      await db.exec(
        `insert into accounts (name, kind, currency, external_ref) values ('Alpha', 'customer', 'EUR', 'A-1'), ('Beta', 'customer', 'EUR', 'A-2')`,
      );
    } finally {
      await db.close();
    }
  }, 60_000);
  afterAll(() => target.drop());

  it('leaves nothing of the file visible, reads as failed, and the same command then imports it all', async () => {
    const killed = await runImport(target, hasWritten);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(hasWritten(killed.stderr)).toBe(true);

    const db = await target.open();
    try {
      expect(await countRows(db, 'orders')).toBe(0);
      const [stats] = await db.query<{ n: number }>('select coalesce(sum(order_count), 0)::int as n from accounts');
      expect(Number(stats!.n)).toBe(0);
      // Whoever looks next (the imports screen and API, the next import, a start) marks it failed, with why.
      await failInterruptedImports({ db: db.db, now: new Date() });
      const { items } = await listImports(db.db, { limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'failed', error: INTERRUPTED_IMPORT_ERROR });
      expect(items[0]!.finishedAt).not.toBeNull();
    } finally {
      await db.close();
    }

    const again = await runImport(target);
    expect(again.code, again.stderr).toBe(0);
    const after = await target.open();
    try {
      expect(await countRows(after, 'orders')).toBe(ROWS);
      const statuses = await after.query<{ status: string }>('select status from imports order by started_at, finished_at');
      expect(statuses.map((s) => s.status).sort()).toEqual(['failed', 'succeeded']);
      const [stats] = await after.query<{ n: number }>('select coalesce(sum(order_count), 0)::int as n from accounts');
      expect(Number(stats!.n)).toBe(ROWS);
    } finally {
      await after.close();
    }
  }, 240_000);
});

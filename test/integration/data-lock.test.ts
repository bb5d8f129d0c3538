// The embedded database's folder lock between real processes (issue 9): a start after `kill -9`
// takes the folder over at once; a live holder is named in the refusal; two starts racing for a
// stale lock never both win; a lock from another host is never taken over. The holders are child
// processes running src/db/data-lock.ts itself (transpiled to plain JS for them, no build needed).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, openDatabase } from '../../src/db/client.js';
import { acquireDataDirLock, LOCK_FILE } from '../../src/db/data-lock.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'rapport-data-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
function freshFolder(): string {
  const dir = path.join(root, `data-${++folders}`);
  mkdirSync(dir);
  return dir;
}

// The child's copy of the lock module, and a script that takes the lock and reports as one JSON
// line: {"ready":true} first when told to wait for "go" on stdin (so two children start together),
// then {"locked":true} (and holds it until killed) or {"locked":false,"holderPid":…,"message":…}.
const moduleFile = path.join(root, 'data-lock.mjs');
writeFileSync(
  moduleFile,
  ts.transpileModule(readFileSync(path.resolve(import.meta.dirname, '../../src/db/data-lock.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText,
);
const holderScript = path.join(root, 'holder.mjs');
writeFileSync(
  holderScript,
  `import { acquireDataDirLock } from ${JSON.stringify(moduleFile)};
const [dir, start] = process.argv.slice(2);
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
if (start === 'on-go') {
  say({ ready: true });
  await new Promise((resolve) => process.stdin.once('data', resolve));
}
try {
  await acquireDataDirLock(dir);
  say({ locked: true });
  setInterval(() => undefined, 60_000);
} catch (err) {
  say({ locked: false, name: err.name, holderPid: err.holder?.pid ?? null, message: err.message });
  process.exit(0);
}
`,
);

interface Report {
  ready?: boolean;
  locked?: boolean;
  name?: string;
  holderPid?: number | null;
  message?: string;
}

interface Holder {
  proc: ChildProcess;
  pid: number;
  /** The next report line (rejects if the child exits first). */
  next(): Promise<Report>;
  exited: Promise<void>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function spawnHolder(dir: string, start: 'now' | 'on-go' = 'now'): Holder {
  const proc = spawn(process.execPath, [holderScript, dir, start], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  const next = () =>
    new Promise<Report>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(JSON.parse(line) as Report);
      waiting.push((l) => resolve(JSON.parse(l) as Report));
      void exited.then(() => setTimeout(() => reject(new Error(`holder exited without a report: ${stderr}`)), 100));
    });
  return { proc, pid: proc.pid!, next, exited };
}

/** A holder that took the lock, then died by SIGKILL: its lock file stays behind. */
async function killedHolder(dir: string): Promise<number> {
  const holder = spawnHolder(dir);
  expect(await holder.next()).toEqual({ locked: true });
  holder.proc.kill('SIGKILL');
  await holder.exited;
  return holder.pid;
}

function lockOf(dir: string): { pid: number; hostname: string; token: string } {
  return JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number; hostname: string; token: string };
}

describe('the data folder lock', () => {
  it('is taken over at once after its holder was killed with SIGKILL', async () => {
    const dir = freshFolder();
    const deadPid = await killedHolder(dir);
    expect(lockOf(dir).pid).toBe(deadPid);

    // The first open succeeds: no waiting for the lock to age.
    const database = await openDatabase({ dataDir: dir });
    try {
      expect(lockOf(dir).pid).toBe(process.pid);
      expect((await database.query<{ one: number }>('select 1 as one'))[0]!.one).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('is refused while its holder runs, naming the holder’s pid and host', async () => {
    const dir = freshFolder();
    const holder = spawnHolder(dir);
    expect(await holder.next()).toEqual({ locked: true });

    const err = await openDatabase({ dataDir: dir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataDirLockedError);
    const locked = err as DataDirLockedError;
    expect(locked.holder?.pid).toBe(holder.pid);
    expect(locked.otherHost).toBe(false);
    expect(locked.message).toContain(`in use by another Rapport process: pid ${holder.pid} on host ${os.hostname()}, started `);
    expect(locked.message).toContain('Stop it, or use --data-dir for another folder.');
    // The refusal left the holder's lock alone.
    expect(lockOf(dir).pid).toBe(holder.pid);
  });

  it('goes to exactly one of two starts racing for a stale lock, and the other names the winner', async () => {
    for (let round = 0; round < 10; round++) {
      const dir = freshFolder();
      await killedHolder(dir);
      const racers = [spawnHolder(dir, 'on-go'), spawnHolder(dir, 'on-go')];
      for (const r of racers) expect(await r.next()).toEqual({ ready: true });
      for (const r of racers) r.proc.stdin!.write('go\n');
      const reports = await Promise.all(racers.map((r) => r.next()));

      const winners = racers.filter((_, i) => reports[i]!.locked);
      expect(winners, `round ${round}: ${JSON.stringify(reports)}`).toHaveLength(1);
      const loser = reports.find((r) => !r.locked)!;
      expect(loser.name).toBe('DataDirLockedError');
      expect(loser.holderPid).toBe(winners[0]!.pid);
      expect(lockOf(dir).pid).toBe(winners[0]!.pid);
      for (const r of racers) r.proc.kill('SIGKILL');
      await Promise.all(racers.map((r) => r.exited));
    }
  }, 60_000);

  it('is never taken over from another host, however old it is', async () => {
    const dir = freshFolder();
    const lockPath = path.join(dir, LOCK_FILE);
    const foreign = {
      app: 'rapport',
      token: 'lock-of-another-host',
      pid: 4242,
      hostname: 'rapport-elsewhere.invalid',
      bootId: null,
      pidNamespace: null,
      startTime: '123',
      since: '2026-12-03T12:00:00.000Z',
    };
    writeFileSync(lockPath, JSON.stringify(foreign));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lockPath, anHourAgo, anHourAgo);

    const err = await acquireDataDirLock(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataDirLockedError);
    const locked = err as DataDirLockedError;
    expect(locked.otherHost).toBe(true);
    expect(locked.message).toContain(
      'in use by another Rapport process: pid 4242 on host rapport-elsewhere.invalid, started 2026-12-03 12:00 UTC.',
    );
    expect(locked.message).toContain('never takes the folder over by itself');
    expect(locked.message).toContain(`delete ${lockPath}`);
    expect(lockOf(dir).token).toBe('lock-of-another-host');
  });

  it.runIf(process.platform === 'linux')('is taken over when its pid now belongs to another process', async () => {
    // A lock naming a pid that runs, but as a process started at another time: after a crash the
    // pid was handed to something else. Here the "something else" is a live child process.
    const dir = freshFolder();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 60_000)'], { stdio: 'ignore' });
    children.push(other);
    const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({
        app: 'rapport',
        token: 'lock-of-a-dead-process',
        pid: other.pid,
        hostname: os.hostname(),
        bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
        pidNamespace: readlinkSync('/proc/self/ns/pid'),
        startTime: String(Number(startTime) + 1),
        since: new Date().toISOString(),
      }),
    );

    const lock = await acquireDataDirLock(dir);
    expect(lockOf(dir).pid).toBe(process.pid);
    expect(other.exitCode).toBeNull();
    await lock.release();
  });

  it('is removed on release, and a second lock in the same process is refused meanwhile', async () => {
    const dir = freshFolder();
    const lock = await acquireDataDirLock(dir);
    await expect(acquireDataDirLock(dir)).rejects.toThrow(
      `pid ${process.pid} on host ${os.hostname()} (this very process, which has the folder open already)`,
    );
    await lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const again = await acquireDataDirLock(dir);
    await again.release();
  });
});

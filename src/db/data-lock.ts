// The embedded database's folder lock: one Rapport process per PGlite data folder.
//
// PGlite has no lock between processes; two processes on one folder silently lose writes. So the
// process that opens a folder holds `<dir>/.rapport.lock`, a small JSON file naming it: pid, host
// name, boot id, PID namespace and the process's start time (Linux: /proc/<pid>/stat field 22,
// in clock ticks since boot).
//
// Why not proper-lockfile (what Rapport used before, decision 0010): it judges a lock by its age
// alone, so after a `kill -9` the folder stayed refused for 30 s and a service manager's restart
// policy gave up first. A lock that names its holder can be judged at once:
//   - holder on another host (a shared network folder): never taken over; we cannot see its
//     processes. The user is told which host, and what to delete if that process is gone.
//   - same host, another boot id: the machine restarted since, so the holder is gone.
//   - same host and boot: the holder is gone when its pid does not run, is a zombie, or runs with
//     another start time (the pid was reused by an unrelated process).
//   - same host and boot, another PID namespace (another container): its pids mean nothing here;
//     the holder's heartbeat decides (it touches the file every 10 s; 30 s without a touch is gone).
//   - a lock we cannot read (proper-lockfile's directory, left by an older Rapport; a lock being
//     written by a filesystem without hard links): judged by age, 30 s.
// `rapport restore` takes this same lock (backup.ts). The heartbeat keeps an older Rapport, which
// judges by age, from thinking a running server's lock stale.
//
// Atomicity: the lock is written complete to a temporary file and hard-linked into place (link
// fails if the name exists), so no reader ever sees a half-written lock. Taking over a stale
// lock, several starters may race (a service manager and an operator, two containers); each one
// first creates a takeover marker named after the stale lock it saw (`…takeover-<its token>-1`),
// exclusively: exactly one creates it. The winner then checks the lock still is the stale one and
// renames its own lock over it (rename replaces atomically: the name is never free for a third
// starter). Losers look again and find the winner's live lock. A marker whose creator died
// mid-takeover is skipped by trying generation 2, 3, … — again exactly one creates each.
//
// No well-kept library does pid + start-time takeover, hence this small module (decision 0010).
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = '.rapport.lock';
/** A lock whose holder we cannot check is gone after this long without a heartbeat. */
const STALE_AFTER_MS = 30_000;
/** How often the holder touches its lock (and checks it is still its own). */
const REFRESH_EVERY_MS = 10_000;
/** Looking again while another starter finishes its takeover: ≈ 1 s in all. */
const ATTEMPTS = 50;
const ATTEMPT_PAUSE_MS = 20;

/** What a lock file holds. */
interface LockRecord {
  app: 'rapport';
  /** Unique per lock: what "still the same lock" is compared by. */
  token: string;
  pid: number;
  hostname: string;
  /** /proc/sys/kernel/random/boot_id (Linux), else null. */
  bootId: string | null;
  /** readlink /proc/self/ns/pid (Linux), else null: pids of another namespace mean nothing here. */
  pidNamespace: string | null;
  /** /proc/<pid>/stat field 22 (Linux), else null: tells a reused pid from the holder. */
  startTime: string | null;
  /** When the lock was taken (ISO 8601). */
  since: string;
}

/** Who holds a folder, as DataDirLockedError reports it. */
export interface LockHolder {
  pid: number;
  hostname: string;
  since: Date;
}

/** A lock (or takeover marker) as found on disk. */
interface SeenLock {
  /** null: not a lock we can read (proper-lockfile's directory, being written, damaged). */
  record: LockRecord | null;
  /** Identity of this lock: equal keys mean nobody replaced it in between. */
  key: string;
  mtimeMs: number;
  isDirectory: boolean;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  /** The process holding the folder, when its lock says so. */
  readonly holder: LockHolder | null;
  /** The holder runs on another host: Rapport never takes such a lock over by itself. */
  readonly otherHost: boolean;
  readonly dir: string;

  constructor(dir: string, details: { holder?: LockHolder | null; otherHost?: boolean; thisProcess?: boolean } = {}) {
    super(lockedMessage(dir, details.holder ?? null, details.otherHost ?? false, details.thisProcess ?? false));
    this.dir = dir;
    this.holder = details.holder ?? null;
    this.otherHost = details.otherHost ?? false;
  }
}

function lockedMessage(dir: string, holder: LockHolder | null, otherHost: boolean, thisProcess: boolean): string {
  if (!holder) {
    return (
      `The data folder ${dir} is in use by another Rapport process (a backup, a restore, or a start under way). ` +
      'PGlite allows one process per data folder: wait for it or stop it, or use --data-dir for another folder.'
    );
  }
  // "another Rapport process" first: scripts and the docs quote that part of the message.
  const who =
    `another Rapport process: pid ${holder.pid} on host ${holder.hostname}` +
    `${thisProcess ? ' (this very process, which has the folder open already)' : ''}, started ${formatUtc(holder.since)}`;
  if (otherHost) {
    return (
      `The data folder ${dir} is in use by ${who}. That is another host (this is ${os.hostname()}), so Rapport cannot see ` +
      `whether the process still runs and never takes the folder over by itself: stop it there, or, if it is gone, ` +
      `delete ${path.join(dir, LOCK_FILE)}. Or use --data-dir for another folder.`
    );
  }
  return `The data folder ${dir} is in use by ${who}. Stop it, or use --data-dir for another folder.`;
}

function formatUtc(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'at an unknown time' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface DataDirLock {
  readonly lockPath: string;
  /** Stops the heartbeat and removes the lock if it is still ours. Idempotent. */
  release(): Promise<void>;
}

export interface AcquireOptions {
  /**
   * Called when the heartbeat finds another process's lock in place of ours. The default throws
   * from the timer, which ends the process: it must not go on writing a folder another one owns.
   */
  onLost?: (err: Error) => void;
}

/** Locks `dir` (which must exist) for this process, taking over at once a lock whose holder is gone. */
export async function acquireDataDirLock(dir: string, options: AcquireOptions = {}): Promise<DataDirLock> {
  const lockPath = path.join(dir, LOCK_FILE);
  const mine = recordOfThisProcess();
  const candidate = `${lockPath}.${mine.token}.tmp`;
  writeNewFile(candidate, serialise(mine));
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (linkExclusive(candidate, lockPath)) return holdLock(dir, lockPath, mine, options);
      const seen = readLock(lockPath);
      if (!seen) continue; // released meanwhile: try again at once
      if (!isStale(seen, mine)) throw lockedError(dir, seen, mine);
      if (takeOver(lockPath, seen, candidate, mine)) return holdLock(dir, lockPath, mine, options);
      await new Promise((resolve) => setTimeout(resolve, ATTEMPT_PAUSE_MS));
    }
    const last = readLock(lockPath);
    throw last ? lockedError(dir, last, mine) : new DataDirLockedError(dir);
  } finally {
    rmSync(candidate, { force: true });
  }
}

function lockedError(dir: string, seen: SeenLock, mine: LockRecord): DataDirLockedError {
  const r = seen.record;
  if (!r) return new DataDirLockedError(dir);
  return new DataDirLockedError(dir, {
    holder: { pid: r.pid, hostname: r.hostname, since: new Date(r.since) },
    otherHost: r.hostname !== mine.hostname,
    thisProcess: r.pid === mine.pid && r.startTime === mine.startTime && r.hostname === mine.hostname,
  });
}

// --- judging a lock ------------------------------------------------------------------------------

/** True when the lock's holder is certainly gone (see the top of this file for each case). */
function isStale(seen: SeenLock, mine: LockRecord): boolean {
  const r = seen.record;
  if (!r) return ageOf(seen) > STALE_AFTER_MS;
  if (r.hostname !== mine.hostname) return false;
  if (r.bootId && mine.bootId && r.bootId !== mine.bootId) return true;
  if (r.pidNamespace && mine.pidNamespace && r.pidNamespace !== mine.pidNamespace) return ageOf(seen) > STALE_AFTER_MS;
  return !processRuns(r.pid, r.startTime);
}

/**
 * A takeover marker is abandoned when its creator is gone. Markers are not refreshed, but a
 * takeover lasts milliseconds: one from another host older than the stale age is abandoned too.
 */
function isAbandoned(marker: SeenLock, mine: LockRecord): boolean {
  if (ageOf(marker) > STALE_AFTER_MS) return true;
  return marker.record !== null && marker.record.hostname === mine.hostname && isStale(marker, mine);
}

function ageOf(seen: SeenLock): number {
  return Date.now() - seen.mtimeMs;
}

const hasProc = existsSync('/proc/self/stat');

/** Whether `pid` runs and is the process that started at `startTime` (when we can tell). */
function processRuns(pid: number, startTime: string | null): boolean {
  const stat = hasProc ? readProcStat(pid) : null;
  // No /proc entry: no such process — or /proc is mounted with hidepid and it belongs to another
  // user. kill(pid, 0) tells them apart (EPERM: it exists), and is all there is without /proc.
  if (!stat) return answersSignal(pid);
  // A zombie is a process that died and waits for its parent to collect it: it holds nothing.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === null || stat.startTime === startTime;
}

function answersSignal(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** State (field 3) and start time (field 22) from /proc/<pid>/stat; null when there is none. */
function readProcStat(pid: number | 'self'): { state: string; startTime: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces and parentheses:
  // the fields after the last ")" start at field 3.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const startTime = rest[22 - 3];
  return state && startTime ? { state, startTime } : null;
}

function recordOfThisProcess(): LockRecord {
  return {
    app: 'rapport',
    token: randomUUID(),
    pid: process.pid,
    hostname: os.hostname(),
    bootId: readOptional(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidNamespace: readOptional(() => readlinkSync('/proc/self/ns/pid')),
    startTime: hasProc ? (readProcStat('self')?.startTime ?? null) : null,
    since: new Date().toISOString(),
  };
}

function readOptional(read: () => string): string | null {
  try {
    return read() || null;
  } catch {
    return null;
  }
}

// --- reading and writing lock files ------------------------------------------------------------

/** The lock at `file` as it is now, or null when there is none. */
function readLock(file: string): SeenLock | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // Windows does not open directories: proper-lockfile's lock directory, judged by its age.
    if (code === 'EISDIR' || code === 'EPERM') return directoryLock(file);
    throw err;
  }
  try {
    // One open file for both the identity and the content, so they belong to the same lock.
    const st = fstatSync(fd);
    if (st.isDirectory()) return directoryLock(file);
    const record = parseRecord(readFileSync(fd, 'utf8'));
    const key = record ? `token:${record.token}` : `file:${st.ino}:${st.birthtimeMs}:${st.size}`;
    return { record, key, mtimeMs: st.mtimeMs, isDirectory: false };
  } finally {
    closeSync(fd);
  }
}

/** Indented, so that `cat .rapport.lock` reads well. */
function serialise(record: LockRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

function directoryLock(file: string): SeenLock | null {
  try {
    const st = statSync(file);
    return { record: null, key: `dir:${st.ino}:${st.birthtimeMs}`, mtimeMs: st.mtimeMs, isDirectory: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseRecord(text: string): LockRecord | null {
  let v: Partial<Record<keyof LockRecord, unknown>>;
  try {
    v = JSON.parse(text) as typeof v;
  } catch {
    return null;
  }
  const optionalString = (x: unknown) => x === null || typeof x === 'string';
  const valid =
    typeof v === 'object' &&
    v !== null &&
    v.app === 'rapport' &&
    typeof v.token === 'string' &&
    // pid 0 or below would make kill(pid, 0) signal a whole process group.
    Number.isInteger(v.pid) &&
    (v.pid as number) > 0 &&
    typeof v.hostname === 'string' &&
    optionalString(v.bootId) &&
    optionalString(v.pidNamespace) &&
    optionalString(v.startTime) &&
    typeof v.since === 'string';
  return valid ? (v as LockRecord) : null;
}

/** Writes a new file and flushes it, failing if the name exists. */
function writeNewFile(file: string, content: string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Puts the complete file `from` at `to` unless `to` exists: false when it does. */
function linkExclusive(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code ?? '')) throw err;
  }
  // A filesystem without hard links (FAT, some network shares): create exclusively and write. For
  // a moment the lock is empty; a reader then finds it unreadable and fresh, so "in use".
  try {
    writeNewFile(to, readFileSync(from, 'utf8'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Creates `file` with `content` in one step (temporary file, then link): false when it exists. */
function createExclusive(file: string, content: string): boolean {
  const temp = `${file}.${randomUUID()}.tmp`;
  writeNewFile(temp, content);
  try {
    return linkExclusive(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

// --- taking over a stale lock --------------------------------------------------------------------

/**
 * Replaces the stale lock `seen` with `candidate` (our complete lock file). True when we did;
 * false when another starter is doing it or has done it, or the lock changed: look again then.
 */
function takeOver(lockPath: string, seen: SeenLock, candidate: string, mine: LockRecord): boolean {
  const stem = `${lockPath}.takeover-${seen.key.replace(/[^A-Za-z0-9]/g, '_')}`;
  for (let generation = 1; generation <= 100; generation++) {
    const marker = `${stem}-${generation}`;
    if (!createExclusive(marker, serialise({ ...mine, token: randomUUID() }))) {
      const other = readLock(marker);
      if (other && isAbandoned(other, mine)) continue; // its creator died mid-takeover
      return false; // another starter is taking over right now, or just did
    }
    try {
      // The marker is ours: nobody else acts on this stale lock. Check it is still the one we
      // judged (another starter may have replaced it before we got here).
      const now = readLock(lockPath);
      if (!now || now.key !== seen.key) return false;
      if (now.isDirectory) {
        // proper-lockfile's empty directory (an old or crashed backup): rename cannot replace a
        // directory with a file, so remove it and link; a starter slipping in between wins the link.
        rmdirSync(lockPath);
        return linkExclusive(candidate, lockPath);
      }
      renameSync(candidate, lockPath);
      return true;
    } finally {
      rmSync(marker, { force: true });
    }
  }
  return false;
}

// --- holding ---------------------------------------------------------------------------------------

function holdLock(dir: string, lockPath: string, mine: LockRecord, options: AcquireOptions): DataDirLock {
  removeLeftovers(dir);
  const myKey = `token:${mine.token}`;
  const onLost =
    options.onLost ??
    ((err: Error) => {
      throw err;
    });
  // Touch the lock, so that age-based judges (another container, proper-lockfile) see it alive,
  // and check it is still ours. Returns what went wrong when it is not.
  const refresh = (): string | null => {
    try {
      const seen = readLock(lockPath);
      if (seen === null) {
        // Someone deleted it (by hand?): put it back, so that a second start is still refused.
        return createExclusive(lockPath, serialise(mine)) ? null : 'its lock file was replaced';
      }
      if (seen.key !== myKey) return 'its lock file now names another process';
      const now = new Date();
      utimesSync(lockPath, now, now);
      return null;
    } catch {
      // An I/O error (a network folder's hiccup): the next beat tries again.
      return null;
    }
  };
  const beat = () => {
    const problem = refresh();
    if (problem === null) return;
    clearInterval(timer);
    onLost(
      new Error(
        `Rapport lost its lock on the data folder ${dir}: ${problem}. Another process may be writing there; ` +
          'stopping so that the two do not corrupt the database. Check which process the lock names, then start again.',
      ),
    );
  };
  const timer = setInterval(beat, REFRESH_EVERY_MS);
  timer.unref();
  let released = false;
  return {
    lockPath,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      // Never remove a lock that is not ours any more.
      if (readLock(lockPath)?.key === myKey) unlinkSync(lockPath);
    },
  };
}

/** Temporary files and markers of starters that died before cleaning up (older than the stale age). */
function removeLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${LOCK_FILE}.`)) continue;
    const file = path.join(dir, name);
    try {
      if (Date.now() - statSync(file).mtimeMs > STALE_AFTER_MS) unlinkSync(file);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

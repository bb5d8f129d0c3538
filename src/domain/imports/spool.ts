// Uploads are spooled to a file (the import reads a file once, streaming) in a folder of their own.
// Every path that does not hand the file to an import removes it — a rejected upload must not leave
// its 50 MB behind (issue 9, defect 10) — and a start removes what a dead process left.
//
// A spool file is named <pid>-<random>.csv: several Rapport processes on one host share the folder,
// and only the files of processes that are gone are swept, never a live import's.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledFile {
  path: string;
  fileName: string;
}

export function spoolFolder(): string {
  return path.join(os.tmpdir(), 'rapport-uploads');
}

/** The file name as shown in the import record: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u001f\u007f]/g;
  const base = path.basename(name.replace(/\\/g, '/')).replace(controls, '').trim();
  return base.slice(0, 200) || 'upload.csv';
}

/** Writes the upload to a spool file; a failed or cut-off upload leaves none. */
export async function spoolUpload(stream: Readable, fileName: string, folder = spoolFolder()): Promise<SpooledFile> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, `${process.pid}-${randomBytes(8).toString('hex')}.csv`);
  try {
    await pipeline(stream, createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await removeSpooled({ path: file, fileName });
    throw err;
  }
  return { path: file, fileName: cleanFileName(fileName) };
}

export async function removeSpooled(file: SpooledFile | null): Promise<void> {
  if (file) await rm(file.path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the spool files of processes that are gone; returns how many. */
export async function sweepSpool(folder = spoolFolder()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+\.csv$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(folder, name), { force: true });
    removed += 1;
  }
  return removed;
}

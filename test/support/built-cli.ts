// Tests that run `rapport` as a user does (bin/rapport.js → dist/src/cli/main.js) need the built
// CLI. ensureBuilt() rebuilds it when the server's sources are newer; test files running at the
// same time take turns (a lock), so two never write dist/ at once and none starts a half-written one.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';

export const root = path.resolve(import.meta.dirname, '../..');
export const builtCli = path.join(root, 'dist/src/cli/main.js');
/** What to run: `node <rapportBin> start …`. */
export const rapportBin = path.join(root, 'bin/rapport.js');

/** Newest modification time of the server's sources (what `npm run build:server` compiles). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  const sources = Math.max(newestSource(path.join(root, 'src')), newestSource(path.join(root, 'contract')));
  return existsSync(builtCli) && statSync(builtCli).mtimeMs >= sources;
}

/** The child processes run the built CLI, as a user does; rebuild it when the sources are newer. */
export async function ensureBuilt(): Promise<void> {
  if (upToDate()) return;
  const lockDir = path.join(root, '.tmp');
  mkdirSync(lockDir, { recursive: true });
  const release = await lockfile.lock(lockDir, {
    lockfilePath: path.join(lockDir, 'build-server.lock'),
    retries: { retries: 240, minTimeout: 250, maxTimeout: 1000 },
    stale: 120_000,
  });
  try {
    // Another file may have built it while this one waited.
    if (upToDate()) return;
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
    });
  } finally {
    await release();
  }
}

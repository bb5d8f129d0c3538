// A folder of files a test file writes (CSV files to import), removed after its tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export interface TempFiles {
  dir: string;
  /** Writes `lines` (each ended by a newline) to `name` in the folder; returns its path. */
  linesFile(name: string, lines: readonly string[]): string;
}

/** Registers the folder's removal after the test file's tests. */
export function useTempFiles(prefix: string): TempFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rapport-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    linesFile(name, lines) {
      const file = path.join(dir, name);
      writeFileSync(file, lines.join('\n') + '\n');
      return file;
    },
  };
}

// src/adapters/README.md names the version each private API was verified with, the adapter file
// and its contract test. An upgrade that skipped the adapter check, or a README row that points
// at a file that is gone, fails here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/paths.js';

const readme = readFileSync(path.join(packageRoot, 'src', 'adapters', 'README.md'), 'utf8');
const rows = readme
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| Package') && !/^\|[\s|:-]+$/.test(line))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

describe('the adapters README', () => {
  it('lists the adapters', () => {
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row, row.join(' | ')).toHaveLength(6);
  });

  it.each(rows.map((r) => [r[0]!, r[1]!, r]))('names the installed version of %s (%s)', (pkg, version) => {
    const installed = (JSON.parse(readFileSync(path.join(packageRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(installed, `${pkg} is ${installed}: run its contract test, then update src/adapters/README.md`).toBe(version);
  });

  it.each(rows.map((r) => [unquote(r[4]!), unquote(r[5]!)]))('points at files that exist: %s, %s', (adapter, test) => {
    expect(existsSync(path.join(packageRoot, 'src', 'adapters', adapter))).toBe(true);
    expect(existsSync(path.join(packageRoot, test))).toBe(true);
  });
});

#!/usr/bin/env node
// Runs every test of the given integration files alone (`vitest run FILE -t <its name>`), once per
// test, on every engine the run covers: proves that no test depends on another having run first.
// Slow (one vitest start per test): run it on the files you change, not in CI.
//   node .ci/each-test-alone.js test/integration/orders.test.ts [more files]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node .ci/each-test-alone.js FILE...\n');
  process.exit(2);
}
const vitest = path.resolve('node_modules/vitest/vitest.mjs');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'each-test-alone-'));
const failed = [];
let runs = 0;

for (const file of files) {
  const listed = spawnSync(process.execPath, [vitest, 'list', '--project', 'integration*', file, '--json'], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`vitest list ${file} failed:\n${listed.stderr}`);
  const names = JSON.parse(listed.stdout).map((t) => t.name.split(' > '));
  // One run per test: its name under `<describe> on <engine>` for every engine, so the same run
  // covers it on each engine, each engine's describe running that test and nothing else.
  const byTest = new Map();
  for (const [top, ...rest] of names) {
    const pattern = `${escape(top).replace(/ on (pglite|postgres)$/, ' on (pglite|postgres)')} ${rest.map(escape).join(' ')}$`;
    byTest.set(pattern, (byTest.get(pattern) ?? 0) + 1);
  }
  for (const [pattern, expected] of byTest) {
    runs += 1;
    const report = path.join(tmp, `${runs}.json`);
    const run = spawnSync(
      process.execPath,
      [vitest, 'run', '--project', 'integration*', file, '-t', pattern, '--reporter=json', `--outputFile=${report}`],
      { encoding: 'utf8' },
    );
    let passed = 0;
    let total = 0;
    try {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      passed = r.numPassedTests;
      total = r.numPassedTests + r.numFailedTests;
    } catch {
      // no report: counted as a failure below
    }
    const ok = run.status === 0 && passed === expected && total === expected;
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${passed}/${expected} ${path.basename(file)}: ${pattern}\n`);
    if (!ok) failed.push({ file, pattern, output: (run.stdout + run.stderr).slice(-4000) });
  }
}
rmSync(tmp, { recursive: true, force: true });
for (const f of failed) process.stdout.write(`\n--- ${f.file}: ${f.pattern}\n${f.output}\n`);
process.stdout.write(`\n${runs - failed.length} of ${runs} tests pass alone.\n`);
process.exit(failed.length === 0 ? 0 : 1);

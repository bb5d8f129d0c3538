#!/usr/bin/env node
// The `rapport` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Supported: Node 22.12+ and 24 LTS (docs/decisions/0013-supported-node.md). Say so plainly
// instead of failing later inside a dependency.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`rapport: Node ${process.versions.node} is not supported. Use Node 24 LTS (or 22.12 or newer).\n`);
  process.exit(1);
}

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('rapport: not built yet. Run `npm install` (or `npm run build`) first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));

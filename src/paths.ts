import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json is), from src/ or from dist/src/. */
export const packageRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
})();

export const migrationsFolder = path.join(packageRoot, 'src', 'db', 'migrations');
export const webDistFolder = path.join(packageRoot, 'dist', 'web');
export const builtinPlaybooksFolder = path.join(packageRoot, 'src', 'playbooks');

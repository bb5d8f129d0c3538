// Built-in playbooks are data files in src/playbooks/*.yaml, installed at start: a key with no
// version yet gets version 1. An edited or newer version is never touched.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinPlaybooksFolder } from '../../paths.js';
import { playbooks } from '../../db/schema/index.js';
import type { ReadContext } from '../shared/index.js';
import { parsePlaybookSource } from './parse-playbook.js';

export function readBuiltinPlaybooks(folder = builtinPlaybooksFolder): { file: string; source: string }[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, source: readFileSync(path.join(folder, file), 'utf8') }));
}

export async function installBuiltinPlaybooks({ db, now }: ReadContext): Promise<string[]> {
  const installed: string[] = [];
  for (const { file, source } of readBuiltinPlaybooks()) {
    const parsed = parsePlaybookSource(source);
    if (!parsed.ok) throw new Error(`built-in playbook ${file} is invalid: ${JSON.stringify(parsed.issues)}`);
    const existing = await db.query.playbooks.findFirst({ where: (p, { eq }) => eq(p.key, parsed.document.key), columns: { id: true } });
    if (existing) continue;
    // Two processes starting at once: the unique (key, version) index lets one win, quietly.
    const rows = await db
      .insert(playbooks)
      .values({
        key: parsed.document.key,
        version: 1,
        name: parsed.document.name,
        document: parsed.document,
        source,
        isBuiltin: true,
        isCurrent: true,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: playbooks.id });
    if (rows.length > 0) installed.push(parsed.document.key);
  }
  return installed;
}

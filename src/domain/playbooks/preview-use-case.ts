import type { PlaybookPreview, PreviewPlaybook } from '../../../contract/playbooks.js';
import { getSettings } from '../settings/index.js';
import { DomainError, type ReadContext } from '../shared/index.js';
import { calendarOf } from './engine.js';
import { parsePlaybookSource } from './parse-playbook.js';
import { previewTimeline } from './preview-playbook.js';
import { getPlaybook } from './queries.js';

/** The timeline of the given text (or the current version) for a trigger at `at` (default now). */
export interface PreviewPlaybookInput {
  key: string;
  preview: PreviewPlaybook;
}

export async function previewPlaybook({ db, now }: ReadContext, { key, preview: input }: PreviewPlaybookInput): Promise<PlaybookPreview> {
  let doc;
  if (input.source !== undefined) {
    const parsed = parsePlaybookSource(input.source);
    if (!parsed.ok)
      throw new DomainError({
        code: 'playbooks.invalid',
        category: 'invalid',
        detail: parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        errors: parsed.issues,
      });
    doc = parsed.document;
  } else {
    doc = (await getPlaybook(db, key)).document;
  }
  return previewTimeline(doc, input.at ? new Date(input.at) : now, calendarOf(await getSettings(db)));
}

// A sample timeline: every step's due date for a trigger at `at`, assuming each step is done on its due date.
import type { PlaybookDocument, PlaybookPreview } from '../../../contract/playbooks.js';
import { addOffset, type BusinessCalendar } from '../shared/index.js';

export function previewTimeline(doc: PlaybookDocument, at: Date, cal: BusinessCalendar): PlaybookPreview {
  const doneAt = new Map<string, Date | null>();
  const pending = [...doc.steps];
  // Steps come in any order; resolve those whose requires are resolved until none is left (no cycles: validated).
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.requires.every((r) => doneAt.has(r)));
    if (i < 0) break;
    const s = pending.splice(i, 1)[0]!;
    const base = s.due.after === 'trigger' ? at : (doneAt.get(s.due.after) ?? null);
    // A wait step's event has no known time; steps after it show no date.
    doneAt.set(s.key, s.kind === 'wait' || base === null ? null : addOffset(base, s.due.offset, s.due.businessDays, cal));
  }
  return {
    items: doc.steps.map((s) => ({
      stepKey: s.key,
      title: s.title,
      role: s.role,
      kind: s.kind,
      dueAt: doneAt.get(s.key)?.toISOString() ?? null,
      gate: s.gate ?? null,
      requires: s.requires,
    })),
  };
}

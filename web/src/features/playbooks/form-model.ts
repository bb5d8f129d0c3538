// The playbook's form view edits the same YAML text as the editor: each change is written into the
// parsed document (yaml's Document keeps comments and the rest as written) and back to text, and
// checked with the server's own schema (contract/playbooks.ts). Pure: no DOM, no React.
import { isMap, isSeq, parseDocument } from 'yaml';
import { PlaybookDocumentSchema, type PlaybookDocumentInput } from '../../../../contract/playbooks';

export type FormRead = { ok: true; document: PlaybookDocumentInput; problems: string[] } | { ok: false; message: string };

/** The document the text holds, with what the schema finds wrong in words; not ok when it is no YAML map with steps. */
export function readForm(source: string): FormRead {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return { ok: false, message: doc.errors[0]!.message.split('\n')[0] ?? 'The text is not valid YAML.' };
  const value: unknown = doc.toJS();
  if (!value || typeof value !== 'object' || !isSeq(doc.get('steps'))) return { ok: false, message: 'The document has no list of steps.' };
  const parsed = PlaybookDocumentSchema.safeParse(value);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`);
  return { ok: true, document: value as PlaybookDocumentInput, problems };
}

type Path = (string | number)[];

/** The text with one value set (or removed, for undefined or an empty string) at `path`. */
export function setIn(source: string, path: Path, value: unknown): string {
  const doc = parseDocument(source);
  if (value === undefined || value === '') doc.deleteIn(path);
  else doc.setIn(path, value);
  return String(doc);
}

function withSteps(source: string, change: (items: unknown[]) => void): string {
  const doc = parseDocument(source);
  const steps = doc.get('steps');
  if (!isSeq(steps)) return source;
  change(steps.items);
  return String(doc);
}

/** The text with step `from` moved to `to`. */
export function moveStep(source: string, from: number, to: number): string {
  return withSteps(source, (items) => {
    if (to < 0 || to >= items.length) return;
    const [step] = items.splice(from, 1);
    items.splice(to, 0, step);
  });
}

/** The text without step `index`. */
export function removeStep(source: string, index: number): string {
  return withSteps(source, (items) => void items.splice(index, 1));
}

/** The text with a new step at the end: a key not taken yet, a title, the CSR, due a day after the trigger. */
export function addStep(source: string): string {
  const doc = parseDocument(source);
  const steps = doc.get('steps');
  if (!isSeq(steps)) return source;
  const taken = new Set(steps.items.map((s) => (isMap(s) ? String(s.get('key')) : '')));
  let n = steps.items.length + 1;
  while (taken.has(`step-${n}`)) n++;
  steps.add(doc.createNode({ key: `step-${n}`, title: 'New step', role: 'csr', due: { after: 'trigger', offset: 'P1D' } }));
  return String(doc);
}

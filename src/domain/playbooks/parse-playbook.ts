// Reads a playbook document from YAML or JSON text (YAML is a superset of JSON) and maps every
// validation issue to the line it is on, using the yaml package's node ranges and LineCounter.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { PlaybookDocumentSchema, type PlaybookDocument, type PlaybookIssue } from '../../../contract/playbooks.js';
import { checkSteps } from './steps.rules.js';
import { checkCondition } from './trigger.rules.js';
import { isValidOffset } from '../shared/index.js';

export type ParsedPlaybook = { ok: true; document: PlaybookDocument } | { ok: false; issues: PlaybookIssue[] };

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number | null {
  // The deepest existing node on the path: a missing field points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

const toPath = (dotted: string): (string | number)[] => dotted.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export function parsePlaybookSource(source: string): ParsedPlaybook {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        path: '(root)',
        line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0]!,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  const parsed = PlaybookDocumentSchema.safeParse(raw);
  const at = (path: (string | number)[], message: string): PlaybookIssue => ({
    path: path.length > 0 ? path.join('.') : '(root)',
    line: lineOf(doc, counter, path),
    message,
  });
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => at(i.path as (string | number)[], i.message)) };
  }
  const document = parsed.data;
  const issues: PlaybookIssue[] = checkSteps(document).map((i) => at(toPath(i.path), i.message));
  document.steps.forEach((s, i) => {
    if (!isValidOffset(s.due.offset))
      issues.push(at(['steps', i, 'due', 'offset'], 'must be an ISO 8601 duration such as "P2D" or "PT4H"'));
  });
  const cond = checkCondition(document.trigger.condition);
  if (cond) issues.push(at(['trigger', 'condition'], `is not a valid JSON Logic condition: ${cond}`));
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, document };
}

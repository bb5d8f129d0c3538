// Steps of a playbook: the document's cross-step rules, which steps are ready, who a task is for.
// Pure: no db, no clock.
import { isRole, type Role } from '../../../contract/common.js';
import { triggerEvents, type PlaybookDocument, type PlaybookStep } from '../../../contract/playbooks.js';

export interface DocumentIssue {
  /** Dotted path into the document, e.g. steps.2.requires.0 */
  path: string;
  message: string;
}

/** Rules zod cannot see alone: requires and due.after name known steps, no cycles, wait steps wait for something. */
export function checkSteps(doc: PlaybookDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const index = new Map<string, number>();
  doc.steps.forEach((s, i) => {
    if (index.has(s.key)) issues.push({ path: `steps.${i}.key`, message: `repeats the key "${s.key}" of step ${index.get(s.key)! + 1}` });
    else index.set(s.key, i);
  });
  doc.steps.forEach((s, i) => {
    s.requires.forEach((r, j) => {
      if (r === s.key) issues.push({ path: `steps.${i}.requires.${j}`, message: `step "${s.key}" cannot require itself` });
      else if (!index.has(r)) issues.push({ path: `steps.${i}.requires.${j}`, message: `unknown step "${r}"` });
    });
    if (s.due.after !== 'trigger') {
      if (!index.has(s.due.after))
        issues.push({ path: `steps.${i}.due.after`, message: `unknown step "${s.due.after}" (use "trigger" or a step key)` });
      else if (!s.requires.includes(s.due.after))
        issues.push({ path: `steps.${i}.due.after`, message: `"${s.due.after}" must also be listed in requires` });
    }
    if (s.kind === 'wait' && !s.until) issues.push({ path: `steps.${i}.until`, message: 'a wait step needs the event it waits for' });
    if (s.kind !== 'wait' && s.until) issues.push({ path: `steps.${i}.until`, message: 'is only for a wait step' });
    if (s.kind === 'signoff' && !s.evidence.signoffs)
      issues.push({ path: `steps.${i}.evidence.signoffs`, message: 'a signoff step needs signoffs {count, roles}' });
    const so = s.evidence.signoffs;
    if (so?.mustInclude && !so.roles.includes(so.mustInclude))
      issues.push({ path: `steps.${i}.evidence.signoffs.mustInclude`, message: `"${so.mustInclude}" must be one of the roles` });
    if (s.draft && (s.kind !== 'message' || !s.template))
      issues.push({ path: `steps.${i}.draft`, message: 'only a message step with a template is drafted' });
    const isOrderPlaybook = triggerEvents(doc.trigger).every((e) => e.startsWith('order.'));
    if (s.kind === 'survey' && !s.survey)
      issues.push({ path: `steps.${i}.survey`, message: 'a survey step names the survey it sends (delivery, installation, …)' });
    else if (s.survey && s.kind !== 'survey') issues.push({ path: `steps.${i}.survey`, message: 'only a survey step sends a survey' });
    if (s.news && (s.kind !== 'message' || !s.template))
      issues.push({ path: `steps.${i}.news`, message: 'only a message step with a template carries news' });
    else if (s.news && s.draft)
      issues.push({ path: `steps.${i}.news`, message: 'a drafted message is written by a person: leave out news' });
    else if (s.news && s.template === 'tracking')
      issues.push({ path: `steps.${i}.news`, message: 'the tracking message goes by itself when the order ships: leave out news' });
    else if (s.news && !isOrderPlaybook)
      issues.push({ path: `steps.${i}.news`, message: 'news is only for playbooks started by an order event' });
    if (s.kind === 'message' && s.template === 'progress_update' && !s.draft && !s.news)
      issues.push({
        path: `steps.${i}.news`,
        message: 'a progress update needs its news {headline, text}: what happened, for the customer',
      });
    if (s.invite && s.kind !== 'call' && s.kind !== 'meeting')
      issues.push({ path: `steps.${i}.invite`, message: 'only a call or a meeting sends a calendar invitation' });
    if (s.toStatus && (s.kind !== 'wait' || s.until !== 'order.status_changed'))
      issues.push({ path: `steps.${i}.toStatus`, message: 'is only for a wait step until order.status_changed' });
    if (s.draft && !isOrderPlaybook)
      issues.push({ path: `steps.${i}.draft`, message: 'drafts are only for playbooks started by an order event' });
    if (s.due.notAfter && !isOrderPlaybook)
      issues.push({ path: `steps.${i}.due.notAfter`, message: 'a promised date exists only for playbooks started by an order event' });
    if (s.gate && !triggerEvents(doc.trigger).every((e) => e.startsWith('order.')))
      issues.push({ path: `steps.${i}.gate`, message: 'gates are only for playbooks started by an order event' });
  });
  const cycle = findCycle(doc.steps);
  if (cycle) issues.push({ path: `steps.${index.get(cycle[0]!)!}.requires`, message: `requires form a cycle: ${cycle.join(' → ')}` });
  return issues;
}

function findCycle(steps: readonly PlaybookStep[]): string[] | null {
  const deps = new Map(steps.map((s) => [s.key, s.requires.filter((r) => r !== s.key)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (k: string): string[] | null => {
    if (state.get(k) === 'done' || !deps.has(k)) return null;
    if (state.get(k) === 'visiting') return [...stack.slice(stack.indexOf(k)), k];
    state.set(k, 'visiting');
    stack.push(k);
    for (const d of deps.get(k)!) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(k, 'done');
    return null;
  };
  for (const s of steps) {
    const c = visit(s.key);
    if (c) return c;
  }
  return null;
}

export type StepState = 'waiting' | 'open' | 'done' | 'skipped';

/** A step is ready when every step it requires is done (a skipped one counts as done). */
export function isReady(step: Pick<PlaybookStep, 'requires'>, states: ReadonlyMap<string, StepState>): boolean {
  return step.requires.every((r) => {
    const s = states.get(r);
    return s === 'done' || s === 'skipped';
  });
}

/** The keys of waiting steps that may open now. */
export function stepsToOpen(steps: readonly PlaybookStep[], states: ReadonlyMap<string, StepState>): string[] {
  return steps.filter((s) => states.get(s.key) === 'waiting' && isReady(s, states)).map((s) => s.key);
}

export interface AccountTeamMember {
  userId: string;
  role: string;
}

/**
 * A step's role → the account team member with that role when the team has one (the first by user
 * id when several), else unassigned: seen by everyone with the role (docs/domain.md §3). A plain
 * role and `account_team:<role>` resolve alike; the prefix only says the step is meant for the team.
 */
export function resolveAssignee(stepRole: string, team: readonly AccountTeamMember[]): { role: Role; assigneeId: string | null } {
  const role = stepRole.startsWith('account_team:') ? stepRole.slice('account_team:'.length) : stepRole;
  // A saved document was checked (StepRoleSchema): an unknown role here is a bug, not bad input.
  if (!isRole(role)) throw new Error(`unknown role "${role}" in a playbook step`);
  return { role, assigneeId: teamMemberFor(role, team) };
}

/** The account team member holding `role` (the first by user id when several), or null. */
export function teamMemberFor(role: string, team: readonly AccountTeamMember[]): string | null {
  const member = [...team].filter((m) => m.role === role).sort((a, b) => a.userId.localeCompare(b.userId))[0];
  return member?.userId ?? null;
}

/**
 * A step's title and guidance may name a fact of the trigger event: `{{explanation}}` is the
 * payload's `explanation` (text or number). A name the event does not carry stays as written, so a
 * mistake shows instead of leaving a silent gap. Plain substitution, never evaluated.
 */
export function fillFromEvent(text: string, payload: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (written, name: string) => {
    const v = Object.hasOwn(payload, name) ? payload[name] : undefined;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : written;
  });
}

// Pure helpers of the task screens: grouping for My day, how late, who still has to sign.
import type { Evidence } from '../../../../contract/playbooks';
import type { CallOutcome, QuoteOutcome, Task } from '../../../../contract/tasks';
import { addDays, dateIn, viewerTimeZone } from '../../lib/calendar';
import { dateFormat, ROLE_LABELS } from '../../lib/format';

export type DueGroup = 'overdue' | 'today' | 'week' | 'later';
export const GROUP_TITLES: Record<DueGroup, string> = { overdue: 'Overdue', today: 'Today', week: 'This week', later: 'Later' };

/**
 * Where a task stands on My day, in the organisation's days (its timezone, as the server counts
 * "today"): overdue once past (or flagged by the server), today until the organisation's midnight,
 * this week for the six days after, later after that.
 */
export function dueGroup(task: Pick<Task, 'dueAt' | 'isOverdue'>, now: Date, timeZone: string): DueGroup {
  if (task.isOverdue) return 'overdue';
  if (!task.dueAt) return 'later';
  const due = new Date(task.dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  const today = dateIn(now, timeZone);
  const dueDay = dateIn(due, timeZone);
  if (dueDay <= today) return 'today';
  return dueDay < addDays(today, 7) ? 'week' : 'later';
}

/** Overdue first (the latest-due, i.e. least late, last), then by due date; undated last. */
export function groupTasks(tasks: Task[], now: Date, timeZone: string): Record<DueGroup, Task[]> {
  const groups: Record<DueGroup, Task[]> = { overdue: [], today: [], week: [], later: [] };
  const sorted = [...tasks].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
  for (const t of sorted) groups[dueGroup(t, now, timeZone)].push(t);
  return groups;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2 days late", "5 hours late" — late always says so in words (docs/ux.md). */
export function howLate(dueAt: string, now: Date): string {
  const ms = now.getTime() - new Date(dueAt).getTime();
  if (ms < 3600_000) return 'just late';
  if (ms < 86400_000) return `${plural(Math.floor(ms / 3600_000), 'hour')} late`;
  return `${plural(Math.floor(ms / 86400_000), 'day')} late`;
}

/**
 * "due today, 17:00", "due tomorrow, 09:00", "due Thursday", "due Dec 12": days and times in the
 * organisation's timezone, which the time names when it is not the viewer's ("17:00 EST").
 */
export function dueLabel(dueAt: string | null, now: Date, timeZone: string): string {
  if (!dueAt) return 'no due date';
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return howLate(dueAt, now);
  const named = timeZone !== viewerTimeZone();
  const time = dateFormat(undefined, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    ...(named && { timeZoneName: 'short' }),
  }).format(due);
  const today = dateIn(now, timeZone);
  const dueDay = dateIn(due, timeZone);
  if (dueDay === today) return `due today, ${time}`;
  if (dueDay === addDays(today, 1)) return `due tomorrow, ${time}`;
  if (dueDay < addDays(today, 7)) return `due ${dateFormat(undefined, { weekday: 'long', timeZone }).format(due)}`;
  return `due ${dateFormat(undefined, { dateStyle: 'medium', timeZone }).format(due)}`;
}

export function roleLabel(role: string | null): string {
  if (!role) return '—';
  const r = role.startsWith('account_team:') ? role.slice('account_team:'.length) : role;
  return ROLE_LABELS[r] ?? r;
}

/** Does completing this task need a form (anything beyond a click)? Sign-offs have their own button. */
export function needsEvidenceForm(evidence: Evidence | null): boolean {
  if (!evidence) return false;
  return Boolean(evidence.note || evidence.callOutcome || evidence.form || (evidence.checklist && evidence.checklist.length > 0));
}

export function isSignoffTask(task: Pick<Task, 'kind' | 'evidence'>): boolean {
  return Boolean(task.evidence?.signoffs) || task.kind === 'signoff';
}

export interface SignoffState {
  required: number;
  have: number;
  /** In words: "quality manager's signature missing", "1 more signature from Quality". */
  missing: string | null;
  /** Why the current user cannot sign, or null when they can. */
  blockedReason: string | null;
  label: string;
}

/** Who still has to sign, and whether `user` may (distinct signers; one must hold `mustInclude`). */
export function signoffState(
  task: Pick<Task, 'evidence' | 'signoffs' | 'status'>,
  user: { id: string; roles: string[] } | null,
): SignoffState {
  const req = task.evidence?.signoffs ?? { count: 1, roles: [] as string[], mustInclude: undefined };
  const signers = new Map(task.signoffs.map((s) => [s.user.id, s]));
  const have = signers.size;
  const left = Math.max(0, req.count - have);
  const mustHave = req.mustInclude ? [...signers.values()].some((s) => s.roles.includes(req.mustInclude!)) : true;
  const rolesText = req.roles.map((r) => ROLE_LABELS[r] ?? r).join(' or ');
  const mustLabel = req.mustInclude ? (ROLE_LABELS[req.mustInclude] ?? req.mustInclude).toLowerCase() : '';
  let missing: string | null = null;
  if (left > 0 || !mustHave) {
    if (!mustHave && left <= 1) missing = `${mustLabel}'s signature missing`;
    else if (!mustHave && have === 0) missing = `${left} signatures needed, one of them the ${mustLabel}'s`;
    else if (!mustHave) missing = `${have} of ${req.count} signed, ${mustLabel}'s signature missing`;
    else if (have === 0) missing = `${left} signature${left === 1 ? '' : 's'} needed${rolesText ? ` from ${rolesText}` : ''}`;
    else missing = `${have} of ${req.count} signed, ${left} more${rolesText ? ` from ${rolesText}` : ''}`;
  }
  let blockedReason: string | null = null;
  const mine = user ? signers.get(user.id) : undefined;
  if (task.status === 'done' || task.status === 'skipped') blockedReason = 'This step is done.';
  else if (!missing) blockedReason = 'All signatures are in.';
  else if (!user) blockedReason = 'Sign in to sign off.';
  else if (mine)
    blockedReason = `You signed this ${dateFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(mine.signedAt))}; the next signature must come from someone else.`;
  else if (req.roles.length > 0 && !req.roles.some((r) => user.roles.includes(r))) blockedReason = `Only ${rolesText} can sign this.`;
  else if (req.mustInclude && !mustHave && left <= 1 && !user.roles.includes(req.mustInclude))
    blockedReason = `The last signature must be the ${(ROLE_LABELS[req.mustInclude] ?? req.mustInclude).toLowerCase()}'s.`;
  const label = missing ? `Sign off — ${missing}` : 'Signed off';
  return { required: req.count, have, missing, blockedReason, label };
}

/** Where the quote stands after a follow-up call that reached them (P4.3). */
export const QUOTE_OUTCOME_LABELS: Record<QuoteOutcome, string> = {
  deciding: 'Still deciding',
  needs_changes: 'Wants changes',
  going_ahead: 'Going ahead',
  chose_other: 'Chose someone else',
};

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  reached: 'Reached them',
  left_message: 'Left a message',
  no_answer: 'No answer',
};

/**
 * What a message step's outcome says about its message (docs/progress-updates.md): sent, held back
 * by the cadence guard (its news goes with the next update), or what it waits for; null otherwise.
 */
export function stepMessageLine(task: Pick<Task, 'status' | 'outcome'>): string | null {
  const o = task.outcome ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const held = o['heldBack'] as Record<string, unknown> | undefined;
  if (held && typeof held === 'object') return `Update to ${str(held['to'])} ${str(held['reason'])}.`;
  const message = o['message'] as Record<string, unknown> | undefined;
  if (message && typeof message === 'object') {
    const when = str(message['sentAt']) ? 'Sent' : 'Released';
    return `${when} to ${str(message['to'])}: “${str(message['subject'])}”`;
  }
  if (task.status !== 'done' && typeof o['waitingFor'] === 'string') return o['waitingFor'];
  return null;
}

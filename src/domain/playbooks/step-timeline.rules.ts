// What a completed step leaves on the account timeline (docs/domain.md §3, "Completed steps on the
// timeline"). Pure: the words of the entry from the task and what its worker gave.
import type { StepKind } from '../../../contract/playbooks.js';
import type { CallOutcome, QuoteOutcome } from '../../../contract/tasks.js';

export interface StepTimelineEntry {
  /** The activity kind the entry is kept as: a call or a meeting as such, any other step as a note. */
  kind: 'call' | 'meeting' | 'note';
  /** The step's title (with "signed off" for a sign-off). */
  subject: string;
  body: string | null;
}

const CALL_WORDS: Record<CallOutcome, string> = { reached: 'Reached them', left_message: 'Left a message', no_answer: 'No answer' };
const QUOTE_WORDS: Record<QuoteOutcome, string> = {
  deciding: 'still deciding',
  needs_changes: 'wants changes',
  going_ahead: 'going ahead',
  chose_other: 'chose someone else',
};

export interface StepWork {
  note?: string | undefined;
  callOutcome?: CallOutcome | undefined;
  quoteOutcome?: QuoteOutcome | undefined;
  /** A sign-off: the roles the signer signed with. */
  signedOffAs?: readonly string[] | undefined;
  /** Data incomplete: what the customer was asked for (the step stays open). */
  askedFor?: string | undefined;
}

const joined = (parts: (string | null | undefined)[]) => parts.filter((p): p is string => !!p && p.trim() !== '').join(' — ') || null;

/**
 * The timeline entry of a step worked with a note, a call outcome, a sign-off or an ask for
 * missing data; null when the work says nothing a reader of the account would want (a bare
 * checklist), which is then not on the timeline.
 */
export function stepTimelineEntry(task: { title: string; kind: StepKind }, work: StepWork): StepTimelineEntry | null {
  if (work.signedOffAs) {
    const as = work.signedOffAs.map((r) => r.replace(/_/g, ' ')).join(', ');
    return { kind: 'note', subject: `${task.title} — signed off`, body: joined([as ? `Signed off as ${as}` : 'Signed off', work.note]) };
  }
  if (work.askedFor) {
    return { kind: 'note', subject: `${task.title} — incomplete`, body: joined([`Asked the customer for ${work.askedFor}`, work.note]) };
  }
  if (!work.note && !work.callOutcome) return null;
  const call = work.callOutcome ? CALL_WORDS[work.callOutcome] : null;
  const quote = work.quoteOutcome ? `quote: ${QUOTE_WORDS[work.quoteOutcome]}` : null;
  const kind = work.callOutcome || task.kind === 'call' ? 'call' : task.kind === 'meeting' ? 'meeting' : 'note';
  return { kind, subject: task.title, body: joined([call && quote ? `${call}, ${quote}` : call, work.note]) };
}

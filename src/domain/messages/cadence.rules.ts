// The cadence guard (P1.3: keep the customer informed without becoming a pest). Pure.
// Progress updates to one contact are capped per rolling 7 days (the contact's update_limit, else
// the organisation's default_update_limit); essential messages — tracking, late notice,
// correction — are never held back. A held-back update keeps its reason, and its news is folded
// into the next update that may go, so the customer misses nothing and gets fewer mails.
import type { MessageClass } from '../../../contract/messages.js';

export const CADENCE_WINDOW_MS = 7 * 24 * 3_600_000;

export interface CadenceInput {
  class: MessageClass;
  /** The contact's own limit (contacts.update_limit), or null to use the organisation's. */
  contactLimit: number | null;
  /** settings.default_update_limit */
  defaultLimit: number;
  /** When each progress update to this contact went out (or was queued to go), any order. */
  recentProgress: readonly Date[];
  now: Date;
}

export type CadenceDecision = { allowed: true } | { allowed: false; reason: string; nextAllowedAt: Date | null };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function cadenceDecision(input: CadenceInput): CadenceDecision {
  if (input.class === 'essential') return { allowed: true };
  const limit = input.contactLimit ?? input.defaultLimit;
  if (limit <= 0) return { allowed: false, reason: 'this contact gets no progress updates (their limit is 0 a week)', nextAllowedAt: null };
  const since = input.now.getTime() - CADENCE_WINDOW_MS;
  const inWindow = input.recentProgress
    .map((d) => d.getTime())
    .filter((t) => t > since && t <= input.now.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < limit) return { allowed: true };
  // The window frees a place when the oldest update that fills it is 7 days old.
  const freeing = inWindow[inWindow.length - limit]!;
  return {
    allowed: false,
    reason: `${plural(inWindow.length, 'update')} already sent this week`,
    nextAllowedAt: new Date(freeing + CADENCE_WINDOW_MS),
  };
}

export interface HeldBackNews {
  subject: string;
  text: string;
}

/** Text as HTML: the five characters that could be markup, escaped. */
export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

/** The part added to the next update that may go: the news of the updates held back, oldest first. */
export function foldedNews(held: readonly HeldBackNews[]): { text: string; html: string } | null {
  if (held.length === 0) return null;
  const heading = held.length === 1 ? 'Also since my last update:' : `Also since my last update (${held.length} pieces of news):`;
  return {
    text: `\n${heading}\n${held.map((h) => `- ${h.subject}`).join('\n')}\n`,
    html: `<p>${escapeHtml(heading)}</p><ul>${held.map((h) => `<li>${escapeHtml(h.subject)}</li>`).join('')}</ul>`,
  };
}

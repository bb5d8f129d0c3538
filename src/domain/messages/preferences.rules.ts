// The footer every progress message carries (docs/preferences.md): who sends these updates, how
// many at most, and the link to choose fewer or none. Added in code after the template, so no edit
// of a template can drop it; essential messages (tracking, late notices, corrections) have none.
// Pure.
import { escapeHtml } from './cadence.rules.js';

/** What a contact may choose on the preferences page: the organisation's limit, one a week, or none. */
export const PREFERENCE_CHOICES = ['default', 'one', 'none'] as const;
export type PreferenceChoice = (typeof PREFERENCE_CHOICES)[number];

/** The contact's update_limit for a choice (null: the organisation's default). */
export const limitOfChoice = (choice: PreferenceChoice): number | null => (choice === 'default' ? null : choice === 'one' ? 1 : 0);

/** The choice a contact's update_limit stands for; a limit staff set above one reads as the default. */
export const choiceOfLimit = (limit: number | null): PreferenceChoice => (limit === 0 ? 'none' : limit === 1 ? 'one' : 'default');

export interface FooterInput {
  orgName: string;
  /** The contact's limit in force (theirs, else the organisation's), per 7 days. */
  limit: number;
  url: string;
}

const often = (limit: number) => (limit === 1 ? 'at most one a week' : `at most ${limit} a week`);

export function preferencesFooter({ orgName, limit, url }: FooterInput): { text: string; html: string } {
  const sentence = `You get progress updates about your orders from ${orgName}, ${often(limit)}.`;
  const always = 'Tracking, late notices and answers to your mails come either way.';
  return {
    text: `\n\n--\n${sentence}\nFewer or none: ${url}\n${always}\n`,
    html: `\n<hr style="border:0;border-top:1px solid #d9e2ec;margin:24px 0 8px">\n<p style="color:#52606d;font-size:12px">${escapeHtml(sentence)} <a href="${escapeHtml(url)}">Choose fewer or none</a>. ${escapeHtml(always)}</p>`,
  };
}

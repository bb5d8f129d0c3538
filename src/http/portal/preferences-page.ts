// The mail-preferences page (docs/preferences.md): a plain form that works without script, in the
// portal's look. Every value from the database goes through `esc`.
import type { MailPreferences } from '../../domain/portal/index.js';
import { esc, portalShell } from './page.js';

const weekly = (n: number) => (n === 1 ? 'at most one a week' : `at most ${n} a week`);

function option(value: MailPreferences['choice'], current: MailPreferences['choice'], label: string, hint: string): string {
  const id = `choice-${value}`;
  return `<div class="check"><input type="radio" name="choice" value="${value}" id="${id}" aria-describedby="${id}-hint"${value === current ? ' checked' : ''}><label for="${id}">${esc(label)}</label></div><p class="muted hint" id="${id}-hint">${esc(hint)}</p>`;
}

export function renderPreferencesPage(p: MailPreferences, saved: boolean): string {
  const body = `<main>
<p>Hello ${esc(p.contactName)}. ${esc(p.orgName)} sends you short progress updates while your orders are made — when one passes its data review, goes into production or passes inspection.${p.email ? ` They go to ${esc(p.email)}.` : ''}</p>
${saved ? `<p class="saved" role="status">Saved. From now on you get ${p.choice === 'none' ? 'no progress updates' : p.choice === 'one' ? 'at most one progress update a week' : `progress updates as usual, ${weekly(p.defaultLimit)}`}.</p>` : ''}
<form method="post">
<fieldset><legend>Progress updates</legend>
${option('default', p.choice, `As usual — ${weekly(p.defaultLimit)}`, 'News that would go beyond that waits for the next update, so you miss nothing.')}
${option('one', p.choice, 'At most one a week', 'Everything that happened that week in one mail.')}
${option('none', p.choice, 'None', 'No progress updates at all.')}
</fieldset>
<p class="muted">Tracking information when an order ships, a notice if an order will be late, corrections and answers to your mails come either way: they are about orders you placed.</p>
<button type="submit">Save my choice</button>
</form>
</main>
<footer>This page is for ${esc(p.contactName)} only. Please do not forward the link.</footer>`;
  return portalShell('Mail preferences', p.orgName, body, false);
}

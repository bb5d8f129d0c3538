// The testimonial page a customer opens from the request (docs/testimonials.md): the proposed words
// to edit, how to be named, approve or decline; once approved, how it is shown and a withdraw button.
// A plain form that works without script. Every value goes through `esc`.
import type { TestimonialPage } from '../../domain/testimonials/index.js';
import { esc, portalShell } from './page.js';

const CREDITS = [
  ['full_name', 'My full name and company'],
  ['initials', 'My initials and company'],
  ['pseudonym', 'A made-up name, shown with “(name changed)”'],
] as const;

export function renderTestimonialPage(p: TestimonialPage, error?: string): string {
  const hello = `<p>Hello${p.contactName ? ` ${esc(p.contactName)}` : ''}.</p>`;
  let body: string;
  if (p.status === 'approved') {
    body = `<main>${hello}<p class="saved" role="status">Thank you: we may quote you.</p>
<blockquote class="card">“${esc(p.text)}”<br><span class="muted">— ${esc(p.attribution)}</span></blockquote>
<p>This is exactly how it is shown. Changed your mind? It is taken down everywhere at once.</p>
<form method="post" action="${''}"><input type="hidden" name="decision" value="withdraw"><button type="submit">Withdraw my testimonial</button></form></main>`;
  } else if (p.status === 'withdrawn' || p.status === 'declined') {
    body = `<main>${hello}<p class="saved" role="status">${p.status === 'withdrawn' ? 'Your testimonial is withdrawn: it is not shown anywhere.' : 'Understood: we will not quote you.'}</p></main>`;
  } else {
    const radios = CREDITS.map(
      ([value, label]) =>
        `<div class="check"><input type="radio" name="credit" value="${value}" id="credit-${value}"${value === 'full_name' ? ' checked' : ''}><label for="credit-${value}">${esc(label)}</label></div>`,
    ).join('');
    body = `<main>${hello}<p>${esc(p.orgName)} would like to quote you. Change the words as you like, and choose how you are named.</p>
${error ? `<p class="notice" role="alert">${esc(error)}</p>` : ''}
<form method="post">
<input type="hidden" name="decision" value="approve">
<label for="text">Your words</label><textarea id="text" name="text" maxlength="2000" required>${esc(p.proposedText)}</textarea>
<fieldset><legend>Name me with</legend>${radios}
<label for="pseudonym">The made-up name (only for that choice)</label><input type="text" id="pseudonym" name="pseudonym" maxlength="60"></fieldset>
<p><button type="submit">Approve</button></p>
</form>
<form method="post"><input type="hidden" name="decision" value="decline"><button type="submit" class="secondary">No, thank you</button></form>
</main>`;
  }
  return portalShell(
    'May we quote you?',
    p.orgName,
    `${body}<footer>This page is for ${esc(p.accountName)}. We show only what you approve.</footer>`,
    false,
  );
}

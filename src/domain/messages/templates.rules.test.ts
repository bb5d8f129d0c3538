import { describe, expect, it } from 'vitest';
import { MESSAGE_TEMPLATE_KEYS } from '../../../contract/messages.js';
import { checkTemplate, htmlOfText, renderMessage, sampleVariables, SHIPPED_TEMPLATES, unwrittenParts } from './templates.rules.js';

describe('message templates', () => {
  it.each(MESSAGE_TEMPLATE_KEYS)('the shipped %s template renders with every variable known', async (key) => {
    expect(await checkTemplate(SHIPPED_TEMPLATES[key])).toEqual([]);
  });

  it('renders without a CSR, an order or lines (empty, not failing the action that queued it)', async () => {
    const vars = { ...sampleVariables('Acme'), csr: null, gm: null, rep: null, order: null, tracking_link: null };
    const out = await renderMessage(SHIPPED_TEMPLATES.correction, vars);
    expect(out.subject).toBe('A correction');
    expect(out.text).toContain('Hello Jane Buyer');
    expect(out.text.trim().endsWith('Acme')).toBe(true);
    const tracking = await renderMessage(SHIPPED_TEMPLATES.tracking, { ...sampleVariables('Acme'), csr: null });
    expect(tracking.text).toContain('reply to this mail.');
    expect(tracking.text).not.toContain('reaches me directly');
  });

  it('escapes every value in the HTML part, not in the text part or the subject', async () => {
    const vars = sampleVariables('<b>Acme</b> & Co');
    const out = await renderMessage(
      { subject: '{{ organisation.name }}', text: '{{ organisation.name }}', html: '<p>{{ organisation.name }}</p>' },
      vars,
    );
    expect(out).toEqual({ subject: '<b>Acme</b> & Co', text: '<b>Acme</b> & Co\n', html: '<p>&lt;b&gt;Acme&lt;/b&gt; &amp; Co</p>' });
  });

  it.each([
    ['an unknown variable', { text: 'Hi {{ contact.nmae }}' }, 'text', 'unknown variable contact.nmae (line 1, column 7)'],
    ['an unknown filter', { subject: '{{ contact.name | shout }}' }, 'subject', 'undefined filter: shout (line 1, column 1)'],
    ['a prototype walk', { html: '{{ contact.constructor }}' }, 'html', 'unknown variable contact.constructor (line 1, column 4)'],
    ['an include (no file system)', { text: 'x\n{% include "secrets" %}' }, 'text', /line 2/],
  ] as const)('refuses %s, naming the part and the line', async (_, part, path, message) => {
    const problems = await checkTemplate({ subject: 'S', text: 'T', html: 'H', ...part });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(path);
    expect(problems[0]!.message).toMatch(message);
  });

  it('drafts a late notice with the new date when the estimate is past the promise, and the parts to write', async () => {
    const vars = sampleVariables('Acme');
    const late = await renderMessage(SHIPPED_TEMPLATES.late_notice, {
      ...vars,
      order: { ...vars.order!, promised_date: '2026-03-20', expected_ship_date: '2026-03-24' },
    });
    expect(late.text).toContain('It will now ship on 2026-03-24.');
    expect(unwrittenParts(late.text)).toEqual(['[[what caused the delay]]', '[[what is being done]]']);
    const noDate = await renderMessage(SHIPPED_TEMPLATES.late_notice, vars); // estimate 03-19, before the promise
    expect(unwrittenParts(noDate.text)).toEqual(['[[the new date]]', '[[what caused the delay]]', '[[what is being done]]']);
  });

  it('a correction says what we said and what is true', async () => {
    const out = await renderMessage(SHIPPED_TEMPLATES.correction, sampleVariables('Acme'));
    expect(out.text).toContain('What we said: The boards would ship with gold plating.');
    expect(out.text).toContain('What is true: They ship with tin plating; gold adds a week.');
  });

  it('makes the HTML part of a person’s text: escaped, paragraphs and line breaks kept', () => {
    expect(htmlOfText('Hello <Jane> & co,\n\nline one\nline two\n')).toBe(
      '<p>Hello &lt;Jane&gt; &amp; co,</p>\n<p>line one<br>\nline two</p>',
    );
  });
  it('a progress update says the step’s news, in the subject and the text; without news, the order’s status', async () => {
    const vars = sampleVariables('Acme');
    const out = await renderMessage(SHIPPED_TEMPLATES.progress_update, vars);
    expect(out.subject).toBe('Order SO-10481: drawings and specifications reviewed');
    expect(out.text).toContain('a short update on your order SO-10481: Our engineers reviewed your drawings and specifications');
    const plain = await renderMessage(SHIPPED_TEMPLATES.progress_update, { ...vars, news: null });
    expect(plain.subject).toBe('Order SO-10481: In production');
    expect(plain.text).toContain('it is now In production.');
  });

  it('an invitation says what, when in the account’s timezone and how long', async () => {
    const out = await renderMessage(SHIPPED_TEMPLATES.invitation, sampleVariables('Acme'));
    expect(out.subject).toBe('Invitation: Kickoff meeting — Tuesday 3 March 2026, 09:00 (America/Chicago)');
    expect(out.text).toContain('When: Tuesday 3 March 2026, 09:00 (America/Chicago), 30 minutes');
  });
});

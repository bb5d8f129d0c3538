import { describe, expect, it } from 'vitest';
import { choiceOfLimit, limitOfChoice, PREFERENCE_CHOICES, preferencesFooter } from './preferences.rules.js';

describe('the mail-preferences choices', () => {
  it.each([
    ['default', null],
    ['one', 1],
    ['none', 0],
  ] as const)('%s sets the contact’s limit to %s, and that limit reads back as the same choice', (choice, limit) => {
    expect(limitOfChoice(choice)).toBe(limit);
    expect(choiceOfLimit(limit)).toBe(choice);
  });

  it('reads a limit staff set above one as the organisation’s choice, not as a choice the contact made', () => {
    expect(choiceOfLimit(3)).toBe('default');
    expect(PREFERENCE_CHOICES).toEqual(['default', 'one', 'none']);
  });
});

describe('the footer of a progress message', () => {
  it('names the sender, the limit in force and the link, in both parts', () => {
    const f = preferencesFooter({ orgName: 'Acme', limit: 2, url: 'https://r.example/u/abc' });
    expect(f.text).toContain('You get progress updates about your orders from Acme, at most 2 a week.');
    expect(f.text).toContain('Fewer or none: https://r.example/u/abc');
    expect(f.html).toContain('<a href="https://r.example/u/abc">Choose fewer or none</a>');
    expect(preferencesFooter({ orgName: 'Acme', limit: 1, url: 'u' }).text).toContain('at most one a week');
  });

  it('escapes an organisation name in the HTML part', () => {
    const f = preferencesFooter({ orgName: '<script>x</script> & Co', limit: 2, url: 'https://r.example/u/a"b' });
    expect(f.html).not.toContain('<script>');
    expect(f.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; Co');
    expect(f.html).toContain('href="https://r.example/u/a&#34;b"');
  });
});

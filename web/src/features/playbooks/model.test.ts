import { describe, expect, it } from 'vitest';
import { blankPlaybookSource, copyPlaybookSource, formatDuration, triggerWords } from './model';

describe('formatDuration', () => {
  it.each([
    ['P2D', '2 days'],
    ['P1D', '1 day'],
    ['PT4H', '4 hours'],
    ['P1W', '1 week'],
    ['P1DT2H', '1 day 2 hours'],
    ['PT30M', '30 minutes'],
    ['P0D', 'at once'],
    ['P1M', 'P1M'],
    ['soon', 'soon'],
  ])('%s reads “%s”', (iso, expected) => {
    expect(formatDuration(iso)).toBe(expected);
  });
});

describe('a new playbook’s document', () => {
  it('a blank one has its key, its name and one step to start from', () => {
    const source = blankPlaybookSource('welcome-call', 'Welcome: "hello"', 'order.delivered');
    expect(source).toMatch(/^key: welcome-call$/m);
    expect(source).toMatch(/^name: "Welcome: \\"hello\\""$/m);
    expect(source).toMatch(/^ {2}event: order.delivered$/m);
    expect(source).toMatch(/^ {2}- key: first-step$/m);
  });

  it('a copy takes the new key and name and keeps the rest as written, comments included', () => {
    const original = [
      '# Why: the practice.',
      'key: quote-follow-up',
      'name: Quote follow-up',
      'trigger:',
      '  event: quote.sent',
      'steps:',
      '  - key: call-1',
      '    name: not top-level',
    ].join('\n');
    const copy = copyPlaybookSource(original, 'quote-follow-up-2', 'Quote follow-up (big quotes)');
    expect(copy.split('\n')).toEqual([
      '# Why: the practice.',
      'key: quote-follow-up-2',
      'name: "Quote follow-up (big quotes)"',
      'trigger:',
      '  event: quote.sent',
      'steps:',
      '  - key: call-1',
      '    name: not top-level',
    ]);
  });

  it('adds the key and name when the copied text has none at the top level', () => {
    expect(copyPlaybookSource('steps: []', 'x', 'X')).toBe('key: x\nname: "X"\nsteps: []');
  });
});

describe('what starts a playbook, in words', () => {
  it('names each event as a clause, and the daily schedule as itself', () => {
    expect(triggerWords(['order.created'])).toBe('when an order is placed');
    expect(triggerWords(['account.neglected', 'account.rhythm_overdue'])).toBe(
      'when an account has had no contact for too long or when an account is late for its usual order',
    );
    expect(triggerWords(['schedule.daily'])).toBe('every day');
  });
});

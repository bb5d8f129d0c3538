import { describe, expect, it } from 'vitest';
import { quoteAge } from './quote-age';

describe('quoteAge', () => {
  const now = new Date('2026-03-14T12:00:00Z');
  it('counts the whole days an open quote has waited', () => {
    expect(quoteAge({ status: 'open', sentAt: '2026-03-02T00:00:00.000Z', decidedAt: null }, now)).toBe('open 12 days');
    expect(quoteAge({ status: 'open', sentAt: '2026-03-14T08:00:00.000Z', decidedAt: null }, now)).toBe('open less than a day');
  });
  it('a decided quote says how long the answer took', () => {
    expect(quoteAge({ status: 'won', sentAt: '2026-03-02T00:00:00.000Z', decidedAt: '2026-03-03T09:00:00.000Z' }, now)).toBe(
      'decided after 1 day',
    );
  });
});

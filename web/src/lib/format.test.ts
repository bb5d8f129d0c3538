import { describe, expect, it } from 'vitest';
import { formatWhen } from './format';

describe('formatWhen', () => {
  const now = new Date('2026-03-04T13:00:00Z');

  it('shows a date-only value (00:00 of its day) as its date, never "13 hours ago"', () => {
    expect(formatWhen('2026-03-04T00:00:00.000Z', now)).not.toMatch(/ago|hour/);
    expect(formatWhen('2026-03-04T00:00:00.000Z', now)).toMatch(/2026/);
  });

  it("reads midnight in the account's timezone as a date too", () => {
    expect(formatWhen('2026-03-04T05:00:00.000Z', now, 'America/New_York')).toMatch(/2026/);
  });

  it('shows a moment in the day relative to now', () => {
    expect(formatWhen('2026-03-04T10:12:31.000Z', now)).toMatch(/3 hours ago/);
  });
});

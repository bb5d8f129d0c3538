import { describe, expect, it } from 'vitest';
import { formatDuration } from './model';

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

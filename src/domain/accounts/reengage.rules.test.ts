import { describe, expect, it } from 'vitest';
import { accountAttention, quietFor, reengageExplanation } from './reengage.rules.js';

describe('reengageExplanation', () => {
  it.each([
    // [last order, today, median gap, sentence]
    ['2026-09-23', '2026-12-06', 31, 'usually orders every 31 days; last order 74 days ago (2.4× its rhythm)'],
    ['2026-11-28', '2026-12-06', 3.5, 'usually orders every 3.5 days; last order 8 days ago (2.3× its rhythm)'],
    // 62 / 30 = 2.0666…: one decimal, and no ".0" on a whole factor.
    ['2026-10-05', '2026-12-06', 30, 'usually orders every 30 days; last order 62 days ago (2.1× its rhythm)'],
    ['2026-11-06', '2026-12-06', 10, 'usually orders every 10 days; last order 30 days ago (3× its rhythm)'],
    // 4 / 1.78 = 2.25 rounds half up to 2.3; the median shows with one decimal too.
    ['2026-12-02', '2026-12-06', 1.7777777, 'usually orders every 1.8 days; last order 4 days ago (2.3× its rhythm)'],
    ['2026-12-03', '2026-12-06', 1, 'usually orders every day; last order 3 days ago (3× its rhythm)'],
    ['2026-12-05', '2026-12-06', 0.5, 'usually orders every 0.5 days; last order 1 day ago (2× its rhythm)'],
    ['2026-12-05', '2026-12-06', 0, 'usually orders several times on the same day; last order 1 day ago'],
  ] as const)('rhythm: last order %s, today %s, median %s → "%s"', (last, today, median, sentence) => {
    expect(reengageExplanation({ reason: 'rhythm_overdue', lastOrderDate: last, today, medianGapDays: median })).toBe(sentence);
  });

  it.each([
    ['2026-05-02', '2026-12-06', 'no order for 7 months (last on 2026-05-02)'],
    // Below two whole months the days are counted: "1 month" would hide 59 days.
    ['2026-10-08', '2026-12-06', 'no order for 59 days (last on 2026-10-08)'],
    ['2026-10-06', '2026-12-06', 'no order for 2 months (last on 2026-10-06)'],
    ['2026-12-05', '2026-12-06', 'no order for 1 day (last on 2026-12-05)'],
    ['2025-01-01', '2026-12-06', 'no order for 23 months (last on 2025-01-01)'],
    ['2024-12-06', '2026-12-06', 'no order for 2 years (last on 2024-12-06)'],
    ['2021-03-31', '2026-12-06', 'no order for 5 years (last on 2021-03-31)'],
  ] as const)('neglect: last order %s, today %s → "%s"', (last, today, sentence) => {
    expect(reengageExplanation({ reason: 'neglected', lastOrderDate: last, today, medianGapDays: 40 })).toBe(sentence);
  });

  it('counts whole calendar months, the end of a month included', () => {
    expect(quietFor('2026-01-31', '2026-03-30')).toBe('58 days');
    expect(quietFor('2026-01-31', '2026-03-31')).toBe('2 months');
    expect(quietFor('2026-02-28', '2026-04-28')).toBe('2 months');
  });
});

describe('accountAttention reads the one rule of the account status', () => {
  const policy = { today: '2026-12-06', orgTimezone: 'UTC', neglectDays: 180, rhythmFactor: 2 };
  const facts = {
    isLost: false,
    kind: 'customer' as const,
    orderCount: 5,
    lastOrderAt: new Date('2026-09-23T10:00:00Z'),
    medianGapDays: 31,
    timezone: null,
  };

  it('a customer past twice its rhythm', () => {
    expect(accountAttention(facts, policy)).toEqual({
      reason: 'rhythm_overdue',
      explanation: 'usually orders every 31 days; last order 74 days ago (2.4× its rhythm)',
    });
  });

  it('neglect wins over the rhythm, as dormant wins over at risk', () => {
    expect(accountAttention({ ...facts, lastOrderAt: new Date('2026-05-02T10:00:00Z') }, policy)).toEqual({
      reason: 'neglected',
      explanation: 'no order for 7 months (last on 2026-05-02)',
    });
  });

  it('exactly at the line is not yet past it; the day after is', () => {
    // 62 days is exactly 2 × 31: not more than the factor.
    expect(accountAttention({ ...facts, lastOrderAt: new Date('2026-10-05T10:00:00Z') }, policy)).toBeNull();
    expect(accountAttention({ ...facts, lastOrderAt: new Date('2026-10-04T10:00:00Z') }, policy)?.reason).toBe('rhythm_overdue');
  });

  it('takes the last order date in the account timezone', () => {
    // 2026-09-23 23:30 UTC is already 2026-09-24 in Auckland: 73 days.
    const late = { ...facts, lastOrderAt: new Date('2026-09-23T23:30:00Z'), timezone: 'Pacific/Auckland' };
    expect(accountAttention(late, policy)?.explanation).toBe('usually orders every 31 days; last order 73 days ago (2.4× its rhythm)');
  });

  it('nothing for a lost account, a supplier, or two orders without a rhythm', () => {
    const old = { lastOrderAt: new Date('2025-01-01T10:00:00Z') };
    expect(accountAttention({ ...facts, ...old, isLost: true }, policy)).toBeNull();
    expect(accountAttention({ ...facts, ...old, kind: 'supplier' }, policy)).toBeNull();
    expect(accountAttention({ ...facts, orderCount: 2 }, policy)).toBeNull();
  });
});

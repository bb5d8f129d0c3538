import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../contract/orders.js';
import { isAmountDerivedFromLines, isAudition, isLate, lineAmountMinor, quantityThousandths, sumLineAmounts } from './order.rules.js';

describe('quantityThousandths', () => {
  it.each([
    [1, 1000],
    [0.1, 100],
    [2.5, 2500],
    [1.234, 1234],
    [1.0005, null],
    [0.0001, null],
  ] as const)('%s → %s', (q, expected) => {
    expect(quantityThousandths(q)).toBe(expected);
  });
});

describe('lineAmountMinor rounds quantity × unit price half-up in minor units', () => {
  it.each([
    [3000, 1000, 3000, 'whole quantities multiply exactly'],
    [1500, 333, 500, '1.5 × 3.33 = 4.995 rounds up to 5.00'],
    [3000, 33, 99, '3 × 0.33 = 0.99'],
    [1001, 1, 1, '1.001 × 0.01 = 0.01001 rounds down'],
    [500, 1, 1, '0.5 × 0.01 = 0.005 rounds up'],
    [500, -1, -1, 'negatives round half away from zero'],
    [2000, 0, 0, 'free items cost nothing'],
  ] as const)('%s‰ × %s → %s (%s)', (q, price, expected, _why) => {
    expect(lineAmountMinor(q, price)).toBe(expected);
  });
});

describe('derived amounts', () => {
  it('sums line amounts', () => {
    expect(sumLineAmounts([{ lineAmount: 100 }, { lineAmount: 250 }])).toBe(350);
    expect(sumLineAmounts([])).toBe(0);
  });
  it.each([
    [350, [100, 250], true, 'amount equals the lines'],
    [400, [100, 250], false, 'amount set by hand'],
    [0, [], true, 'no lines and no amount yet'],
    [5000, [], false, 'amount without lines'],
  ] as const)('amount %s with lines %j is derived: %s (%s)', (amount, lines, expected, _why) => {
    expect(
      isAmountDerivedFromLines(
        amount,
        lines.map((lineAmount) => ({ lineAmount })),
      ),
    ).toBe(expected);
  });
});

describe('isLate', () => {
  const today = '2026-03-02';
  const table: [OrderStatus, string | null, boolean, string][] = [
    ['in_production', '2026-03-01', true, 'promised yesterday, not shipped'],
    ['in_production', '2026-03-02', false, 'promised today is not late yet'],
    ['received', '2026-03-03', false, 'not yet due'],
    ['received', null, false, 'no promise, never late'],
    ['shipped', '2026-01-01', false, 'shipped orders are not late'],
    ['delivered', '2026-01-01', false, 'delivered'],
    ['closed', '2026-01-01', false, 'closed'],
    ['cancelled', '2026-01-01', false, 'cancelled'],
  ];
  it.each(table)('%s promised %s → %s (%s)', (status, promised, expected, _why) => {
    expect(isLate(status, promised, today)).toBe(expected);
  });
});

describe('isAudition', () => {
  it.each([
    [true, 5_000_000, 5_000_000, true, 'at the threshold'],
    [true, 4_999_999, 5_000_000, false, 'below it'],
    [true, null, 5_000_000, false, 'unknown potential'],
    [false, 9_000_000, 5_000_000, false, 'not a first order'],
  ] as const)('first=%s potential=%s min=%s → %s (%s)', (first, potential, min, expected, _why) => {
    expect(isAudition(first, potential, min)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { breakdownSummary } from './imports.js';

const counts = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });

describe('breakdownSummary: what a sales import did to customers, orders and lines, in words', () => {
  it('says each count once, and only the ones that happened', () => {
    expect(breakdownSummary({ accounts: counts(2, 0, 10), orders: counts(12, 0, 0), lines: counts(24, 0, 0) })).toBe(
      '12 customers (2 new, 10 unchanged), 12 new orders, 24 new lines',
    );
    expect(breakdownSummary({ accounts: counts(0, 0, 1), orders: counts(1, 1, 0), lines: counts(2, 0, 1) })).toBe(
      '1 customer unchanged, 2 orders (1 new, 1 updated), 3 lines (2 new, 1 unchanged)',
    );
    expect(breakdownSummary({ accounts: counts(0, 0, 0), orders: counts(0, 1_204, 0), lines: counts(1, 0, 0) })).toBe(
      'no customers, 1,204 orders updated, 1 new line',
    );
  });
});

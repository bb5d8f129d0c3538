import { describe, expect, it } from 'vitest';
import { daysBetween, deriveAccountStatus, isAuditionAccount, median, orderGaps, type AccountStatusFacts } from './account-status.rules.js';

const policy = { today: '2026-03-02', orgTimezone: 'UTC', neglectDays: 180, rhythmFactor: 2 };
const base: AccountStatusFacts = {
  isLost: false,
  kind: 'customer',
  orderCount: 0,
  lastOrderAt: null,
  medianGapDays: null,
  timezone: null,
  problemDueAt: null,
};
const at = (iso: string) => new Date(iso);

describe('deriveAccountStatus', () => {
  it.each([
    ['an account without orders is a prospect', {}, 'prospect'],
    ['a lost account stays lost whatever its orders', { isLost: true, orderCount: 5, lastOrderAt: at('2026-03-01T10:00:00Z') }, 'lost'],
    ['a lost account without orders is lost, not prospect', { isLost: true }, 'lost'],
    ['one recent order makes it new', { orderCount: 1, lastOrderAt: at('2026-02-01T10:00:00Z') }, 'new'],
    ['two or more recent orders make it active', { orderCount: 2, lastOrderAt: at('2026-02-01T10:00:00Z') }, 'active'],
    [
      'a last order exactly neglectDays before today is not yet dormant',
      { orderCount: 3, lastOrderAt: at('2025-09-03T12:00:00Z') },
      'active',
    ],
    ['a last order neglectDays + 1 before today is dormant', { orderCount: 3, lastOrderAt: at('2025-09-02T12:00:00Z') }, 'dormant'],
    ['a neglected account with one order is dormant, not new', { orderCount: 1, lastOrderAt: at('2025-01-01T12:00:00Z') }, 'dormant'],
    ['a supplier is never dormant', { kind: 'supplier', orderCount: 3, lastOrderAt: at('2020-01-01T12:00:00Z') }, 'active'],
    [
      'a prospect-kind account with old orders is never dormant',
      { kind: 'prospect', orderCount: 1, lastOrderAt: at('2020-01-01T12:00:00Z') },
      'new',
    ],
    ['orders counted without a last order date are not dormant', { orderCount: 2, lastOrderAt: null }, 'active'],
    // 2025-09-02T23:30Z is already 2025-09-03 in Berlin: 180 days before today, so not dormant there.
    [
      'the last order date is taken in the account timezone',
      { orderCount: 2, lastOrderAt: at('2025-09-02T23:30:00Z'), timezone: 'Europe/Berlin' },
      'active',
    ],
    ['the same instant is dormant in UTC', { orderCount: 2, lastOrderAt: at('2025-09-02T23:30:00Z') }, 'dormant'],
    // Rhythm (factor 2): a median gap of 10 days makes more than 20 days of silence overdue.
    [
      '3 orders and 21 days since the last, median gap 10, is at risk',
      { orderCount: 3, medianGapDays: 10, lastOrderAt: at('2026-02-09T12:00:00Z') },
      'at_risk',
    ],
    [
      'exactly factor × median days since the last order is not yet at risk',
      { orderCount: 3, medianGapDays: 10, lastOrderAt: at('2026-02-10T12:00:00Z') },
      'active',
    ],
    [
      'a half-day median (2.5) makes 6 days overdue',
      { orderCount: 5, medianGapDays: 2.5, lastOrderAt: at('2026-02-24T12:00:00Z') },
      'at_risk',
    ],
    [
      'a half-day median (2.5) leaves 5 days on rhythm',
      { orderCount: 5, medianGapDays: 2.5, lastOrderAt: at('2026-02-25T12:00:00Z') },
      'active',
    ],
    [
      'a median of 0 (same-day orders) is overdue the next day',
      { orderCount: 3, medianGapDays: 0, lastOrderAt: at('2026-03-01T12:00:00Z') },
      'at_risk',
    ],
    [
      'a median of 0 is not overdue on the day of the last order',
      { orderCount: 3, medianGapDays: 0, lastOrderAt: at('2026-03-02T08:00:00Z') },
      'active',
    ],
    ['two orders are too few for a rhythm', { orderCount: 2, medianGapDays: 5, lastOrderAt: at('2026-01-01T12:00:00Z') }, 'active'],
    [
      'a supplier has no rhythm to miss',
      { kind: 'supplier', orderCount: 4, medianGapDays: 5, lastOrderAt: at('2026-01-01T12:00:00Z') },
      'active',
    ],
    ['dormant wins over at risk', { orderCount: 4, medianGapDays: 10, lastOrderAt: at('2025-01-01T12:00:00Z') }, 'dormant'],
    ['lost wins over at risk', { isLost: true, orderCount: 4, medianGapDays: 10, lastOrderAt: at('2026-01-01T12:00:00Z') }, 'lost'],
    // An open problem past due: its due day (organisation's timezone) before today.
    [
      'a problem due yesterday makes a one-order account at risk',
      { orderCount: 1, lastOrderAt: at('2026-02-20T12:00:00Z'), problemDueAt: at('2026-03-01T17:00:00Z') },
      'at_risk',
    ],
    [
      'a problem due today is not yet past due',
      { orderCount: 2, lastOrderAt: at('2026-02-20T12:00:00Z'), problemDueAt: at('2026-03-02T00:30:00Z') },
      'active',
    ],
    [
      'a problem due later is not past due',
      { orderCount: 2, lastOrderAt: at('2026-02-20T12:00:00Z'), problemDueAt: at('2026-03-05T12:00:00Z') },
      'active',
    ],
    ['a prospect with a problem past due stays a prospect', { problemDueAt: at('2026-02-01T12:00:00Z') }, 'prospect'],
    [
      'dormant wins over a problem past due',
      { orderCount: 2, lastOrderAt: at('2025-01-01T12:00:00Z'), problemDueAt: at('2026-02-01T12:00:00Z') },
      'dormant',
    ],
    // A detractor's survey answer in the last 90 days (today is 2026-03-02).
    [
      'a detractor’s answer today makes a one-order account at risk',
      { orderCount: 1, lastOrderAt: at('2026-02-20T12:00:00Z'), lastDetractorAt: at('2026-03-02T09:00:00Z') },
      'at_risk',
    ],
    [
      'a detractor’s answer 89 days ago still does',
      { orderCount: 2, lastOrderAt: at('2026-02-20T12:00:00Z'), lastDetractorAt: at('2025-12-03T12:00:00Z') },
      'at_risk',
    ],
    [
      'one 90 days ago no longer does',
      { orderCount: 2, lastOrderAt: at('2026-02-20T12:00:00Z'), lastDetractorAt: at('2025-12-02T12:00:00Z') },
      'active',
    ],
    [
      'dormant wins over a detractor’s answer',
      { orderCount: 2, lastOrderAt: at('2025-01-01T12:00:00Z'), lastDetractorAt: at('2026-03-01T12:00:00Z') },
      'dormant',
    ],
    [
      'lost wins over a problem past due',
      { isLost: true, orderCount: 2, lastOrderAt: at('2026-02-20T12:00:00Z'), problemDueAt: at('2026-02-01T12:00:00Z') },
      'lost',
    ],
  ] as const)('%s', (_name, facts, expected) => {
    expect(deriveAccountStatus({ ...base, ...facts }, policy)).toBe(expected);
  });

  it('takes a problem’s due day in the organisation timezone', () => {
    // 2026-03-01T23:30Z is already 2026-03-02 in Berlin: due today there, so not yet past due.
    const facts = { ...base, orderCount: 2, lastOrderAt: at('2026-02-20T12:00:00Z'), problemDueAt: at('2026-03-01T23:30:00Z') };
    expect(deriveAccountStatus(facts, policy)).toBe('at_risk');
    expect(deriveAccountStatus(facts, { ...policy, orgTimezone: 'Europe/Berlin' })).toBe('active');
  });

  it('falls back to the organisation timezone when the account has none', () => {
    const facts = { ...base, orderCount: 2, lastOrderAt: at('2025-09-03T03:00:00Z') };
    expect(deriveAccountStatus(facts, { ...policy, orgTimezone: 'America/Los_Angeles' })).toBe('dormant');
    expect(deriveAccountStatus(facts, policy)).toBe('active');
  });

  it('follows a smaller neglectDays setting', () => {
    const facts = { ...base, orderCount: 4, lastOrderAt: at('2026-01-01T12:00:00Z') };
    expect(deriveAccountStatus(facts, { ...policy, neglectDays: 60 })).toBe('active');
    expect(deriveAccountStatus(facts, { ...policy, neglectDays: 59 })).toBe('dormant');
  });
});

describe('median and orderGaps', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    // An even count takes the mean of the middle two.
    [[10, 1, 4, 30], 7],
    [[0, 0, 5, 6], 2.5],
  ] as const)('the median of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('counts gaps between consecutive order dates, same-day orders as 0', () => {
    expect(orderGaps(['2026-01-10', '2026-01-01', '2026-01-10', '2026-02-01'])).toEqual([9, 0, 22]);
    expect(median(orderGaps(['2026-01-10', '2026-01-01', '2026-01-10', '2026-02-01']))).toBe(9);
    expect(orderGaps(['2026-01-01'])).toEqual([]);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-01', '2026-03-02', 1],
    ['2026-03-02', '2026-03-01', -1],
    ['2025-09-03', '2026-03-02', 180],
    // The DST change in between does not make a day of 23 hours count as less than a day.
    ['2026-03-28', '2026-03-30', 2],
    // Leap days and years.
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['1996-07-04', '2026-07-04', 10957],
  ] as const)('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('isAuditionAccount', () => {
  it.each([
    [null, 5_000_000, false],
    [4_999_999, 5_000_000, false],
    [5_000_000, 5_000_000, true],
    [9_000_000, 5_000_000, true],
  ] as const)('potential %s against minimum %i is %s', (potential, min, expected) => {
    expect(isAuditionAccount(potential, min)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import type { ReferralEvidence } from '../../../contract/referrals.js';
import { isOnTime, referralReasons, type ReferralPolicy } from './referral.rules.js';

const policy: ReferralPolicy = { minOrders: 3, onTimeLast: 3, today: '2026-03-02', orgTimezone: 'UTC' };
const order = (number: string, onTime = true) => ({
  number,
  promisedDate: '2026-01-10',
  shippedOn: onTime ? '2026-01-10' : '2026-01-11',
  onTime,
});
const proven: ReferralEvidence = {
  deliveredOrders: 4,
  lastOrders: [order('SO-4'), order('SO-3'), order('SO-2'), order('SO-1', false)],
  openProblems: 0,
  lastDetractorAt: null,
};
const paths = (e: Partial<ReferralEvidence>) => referralReasons({ ...proven, ...e }, policy).map((r) => r.path);

describe('the referral gate', () => {
  it('lets an account with enough good orders, the last ones on time, nothing open and no recent detractor be asked', () => {
    // The late order is the fourth back: outside the last three.
    expect(referralReasons(proven, policy)).toEqual([]);
  });

  it.each([
    ['too few delivered orders', { deliveredOrders: 2, lastOrders: proven.lastOrders.slice(0, 2) }, ['deliveredOrders']],
    ['a late order among the last three', { lastOrders: [order('SO-4'), order('SO-3', false), order('SO-2')] }, ['onTime']],
    ['a problem not yet fixed', { openProblems: 1 }, ['problems']],
    ['a detractor’s answer 89 days ago', { lastDetractorAt: '2025-12-03T12:00:00Z' }, ['detractor']],
  ] as [string, Partial<ReferralEvidence>, string[]][])('refuses for %s, naming only that', (_name, facts, expected) => {
    expect(paths(facts)).toEqual(expected);
  });

  it('lets a detractor’s answer 90 days ago pass', () => {
    expect(paths({ lastDetractorAt: '2025-12-02T12:00:00Z' })).toEqual([]);
  });

  it('names every unmet condition together, with words the account page shows', () => {
    const reasons = referralReasons(
      { deliveredOrders: 2, lastOrders: [order('SO-2', false), order('SO-1')], openProblems: 2, lastDetractorAt: '2026-02-27T08:00:00Z' },
      policy,
    );
    expect(reasons).toEqual([
      { path: 'deliveredOrders', message: 'not yet: 2 of 3 good orders delivered' },
      { path: 'onTime', message: '1 of the last 2 orders shipped late: SO-2' },
      { path: 'problems', message: '2 problems not yet fixed for this customer' },
      { path: 'detractor', message: "a detractor's survey answer on 2026-02-27, within the last 90 days" },
    ]);
  });

  it('says "the last order" when only one is looked at', () => {
    const reasons = referralReasons({ ...proven, deliveredOrders: 1, lastOrders: [order('SO-1', false)] }, policy);
    expect(reasons.find((r) => r.path === 'onTime')?.message).toBe('the last order shipped late: SO-1');
  });

  it('counts an order on time when shipped on or before its promise, and one with no promise as never late', () => {
    expect(isOnTime({ promisedDate: '2026-01-10', shippedOn: '2026-01-10' })).toBe(true);
    expect(isOnTime({ promisedDate: '2026-01-10', shippedOn: '2026-01-11' })).toBe(false);
    expect(isOnTime({ promisedDate: '2026-01-10', shippedOn: null })).toBe(false);
    expect(isOnTime({ promisedDate: null, shippedOn: null })).toBe(true);
  });
});

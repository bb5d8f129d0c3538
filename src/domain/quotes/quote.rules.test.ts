import { describe, expect, it } from 'vitest';
import type { QuoteStatus } from '../../../contract/quotes.js';
import { checkQuoteDecision, checkQuoteTransition, quoteNextStatuses, type QuoteDecision } from './quote.rules.js';

describe('quote transitions', () => {
  const table: [QuoteStatus, QuoteStatus, boolean, true | 'not_allowed' | 'admin_only'][] = [
    ['open', 'won', false, true],
    ['open', 'lost', false, true],
    ['open', 'expired', false, true],
    ['open', 'open', false, 'not_allowed'],
    ['won', 'lost', false, 'not_allowed'],
    ['won', 'lost', true, 'not_allowed'],
    ['expired', 'won', false, 'not_allowed'],
    ['lost', 'open', false, 'admin_only'],
    ['expired', 'open', false, 'admin_only'],
    ['won', 'open', true, true],
    ['expired', 'open', true, true],
  ];
  it.each(table)('%s → %s (admin: %s) → %s', (from, to, isAdmin, expected) => {
    const check = checkQuoteTransition(from, to, isAdmin);
    expect(check.ok ? true : check.reason).toBe(expected);
  });

  it.each([
    ['open', false, ['won', 'lost', 'expired']],
    ['won', false, []],
    ['lost', true, ['open']],
  ] as const)('from %s (admin: %s) the next statuses are %j', (from, isAdmin, expected) => {
    expect(quoteNextStatuses(from, isAdmin)).toEqual(expected);
  });
});

describe('quote decision fields', () => {
  const at = new Date('2026-03-01T00:00:00Z');
  const base: QuoteDecision = { status: 'open', lostReason: null, orderId: null, decidedAt: null };
  const table: [string, Partial<QuoteDecision>, string[]][] = [
    ['an open quote needs nothing', {}, []],
    ['lost needs a reason', { status: 'lost', decidedAt: at }, ['lostReason']],
    ['a blank reason is no reason', { status: 'lost', lostReason: '  ', decidedAt: at }, ['lostReason']],
    ['lost with a reason is fine', { status: 'lost', lostReason: 'price', decidedAt: at }, []],
    ['a reason on a won quote is refused', { status: 'won', lostReason: 'price', decidedAt: at }, ['lostReason']],
    ['won may link an order', { status: 'won', orderId: 'o1', decidedAt: at }, []],
    ['an order on an open quote is refused', { orderId: 'o1' }, ['orderId']],
    ['decidedAt on an open quote is refused', { decidedAt: at }, ['decidedAt']],
  ];
  it.each(table)('%s', (_name, patch, paths) => {
    expect(checkQuoteDecision({ ...base, ...patch }).map((e) => e.path)).toEqual(paths);
  });
});

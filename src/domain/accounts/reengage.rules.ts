// Why a customer needs re-engaging (P4.1), in words a rep reads before the call: "usually orders
// every 31 days; last order 74 days ago (2.4× its rhythm)" or "no order for 7 months (last on
// 2026-05-02)". ONE function makes the sentence for the re-engage task (from the sweep's event),
// the account page and the accounts list, from the numbers of the one rule (account-status.rules.ts
// isNeglected / isRhythmOverdue, mirrored by the sweep's SQL). Pure: "today" is passed in.
import { DateTime } from 'luxon';
import {
  daysBetween,
  isNeglected,
  isRhythmOverdue,
  lastOrderDate,
  type AccountStatusFacts,
  type AccountStatusPolicy,
} from './account-status.rules.js';

export type ReengageReason = 'neglected' | 'rhythm_overdue';

export interface ReengageFacts {
  reason: ReengageReason;
  /** The last order's calendar date (account's timezone, else the organisation's). */
  lastOrderDate: string;
  /** Today (organisation timezone), YYYY-MM-DD. */
  today: string;
  /** Median days between consecutive orders (rhythm); null when unknown. */
  medianGapDays: number | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One decimal at most, without a trailing ".0": 2.4, 3, 7.5. */
const oneDecimal = (x: number): string => String(Math.round(x * 10) / 10);

/** "45 days", "7 months", "3 years": days below two whole months, months below two whole years. */
export function quietFor(lastOrderDate: string, today: string): string {
  const days = daysBetween(lastOrderDate, today);
  const months = Math.floor(DateTime.fromISO(today).diff(DateTime.fromISO(lastOrderDate), 'months').months);
  if (months < 2) return plural(days, 'day');
  if (months < 24) return plural(months, 'month');
  return plural(Math.floor(months / 12), 'year');
}

/** The sentence; see the file comment. */
export function reengageExplanation(f: ReengageFacts): string {
  const days = daysBetween(f.lastOrderDate, f.today);
  if (f.reason === 'neglected') return `no order for ${quietFor(f.lastOrderDate, f.today)} (last on ${f.lastOrderDate})`;
  const ago = days === 0 ? 'today' : `${plural(days, 'day')} ago`;
  const gap = f.medianGapDays;
  if (gap === null) return `last order ${ago}`;
  // A median of 0: its orders come in same-day batches; any day without one is past its rhythm.
  if (gap === 0) return `usually orders several times on the same day; last order ${ago}`;
  const every = gap === 1 ? 'every day' : `every ${oneDecimal(gap)} days`;
  return `usually orders ${every}; last order ${ago} (${oneDecimal(days / gap)}× its rhythm)`;
}

export interface AccountAttention {
  reason: ReengageReason;
  explanation: string;
}

/**
 * Why this account needs re-engaging today, or null: neglected first (it wins over the rhythm, as
 * in the account status), then rhythm overdue. A lost account needs nothing.
 */
export function accountAttention(facts: AccountStatusFacts & { isLost: boolean }, policy: AccountStatusPolicy): AccountAttention | null {
  if (facts.isLost) return null;
  const reason: ReengageReason | null = isNeglected(facts, policy) ? 'neglected' : isRhythmOverdue(facts, policy) ? 'rhythm_overdue' : null;
  const last = lastOrderDate(facts, policy.orgTimezone);
  if (!reason || !last) return null;
  return {
    reason,
    explanation: reengageExplanation({ reason, lastOrderDate: last, today: policy.today, medianGapDays: facts.medianGapDays }),
  };
}

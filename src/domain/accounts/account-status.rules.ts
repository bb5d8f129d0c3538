// The account status of docs/domain.md §4, derived from facts kept on the account row. Pure: the caller
// passes "today" (now in the organisation's timezone) and the settings.
// NOTE: status-sql.ts mirrors this rule for the list filter; change both together.
import type { AccountKind, AccountStatus } from '../../../contract/accounts.js';
import { dateIn } from '../shared/index.js';

export interface AccountStatusFacts {
  isLost: boolean;
  kind: AccountKind;
  orderCount: number;
  lastOrderAt: Date | null;
  /** Median days between consecutive order dates (kept on the account row); null below 2 orders. */
  medianGapDays: number | null;
  /** The account's timezone; null means the organisation's. */
  timezone: string | null;
  /** The earliest due time of its problems not yet fixed (kept on the account row, docs/problems.md); null or left out when none. */
  problemDueAt?: Date | null;
  /** When its latest detractor's survey answer came (kept on the account row, docs/surveys.md); null or left out when none. */
  lastDetractorAt?: Date | null;
}

export interface AccountStatusPolicy {
  /** Today's calendar date (YYYY-MM-DD): now in the organisation's timezone. */
  today: string;
  orgTimezone: string;
  neglectDays: number;
  rhythmFactor: number;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  // Plain UTC day numbers: this runs for every row of an account list, where luxon cost a fifth of the CPU.
  return Math.round((utcDay(to) - utcDay(from)) / 86_400_000);
}

function utcDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The calendar date of the last order in the account's (else the organisation's) timezone. */
export function lastOrderDate(facts: Pick<AccountStatusFacts, 'lastOrderAt' | 'timezone'>, orgTimezone: string): string | null {
  return facts.lastOrderAt ? dateIn(facts.lastOrderAt, facts.timezone ?? orgTimezone) : null;
}

/** Neglected (docs/domain.md §4): a customer whose last order is more than `neglectDays` days before today. */
export function isNeglected(facts: AccountStatusFacts, policy: AccountStatusPolicy): boolean {
  if (facts.kind !== 'customer') return false;
  const last = lastOrderDate(facts, policy.orgTimezone);
  return last !== null && daysBetween(last, policy.today) > policy.neglectDays;
}

/** The median of numbers; with an even count the mean of the middle two (docs/domain.md §4). Null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** Days between consecutive calendar dates (YYYY-MM-DD, in placing order); 0-day gaps count. */
export function orderGaps(dates: readonly string[]): number[] {
  const sorted = [...dates].sort();
  return sorted.slice(1).map((d, i) => daysBetween(sorted[i]!, d));
}

/**
 * Rhythm overdue (docs/domain.md §4): a customer with ≥ 3 orders whose days since its last order exceed
 * rhythmFactor × the median gap between its consecutive orders. A median of 0 (orders always on
 * the same day) makes any day without an order overdue — the rule as written, no special case.
 */
export function isRhythmOverdue(facts: AccountStatusFacts, policy: AccountStatusPolicy): boolean {
  if (facts.kind !== 'customer' || facts.orderCount < 3 || facts.medianGapDays === null) return false;
  const last = lastOrderDate(facts, policy.orgTimezone);
  return last !== null && daysBetween(last, policy.today) > policy.rhythmFactor * facts.medianGapDays;
}

/**
 * An open problem past due (docs/problems.md): a problem not yet fixed whose due day, in the
 * organisation's timezone, is before today — its fix-the-customer call was due and the day ended.
 */
export function hasProblemPastDue(facts: Pick<AccountStatusFacts, 'problemDueAt'>, policy: AccountStatusPolicy): boolean {
  return facts.problemDueAt != null && dateIn(facts.problemDueAt, policy.orgTimezone) < policy.today;
}

/** How many days a detractor's survey answer keeps an account at risk (docs/domain.md §4). */
export const DETRACTOR_DAYS = 90;

/** A detractor's answer in the last 90 days: its day, in the organisation's timezone, is at most 89 days before today. */
export function hasRecentDetractor(facts: Pick<AccountStatusFacts, 'lastDetractorAt'>, policy: AccountStatusPolicy): boolean {
  return facts.lastDetractorAt != null && daysBetween(dateIn(facts.lastDetractorAt, policy.orgTimezone), policy.today) < DETRACTOR_DAYS;
}

/** At risk (docs/domain.md §4): rhythm overdue, an open problem past due, or a detractor's answer in the last 90 days. */
export function isAtRisk(facts: AccountStatusFacts, policy: AccountStatusPolicy): boolean {
  return isRhythmOverdue(facts, policy) || hasProblemPastDue(facts, policy) || hasRecentDetractor(facts, policy);
}

/**
 * Status order, first match wins: lost > prospect > dormant > at_risk > new > active. Dormant
 * (neglected) wins over at_risk: an account silent past the neglect window needs re-engaging, not
 * a rhythm nudge. A rhythm needs ≥ 3 orders; an open problem past due makes even a new account at risk.
 */
export function deriveAccountStatus(facts: AccountStatusFacts, policy: AccountStatusPolicy): AccountStatus {
  if (facts.isLost) return 'lost';
  if (facts.orderCount === 0) return 'prospect';
  if (isNeglected(facts, policy)) return 'dormant';
  if (isAtRisk(facts, policy)) return 'at_risk';
  if (facts.orderCount === 1) return 'new';
  return 'active';
}

/** Whether the account's first order earns the full paid audition (P1): potential ≥ the setting, in minor units. */
export function isAuditionAccount(potentialAnnualSpend: number | null, auditionMinSpend: number): boolean {
  return potentialAnnualSpend !== null && potentialAnnualSpend >= auditionMinSpend;
}

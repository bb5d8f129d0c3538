// The account status of DESIGN §4, derived from facts kept on the account row. Pure: the caller
// passes "today" (now in the organisation's timezone) and the settings.
// NOTE: status-sql.ts mirrors this rule for the list filter; change both together.
import { DateTime } from 'luxon';
import type { AccountKind, AccountStatus } from '../../../contract/accounts.js';
import { dateIn } from '../shared/index.js';

export interface AccountStatusFacts {
  isLost: boolean;
  kind: AccountKind;
  orderCount: number;
  lastOrderAt: Date | null;
  /** The account's timezone; null means the organisation's. */
  timezone: string | null;
}

export interface AccountStatusPolicy {
  /** Today's calendar date (YYYY-MM-DD): now in the organisation's timezone. */
  today: string;
  orgTimezone: string;
  neglectDays: number;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);
}

/** The calendar date of the last order in the account's (else the organisation's) timezone. */
export function lastOrderDate(facts: Pick<AccountStatusFacts, 'lastOrderAt' | 'timezone'>, orgTimezone: string): string | null {
  return facts.lastOrderAt ? dateIn(facts.lastOrderAt, facts.timezone ?? orgTimezone) : null;
}

/** Neglected (DESIGN §4): a customer whose last order is more than `neglectDays` days before today. */
export function isNeglected(facts: AccountStatusFacts, policy: AccountStatusPolicy): boolean {
  if (facts.kind !== 'customer') return false;
  const last = lastOrderDate(facts, policy.orgTimezone);
  return last !== null && daysBetween(last, policy.today) > policy.neglectDays;
}

export function deriveAccountStatus(facts: AccountStatusFacts, policy: AccountStatusPolicy): AccountStatus {
  if (facts.isLost) return 'lost';
  if (facts.orderCount === 0) return 'prospect';
  if (isNeglected(facts, policy)) return 'dormant';
  // TODO(at_risk): return 'at_risk' here when rhythm is overdue (≥ 3 orders and days since the last
  // order > rhythm_factor × median gap), a problem is open past its due date, or a detractor survey
  // answer came in the last 90 days. Remove this TODO once order history, problems and surveys exist
  // to feed those facts — and mirror the condition in status-sql.ts.
  if (facts.orderCount === 1) return 'new';
  return 'active';
}

/** Whether the account's first order earns the full paid audition (P1): potential ≥ the setting, in minor units. */
export function isAuditionAccount(potentialAnnualSpend: number | null, auditionMinSpend: number): boolean {
  return potentialAnnualSpend !== null && potentialAnnualSpend >= auditionMinSpend;
}

// The referral gate (P5.5, docs/referrals.md): ask for a referral only after proof. Pure: the facts
// come from the database, "today" and the settings from the caller.
import type { ReferralEvidence } from '../../../contract/referrals.js';
import { dateIn } from '../shared/index.js';

export interface ReferralPolicy {
  /** settings.referral_min_orders: delivered orders needed (default 3). */
  minOrders: number;
  /** settings.referral_on_time_last: how many of the last delivered orders must have shipped on time (default 3). */
  onTimeLast: number;
  /** Today (YYYY-MM-DD) in the organisation's timezone. */
  today: string;
  orgTimezone: string;
}

/** How many days a detractor's answer holds a referral back (as it keeps the account at risk). */
export const REFERRAL_DETRACTOR_DAYS = 90;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** On time (docs/domain.md §4): shipped on or before the promised date; an order with no promise cannot be late. */
export const isOnTime = (o: { promisedDate: string | null; shippedOn: string | null }): boolean =>
  o.promisedDate === null || (o.shippedOn !== null && o.shippedOn <= o.promisedDate);

/** One reason per unmet condition, in the order the page reads them; empty when the account may be asked. */
export function referralReasons(e: ReferralEvidence, p: ReferralPolicy): { path: string; message: string }[] {
  const reasons: { path: string; message: string }[] = [];
  if (e.deliveredOrders < p.minOrders)
    reasons.push({ path: 'deliveredOrders', message: `not yet: ${e.deliveredOrders} of ${p.minOrders} good orders delivered` });
  const looked = e.lastOrders.slice(0, p.onTimeLast);
  const late = looked.filter((o) => !o.onTime);
  if (late.length > 0)
    reasons.push({
      path: 'onTime',
      message: `${looked.length === 1 ? 'the last order' : `${late.length} of the last ${looked.length} orders`} shipped late: ${late.map((o) => o.number).join(', ')}`,
    });
  if (e.openProblems > 0)
    reasons.push({ path: 'problems', message: `${plural(e.openProblems, 'problem')} not yet fixed for this customer` });
  if (e.lastDetractorAt) {
    const day = dateIn(new Date(e.lastDetractorAt), p.orgTimezone);
    if (daysBetween(day, p.today) < REFERRAL_DETRACTOR_DAYS)
      reasons.push({
        path: 'detractor',
        message: `a detractor's survey answer on ${day}, within the last ${REFERRAL_DETRACTOR_DAYS} days`,
      });
  }
  return reasons;
}

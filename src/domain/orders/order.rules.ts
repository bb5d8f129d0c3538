// Pure order rules: line amounts, the derived amount, lateness, first order and audition flags.
import type { OrderStatus } from '../../../contract/orders.js';
import { CLOSED_STATUSES } from './lifecycle.rules.js';

/** Quantities are stored as numeric(14,3): more than 3 decimals would be rounded silently. */
export const QUANTITY_DECIMALS = 3;

/** The quantity in thousandths, or null when it has more than 3 decimals. */
export function quantityThousandths(quantity: number): number | null {
  const t = Math.round(quantity * 1000);
  return t / 1000 === quantity ? t : null;
}

/**
 * quantity × unit price in minor units, rounded half-up (half away from zero for negatives),
 * e.g. 3 × 0.335 USD = 1.005 → 1.01. Exact: computed on integers, never on floats.
 */
export function lineAmountMinor(quantityThousandthsValue: number, unitPriceMinor: number): number {
  const product = BigInt(quantityThousandthsValue) * BigInt(unitPriceMinor);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + 500n) / 1000n;
  const n = Number(rounded);
  return negative ? -n : n;
}

/** The order amount when none is given: the sum of its line amounts. */
export function sumLineAmounts(lines: readonly { lineAmount: number }[]): number {
  return lines.reduce((s, l) => s + l.lineAmount, 0);
}

/**
 * Whether adding a line should move the order's amount: only when the amount still equals the
 * sum of the existing lines (it was derived from them, or typed to match). An amount set by hand
 * to something else — an ERP total with freight, say — is kept as is.
 */
export function isAmountDerivedFromLines(amount: number, lines: readonly { lineAmount: number }[]): boolean {
  return amount === sumLineAmounts(lines);
}

/**
 * Late (docs/domain.md §4): not yet shipped (nor closed or cancelled) and its promised date is before
 * today, both calendar dates in the account's (else the organisation's) timezone.
 */
export function isLate(status: OrderStatus, promisedDate: string | null, today: string): boolean {
  if (!promisedDate || CLOSED_STATUSES.includes(status)) return false;
  return promisedDate < today;
}

/** A first order earns the full paid audition (P1) when the account's potential spend reaches the setting. */
export function isAudition(isFirstOrder: boolean, potentialAnnualSpend: number | null, auditionMinSpend: number): boolean {
  return isFirstOrder && potentialAnnualSpend !== null && potentialAnnualSpend >= auditionMinSpend;
}

// Quote decisions as data. Pure: no db, no clock.
//
// Decision (ours): an open quote is decided once — won, lost or expired. A decided quote does not
// move to another decision and reopens only by an admin (a mistaken click, a revived deal), which
// clears its decision (decidedAt, lostReason, orderId). Without that, hit ratios (docs/domain.md §4) could
// be rewritten by anyone after the fact.
import type { QuoteStatus } from '../../../contract/quotes.js';
import type { FieldError } from '../shared/index.js';

export const DECIDED: readonly QuoteStatus[] = ['won', 'lost', 'expired'];

export function isDecided(status: QuoteStatus): boolean {
  return DECIDED.includes(status);
}

export function quoteNextStatuses(from: QuoteStatus, isAdmin: boolean): QuoteStatus[] {
  if (from === 'open') return ['won', 'lost', 'expired'];
  return isAdmin ? ['open'] : [];
}

export type QuoteTransitionCheck = { ok: true } | { ok: false; reason: 'not_allowed' | 'admin_only'; allowed: QuoteStatus[] };

export function checkQuoteTransition(from: QuoteStatus, to: QuoteStatus, isAdmin: boolean): QuoteTransitionCheck {
  const allowed = quoteNextStatuses(from, isAdmin);
  if (allowed.includes(to)) return { ok: true };
  if (!isAdmin && to === 'open' && isDecided(from)) return { ok: false, reason: 'admin_only', allowed };
  return { ok: false, reason: 'not_allowed', allowed };
}

export interface QuoteDecision {
  status: QuoteStatus;
  lostReason: string | null;
  orderId: string | null;
  decidedAt: Date | null;
}

/** The decision fields must agree with the status: a reason for lost only, an order for won only. */
export function checkQuoteDecision(d: QuoteDecision): FieldError[] {
  const errors: FieldError[] = [];
  if (d.status === 'lost' && !d.lostReason?.trim()) errors.push({ path: 'lostReason', message: 'is required when the quote is lost' });
  if (d.status !== 'lost' && d.lostReason) errors.push({ path: 'lostReason', message: 'is only for a lost quote' });
  if (d.status !== 'won' && d.orderId) errors.push({ path: 'orderId', message: 'is only for a won quote' });
  if (!isDecided(d.status) && d.decidedAt) errors.push({ path: 'decidedAt', message: 'is only for a decided quote' });
  return errors;
}

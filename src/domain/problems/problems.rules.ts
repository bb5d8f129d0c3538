// The problem's rules (docs/problems.md): how its status moves, what closing needs, whom to propose
// as responsible, when it is past due, and the report's before/after arithmetic. Pure: no db, no clock.
import type { ProblemOrigin, ProblemStatus, ResponsibleSource } from '../../../contract/problems.js';
import { PROBLEM_STATUSES } from '../../../contract/problems.js';
import type { FieldError } from '../shared/index.js';

/** Who may report a problem: the staff who hear from customers (docs/problems.md "Who may do what"). */
export const PROBLEM_REPORTER_ROLES = ['admin', 'gm', 'sales', 'csr', 'operations', 'quality', 'quality_manager', 'service'] as const;
/** Who may name or confirm the responsible person, and close a problem. */
export const PROBLEM_MANAGER_ROLES = ['admin', 'gm'] as const;

/** Statuses in which the customer is not yet fixed: past its due time, the account is at risk. */
export const UNFIXED_STATUSES: readonly ProblemStatus[] = ['open', 'fixing'];

const rank = (s: ProblemStatus) => PROBLEM_STATUSES.indexOf(s);

export interface ProblemState {
  status: ProblemStatus;
  correctiveAction: string | null;
  preventiveAction: string | null;
  /** The preventive action's task is done. */
  isPreventiveDone: boolean;
  preventiveNoneNeeded: boolean;
  preventiveNoneReason: string | null;
}

/**
 * What stops a move from `state.status` to `to`, one entry per missing thing (empty: allowed).
 * Forward only, any number of steps; a closed problem stays closed. Fixed needs the corrective
 * action; prevented needs the preventive action done; closed needs it done or "none needed" with a reason.
 */
export function statusChangeProblems(state: ProblemState, to: ProblemStatus): FieldError[] {
  if (to === state.status) return [];
  if (state.status === 'closed') return [{ path: 'status', message: 'a closed problem stays closed: report a new one' }];
  if (rank(to) < rank(state.status))
    return [
      {
        path: 'status',
        message: `cannot go back from ${state.status} to ${to}: a problem moves open → fixing → fixed → prevented → closed`,
      },
    ];
  const missing: FieldError[] = [];
  if (rank(to) >= rank('fixed') && !state.correctiveAction)
    missing.push({ path: 'correctiveAction', message: 'say what was done for this customer before marking it fixed' });
  if (to === 'prevented' && !state.isPreventiveDone)
    missing.push({
      path: 'preventiveAction',
      message: state.preventiveAction
        ? 'its task is not done yet'
        : 'is missing: name the training update or process change, its owner and due date',
    });
  if (to === 'closed' && !state.isPreventiveDone) {
    if (!state.preventiveNoneNeeded)
      missing.push({
        path: 'preventiveAction',
        message: state.preventiveAction
          ? 'its task is not done yet (or mark "none needed" with a reason)'
          : 'is missing: a preventive action done, or "none needed" with a reason',
      });
    else if (!state.preventiveNoneReason) missing.push({ path: 'preventiveNoneReason', message: 'say why no preventive action is needed' });
  }
  return missing;
}

export interface ResponsibleCandidates {
  /** Named by the person reporting or editing. */
  named: string | null;
  orderRepId: string | null;
  quoteRepId: string | null;
}

/**
 * The responsible person to propose: the one named; else, for an expectation set in the sale, the
 * order's rep, or the rep of the quote the order came from. Null when there is nobody to propose.
 */
export function proposeResponsible(
  origin: ProblemOrigin | null,
  c: ResponsibleCandidates,
): { userId: string; source: ResponsibleSource } | null {
  if (c.named) return { userId: c.named, source: 'named' };
  if (origin !== 'sale_expectation') return null;
  if (c.orderRepId) return { userId: c.orderRepId, source: 'order_rep' };
  if (c.quoteRepId) return { userId: c.quoteRepId, source: 'quote_rep' };
  return null;
}

/**
 * Past due (docs/problems.md): the customer is not fixed yet (open or fixing) and the day of its due
 * time (in the organisation's timezone) is before today — the fix-the-customer call was due and the day has ended.
 */
export function isProblemPastDue(status: ProblemStatus, dueOn: string, today: string): boolean {
  return UNFIXED_STATUSES.includes(status) && dueOn < today;
}

/** Average days in a month (365.25 / 12): a window of days as months. */
export const DAYS_PER_MONTH = 30.4375;

/** count per month over a window of `days`, two decimals; 0 for an empty window. */
export function perMonth(count: number, days: number): number {
  if (days <= 0) return 0;
  return Math.round((count / (days / DAYS_PER_MONTH)) * 100) / 100;
}

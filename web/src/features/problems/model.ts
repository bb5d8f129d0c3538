// The problems screens' pure parts: words for what the API names, and the link from a number of the
// expectations report to the problems behind it.
import { PROBLEM_ORIGIN_LABELS, type ProblemOrigin, type ProblemStatus } from '../../../../contract/problems';

export const originLabel = (origin: ProblemOrigin | null): string => (origin ? PROBLEM_ORIGIN_LABELS[origin] : 'Not traced yet');

export const STATUS_COLORS: Record<ProblemStatus, string> = {
  open: 'red',
  fixing: 'orange',
  fixed: 'blue',
  prevented: 'teal',
  closed: 'gray',
};

/** The problems list filtered as a report's number counts: origin, responsible person, the days opened. */
export function problemsLink(filter: {
  origin?: ProblemOrigin | null;
  responsibleUserId?: string | null;
  from: string;
  to: string;
}): string {
  const q = new URLSearchParams();
  if (filter.origin) q.set('origin', filter.origin);
  if (filter.responsibleUserId) q.set('responsible', filter.responsibleUserId);
  q.set('from', filter.from);
  q.set('to', filter.to);
  return `/problems?${q.toString()}`;
}

/** The first and last day of a month `YYYY-MM`, clipped to the report's period. */
export function monthBounds(month: string, from: string, to: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const first = `${month}-01`;
  const end = `${month}-${String(last).padStart(2, '0')}`;
  return { from: first < from ? from : first, to: end > to ? to : end };
}

export const percentOf = (share: number): string => `${Math.round(share * 100)} %`;

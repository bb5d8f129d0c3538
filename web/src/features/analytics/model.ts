// The dashboard's pure pieces: the view in the URL, the words of each figure, shares as percents,
// and the links from a number to the rows behind it.
import { FIGURE_KEYS, type FigureKey, type Ratio } from '../../../../contract/analytics';
import type { FigureView, PracticeSide } from './api';
import { dateFormat } from '../../lib/format';

export const VIEW_KEYS = ['asOf', 'from', 'to', 'rep'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The view from URL values; a hand-edited value of the wrong shape reads as not set. */
export function viewOf(state: Partial<Record<(typeof VIEW_KEYS)[number], string>>): FigureView {
  const view: FigureView = {};
  if (state.asOf && DATE.test(state.asOf)) view.asOf = state.asOf;
  if (state.from && DATE.test(state.from)) view.from = state.from;
  if (state.to && DATE.test(state.to)) view.to = state.to;
  if (state.rep && UUID.test(state.rep)) view.rep = state.rep;
  return view;
}

export function isFigureKey(value: string | undefined): value is FigureKey {
  return (FIGURE_KEYS as readonly string[]).includes(value ?? '');
}

export const FIGURE_TITLES: Record<FigureKey, string> = {
  firstOrderOnTime: 'First orders on time',
  secondOrderConversion: 'First-time buyers who ordered again',
  onTime: 'Orders on time',
  quoteHitRatio: 'Quotes won',
  medianDaysToSecondOrder: 'Days to the second order',
  neglectedAccounts: 'Neglected customers',
  rhythmOverdueAccounts: 'Customers past their usual rhythm',
  revenue: 'Revenue',
};

/** What the rows of each figure are, in a sentence under the title. */
export const FIGURE_HELP: Record<FigureKey, string> = {
  firstOrderOnTime: 'Each account’s first order placed in the period that has shipped, or is past its promised date unshipped.',
  secondOrderConversion: 'Accounts whose first order was placed in the period; those with a second order date came back.',
  onTime: 'Orders placed in the period that have shipped, or are past their promised date unshipped.',
  quoteHitRatio: 'Quotes decided in the period: won, lost or expired.',
  medianDaysToSecondOrder: 'Accounts whose first order was placed in the period and who ordered again.',
  neglectedAccounts: 'Customers whose last order is longer ago than the neglect window in the settings.',
  rhythmOverdueAccounts: 'Customers with three or more orders, silent for longer than their usual gap times the rhythm factor.',
  revenue: 'Orders placed in the period, not cancelled, in the organisation’s currency.',
};

/** A share as a whole percent; a dash when there is nothing to divide by. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

export function ofText(r: Ratio): string {
  return `${r.numerator} of ${r.denominator}`;
}

/** The rows page of a figure in this view (optionally narrowed to one rep or one month). */
export function rowsLink(figure: FigureKey, view: FigureView, narrow: { rep?: string; month?: string } = {}): string {
  const params = new URLSearchParams();
  const v: FigureView = { ...view, ...(narrow.rep ? { rep: narrow.rep } : {}), ...(narrow.month ? monthPeriod(narrow.month) : {}) };
  for (const k of VIEW_KEYS) if (v[k]) params.set(k, v[k]);
  const q = params.toString();
  return `/dashboard/${figure}${q ? `?${q}` : ''}`;
}

/** A month (YYYY-MM) as a period: its first and last days. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** "Jan 2024" in the viewer's language. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return dateFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, 1));
}

/** The page of the accounts behind one side of "does the practice work", in this view. */
export function practiceLink(side: PracticeSide): string {
  const params = new URLSearchParams();
  for (const k of [...VIEW_KEYS, 'playbook', 'step', 'side'] as const) {
    const value = side[k];
    if (value) params.set(k, value);
  }
  return `/dashboard/practice?${params.toString()}`;
}

/** Fewer accounts than this on a side: the share says little, and the page says so. */
export const SMALL_SAMPLE = 10;

/**
 * The sentence of one comparison: "came back 71 % (15 of 21) when done on time, against 48 % (10 of 21)",
 * or what is missing to compare.
 */
export function comparisonWords(kept: Ratio, missed: Ratio): string {
  if (kept.denominator === 0 && missed.denominator === 0) return 'Nothing to compare yet.';
  if (kept.denominator === 0) return `Never done on time yet; ${percent(missed.rate)} (${ofText(missed)}) came back.`;
  if (missed.denominator === 0) return `Always done on time; ${percent(kept.rate)} (${ofText(kept)}) came back.`;
  const gap = Math.round(((kept.rate ?? 0) - (missed.rate ?? 0)) * 100);
  const verdict = gap > 0 ? `${gap} points more` : gap < 0 ? `${-gap} points fewer` : 'no difference';
  return `${percent(kept.rate)} (${ofText(kept)}) came back when done on time, against ${percent(missed.rate)} (${ofText(missed)}) otherwise: ${verdict}.`;
}

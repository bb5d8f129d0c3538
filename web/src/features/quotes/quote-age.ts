import type { Quote } from '../../../../contract/quotes';

const DAY = 86_400_000;

/** How long a quote has been waiting for an answer ("open 12 days"), or how long it took ("decided after 3 days"). */
export function quoteAge(q: Pick<Quote, 'status' | 'sentAt' | 'decidedAt'>, now: Date): string {
  const end = q.status === 'open' || !q.decidedAt ? now : new Date(q.decidedAt);
  const days = Math.max(0, Math.floor((end.getTime() - new Date(q.sentAt).getTime()) / DAY));
  const span = days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`;
  return q.status === 'open' ? `open ${span}` : `decided after ${span}`;
}

import type { NoteSuggestion, NoteSuggestionReason } from '../../../../contract/thank-you-notes';

/** One suggestion's key among today's: its account, else its colleague, else its name. */
export const keyOf = (s: NoteSuggestion) => s.accountId ?? s.recipientUserId ?? s.name;

export const REASON_WORDS: Record<NoteSuggestionReason, string> = {
  neglected: 'Quiet customer',
  rhythm_overdue: 'Past its rhythm',
  supplier_helped: 'Supplier who helped',
  colleague_helped: 'Colleague who helped',
};

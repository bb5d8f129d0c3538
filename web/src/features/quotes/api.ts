// Quotes: the list, one quote and its story, recording one sent, and deciding it (won, lost, expired).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QuoteActivitySchema, QuoteSchema, CreateQuote, ListQuotesQuery, Quote, UpdateQuote } from '../../../../contract/quotes';
import { apiPath, get, patch, post, type Answer, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { accountKeys } from '../accounts/api';

export type QuoteListQuery = Partial<ListQuotesQuery>;

export const quoteKeys = {
  all: ['quotes'] as const,
  list: (query: QuoteListQuery) => ['quotes', 'list', query] as const,
  detail: (id: string) => ['quotes', 'detail', id] as const,
  activity: (id: string) => ['quotes', 'activity', id] as const,
};

type QuotePage = Page<typeof QuoteSchema>;

export function useQuotes(query: QuoteListQuery, options: { keepPrevious?: boolean } = {}) {
  return useQuery({
    queryKey: quoteKeys.list(query),
    queryFn: () => get<QuotePage>('/quotes', { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

export function useQuote(id: string) {
  return useQuery({ queryKey: quoteKeys.detail(id), queryFn: () => get<Answer<typeof QuoteSchema>>(apiPath`/quotes/${id}`) });
}

/** Its follow-ups due and done, its events and the order it became (the quote's page). */
export function useQuoteActivity(id: string) {
  return useQuery({
    queryKey: quoteKeys.activity(id),
    queryFn: () => get<Answer<typeof QuoteActivitySchema>>(apiPath`/quotes/${id}/activity`),
  });
}

/** A quote sent shows on its account's timeline. */
export function useCreateQuote(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateQuote>) => post<Answer<typeof QuoteSchema>>('/quotes', body, { idempotencyKey }),
    onSuccess: (quote) => invalidate(qc, quoteKeys.all, accountKeys.timeline(quote.accountId)),
  });
}

export function useDecideQuote(quote: Pick<Quote, 'id' | 'accountId'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateQuote) => patch<Answer<typeof QuoteSchema>>(apiPath`/quotes/${quote.id}`, body),
    onSuccess: () => invalidate(qc, quoteKeys.all, accountKeys.timeline(quote.accountId)),
  });
}

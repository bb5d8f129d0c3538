// Quotes: the list, one quote and its story, recording one sent, and deciding it (won, lost, expired).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pageOf } from '../../../../contract/common';
import {
  QuoteActivitySchema,
  QuoteSchema,
  type CreateQuote,
  type ListQuotesQuery,
  type Quote,
  type UpdateQuote,
} from '../../../../contract/quotes';
import { apiPath, get, patch, post } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { accountKeys } from '../accounts/api';

export type QuoteListQuery = Partial<ListQuotesQuery>;

export const quoteKeys = {
  all: ['quotes'] as const,
  list: (query: QuoteListQuery) => ['quotes', 'list', query] as const,
  detail: (id: string) => ['quotes', 'detail', id] as const,
  activity: (id: string) => ['quotes', 'activity', id] as const,
};

const QuotePageSchema = pageOf(QuoteSchema);

export function useQuotes(query: QuoteListQuery, options: { keepPrevious?: boolean } = {}) {
  return useQuery({
    queryKey: quoteKeys.list(query),
    queryFn: () => get('/quotes', QuotePageSchema, { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

export function useQuote(id: string) {
  return useQuery({ queryKey: quoteKeys.detail(id), queryFn: () => get(apiPath`/quotes/${id}`, QuoteSchema) });
}

/** Its follow-ups due and done, its events and the order it became (the quote's page). */
export function useQuoteActivity(id: string) {
  return useQuery({ queryKey: quoteKeys.activity(id), queryFn: () => get(apiPath`/quotes/${id}/activity`, QuoteActivitySchema) });
}

/** A quote sent shows on its account's timeline. */
export function useCreateQuote(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateQuote>) => post('/quotes', QuoteSchema, body, { idempotencyKey }),
    onSuccess: (quote) => invalidate(qc, quoteKeys.all, accountKeys.timeline(quote.accountId)),
  });
}

export function useDecideQuote(quote: Pick<Quote, 'id' | 'accountId'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateQuote) => patch(apiPath`/quotes/${quote.id}`, QuoteSchema, body),
    onSuccess: () => invalidate(qc, quoteKeys.all, accountKeys.timeline(quote.accountId)),
  });
}

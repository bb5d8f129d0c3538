// Thank-you notes (docs/thank-you-notes.md): today's suggestions, writing a note, recording what came
// back, and the habits figures.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  HabitsSchema,
  ThankYouNoteSchema,
  TodaysNoteSchema,
  CreateThankYouNote,
  UpdateThankYouNote,
} from '../../../../contract/thank-you-notes';
import { apiPath, get, patch, post, type Answer, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const noteKeys = {
  all: ['thank-you-notes'] as const,
  today: ['thank-you-notes', 'today'] as const,
  habits: (asOf: string | undefined) => ['thank-you-notes', 'habits', asOf ?? 'today'] as const,
  lists: ['thank-you-notes', 'list'] as const,
  list: (query: Record<string, string | undefined>) => ['thank-you-notes', 'list', query] as const,
};

export function useTodaysNote() {
  return useQuery({ queryKey: noteKeys.today, queryFn: () => get<Answer<typeof TodaysNoteSchema>>('/thank-you-notes/suggestions') });
}

export function useHabits(asOf: string | undefined) {
  return useQuery({
    queryKey: noteKeys.habits(asOf),
    queryFn: () => get<Answer<typeof HabitsSchema>>('/thank-you-notes/habits', { asOf }),
    placeholderData: keepPreviousData,
  });
}

type NotePage = Page<typeof ThankYouNoteSchema>;

export function useNotes(query: { mine?: 'true'; cursor?: string }) {
  return useQuery({
    queryKey: noteKeys.list(query),
    queryFn: () => get<NotePage>('/thank-you-notes', { ...query, limit: 25 }),
    placeholderData: keepPreviousData,
  });
}

/** Write a note (with an idempotency key: a double click writes one); the recipient's timeline changes too. */
export function useWriteNote(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateThankYouNote) => post<Answer<typeof ThankYouNoteSchema>>('/thank-you-notes', body, { idempotencyKey }),
    onSuccess: () => Promise.all([invalidate(qc, noteKeys.all), invalidate(qc, ['accounts'])]),
  });
}

export function useRecordOutcome(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateThankYouNote) => patch<Answer<typeof ThankYouNoteSchema>>(apiPath`/thank-you-notes/${id}`, body),
    onSuccess: () => Promise.all([invalidate(qc, noteKeys.all), invalidate(qc, ['tasks'])]),
  });
}

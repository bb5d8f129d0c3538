// Problems (docs/problems.md): the list, one problem, reporting and working one, and the
// expectations report.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ExpectationsReportSchema,
  ProblemDetailSchema,
  CreateProblem,
  ListProblemsQuery,
  UpdateProblem,
} from '../../../../contract/problems';
import { apiPath, get, patch, post, type Answer, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';

type ListQuery = Partial<Omit<ListProblemsQuery, 'limit'>>;

export const problemKeys = {
  all: ['problems'] as const,
  list: (query: ListQuery) => ['problems', 'list', query] as const,
  detail: (id: string) => ['problems', 'detail', id] as const,
  expectations: (query: Record<string, string | undefined>) => ['problems', 'expectations', query] as const,
};

type ProblemPage = Page<typeof ProblemDetailSchema>;

export function useProblems(query: ListQuery) {
  return useQuery({
    queryKey: problemKeys.list(query),
    queryFn: () => get<ProblemPage>('/problems', { ...query, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

export function useProblem(id: string) {
  return useQuery({ queryKey: problemKeys.detail(id), queryFn: () => get<Answer<typeof ProblemDetailSchema>>(apiPath`/problems/${id}`) });
}

/** Report a problem (with an idempotency key: a double click reports one); tasks and the account's timeline change too. */
export function useReportProblem(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProblem) => post<Answer<typeof ProblemDetailSchema>>('/problems', body, { idempotencyKey }),
    onSuccess: () => Promise.all([invalidate(qc, problemKeys.all), invalidate(qc, ['accounts']), invalidate(qc, ['tasks'])]),
  });
}

export function useUpdateProblem(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProblem) => patch<Answer<typeof ProblemDetailSchema>>(apiPath`/problems/${id}`, body),
    onSuccess: (p) => {
      qc.setQueryData(problemKeys.detail(id), p);
      return Promise.all([invalidate(qc, problemKeys.all), invalidate(qc, ['accounts']), invalidate(qc, ['tasks'])]);
    },
  });
}

export function useExpectations(query: { from?: string; to?: string; asOf?: string }) {
  return useQuery({
    queryKey: problemKeys.expectations(query),
    queryFn: () => get<Answer<typeof ExpectationsReportSchema>>('/analytics/expectations', query),
    placeholderData: keepPreviousData,
  });
}

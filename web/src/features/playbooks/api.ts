// Playbooks (their versions, a preview of a draft, saving a new version), their runs, and the
// background jobs that failed for good.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  PlaybookDetailSchema,
  PlaybookPreviewSchema,
  PlaybookRunSchema,
  PlaybookSchema,
  ListRunsFilter,
} from '../../../../contract/playbooks';
import type { FailedJobSchema } from '../../../../contract/tasks';
import { apiPath, get, post, put, type Answer, type Items } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const playbookKeys = {
  all: ['playbooks'] as const,
  list: ['playbooks', 'list'] as const,
  detail: (key: string) => ['playbooks', 'detail', key] as const,
  runs: (query: ListRunsFilter) => ['playbooks', 'runs', query] as const,
  failedJobs: ['jobs', 'failed'] as const,
};

type PlaybookList = Items<typeof PlaybookSchema>;
type RunList = Items<typeof PlaybookRunSchema>;
type FailedJobList = Items<typeof FailedJobSchema>;

export function usePlaybooks() {
  return useQuery({ queryKey: playbookKeys.list, queryFn: () => get<PlaybookList>('/playbooks') });
}

export function usePlaybook(key: string) {
  return useQuery({
    queryKey: playbookKeys.detail(key),
    queryFn: () => get<Answer<typeof PlaybookDetailSchema>>(apiPath`/playbooks/${key}`),
  });
}

export function useRuns(query: ListRunsFilter) {
  return useQuery({ queryKey: playbookKeys.runs(query), queryFn: () => get<RunList>('/playbook-runs', { ...query }) });
}

/** The tasks a draft would create, with their due dates, without saving it. */
export function usePreviewPlaybook(key: string) {
  return useMutation({
    mutationFn: (source: string) => post<Answer<typeof PlaybookPreviewSchema>>(apiPath`/playbooks/${key}/preview`, { source }),
  });
}

/** A new version; running runs keep theirs. */
export function useSavePlaybook(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (source: string) => put<Answer<typeof PlaybookDetailSchema>>(apiPath`/playbooks/${key}`, { source }),
    onSuccess: () => invalidate(qc, playbookKeys.detail(key), playbookKeys.list),
  });
}

/** A playbook under a new key: its version 1 (the server's PUT makes the first version of an unknown key). */
export function useCreatePlaybook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, source }: { key: string; source: string }) =>
      put<Answer<typeof PlaybookDetailSchema>>(apiPath`/playbooks/${key}`, { source }),
    onSuccess: (_, { key }) => invalidate(qc, playbookKeys.detail(key), playbookKeys.list),
  });
}

export function useFailedJobs() {
  return useQuery({ queryKey: playbookKeys.failedJobs, queryFn: () => get<FailedJobList>('/jobs/failed') });
}

export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post(apiPath`/jobs/${id}/retry`),
    onSuccess: () => invalidate(qc, playbookKeys.failedJobs),
  });
}

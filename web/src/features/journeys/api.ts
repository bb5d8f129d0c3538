// The onboarding journey (docs/journeys.md): an account's journey, starting it by hand, and the
// executive calls of a period.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountJourneySchema, ExecutiveCallsSchema } from '../../../../contract/journeys';
import { apiPath, get, post, type Answer } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const journeyKeys = {
  account: (accountId: string) => ['accounts', accountId, 'journey'] as const,
  executiveCalls: (asOf: string | undefined) => ['analytics', 'executive-calls', asOf] as const,
};

export function useAccountJourney(accountId: string) {
  return useQuery({
    queryKey: journeyKeys.account(accountId),
    queryFn: () => get<Answer<typeof AccountJourneySchema>>(apiPath`/accounts/${accountId}/journey`),
  });
}

export function useStartJourney(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (idempotencyKey: string) =>
      post<Answer<typeof AccountJourneySchema>>(apiPath`/accounts/${accountId}/journey`, {}, { idempotencyKey }),
    onSuccess: () => invalidate(qc, journeyKeys.account(accountId), ['tasks']),
  });
}

export function useExecutiveCalls(asOf: string | undefined) {
  return useQuery({
    queryKey: journeyKeys.executiveCalls(asOf),
    queryFn: () => get<Answer<typeof ExecutiveCallsSchema>>('/analytics/executive-calls', { asOf }),
  });
}

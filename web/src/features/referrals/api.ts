// Referrals only after proof (docs/referrals.md): an account's standing, its referral asks, asking.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReferralEligibilitySchema,
  ReferralRequestSchema,
  CreateReferralRequest,
  RecordReferralGiven,
} from '../../../../contract/referrals';
import { apiPath, get, post, type Answer, type Items } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { accountKeys } from '../accounts/api';

export const referralKeys = {
  standing: (accountId: string) => ['accounts', accountId, 'referral-eligibility'] as const,
  requests: (accountId: string) => ['accounts', accountId, 'referral-requests'] as const,
};

export function useReferralStanding(accountId: string) {
  return useQuery({
    queryKey: referralKeys.standing(accountId),
    queryFn: () => get<Answer<typeof ReferralEligibilitySchema>>(apiPath`/accounts/${accountId}/referral-eligibility`),
  });
}

export function useReferralRequests(accountId: string) {
  return useQuery({
    queryKey: referralKeys.requests(accountId),
    queryFn: () => get<Items<typeof ReferralRequestSchema>>(apiPath`/accounts/${accountId}/referral-requests`).then((r) => r.items),
  });
}

export function useAskReferral(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateReferralRequest; idempotencyKey: string }) =>
      post<Answer<typeof ReferralRequestSchema>>(apiPath`/accounts/${accountId}/referral-requests`, body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, referralKeys.requests(accountId), referralKeys.standing(accountId), accountKeys.timeline(accountId)),
  });
}

export function useRecordReferralGiven(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RecordReferralGiven }) =>
      post<Answer<typeof ReferralRequestSchema>>(apiPath`/referral-requests/${id}/given`, body),
    onSuccess: () => invalidate(qc, referralKeys.requests(accountId), accountKeys.timeline(accountId)),
  });
}

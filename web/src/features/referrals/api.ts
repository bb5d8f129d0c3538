// Referrals only after proof (docs/referrals.md): an account's standing, its referral asks, asking.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ReferralEligibilitySchema,
  ReferralRequestSchema,
  type CreateReferralRequest,
  type RecordReferralGiven,
} from '../../../../contract/referrals';
import { apiPath, get, itemsOf, post } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { accountKeys } from '../accounts/api';

export const referralKeys = {
  standing: (accountId: string) => ['accounts', accountId, 'referral-eligibility'] as const,
  requests: (accountId: string) => ['accounts', accountId, 'referral-requests'] as const,
};

export function useReferralStanding(accountId: string) {
  return useQuery({
    queryKey: referralKeys.standing(accountId),
    queryFn: () => get(apiPath`/accounts/${accountId}/referral-eligibility`, ReferralEligibilitySchema),
  });
}

export function useReferralRequests(accountId: string) {
  return useQuery({
    queryKey: referralKeys.requests(accountId),
    queryFn: () => get(apiPath`/accounts/${accountId}/referral-requests`, itemsOf(ReferralRequestSchema)).then((r) => r.items),
  });
}

export function useAskReferral(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateReferralRequest; idempotencyKey: string }) =>
      post(apiPath`/accounts/${accountId}/referral-requests`, ReferralRequestSchema, body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, referralKeys.requests(accountId), referralKeys.standing(accountId), accountKeys.timeline(accountId)),
  });
}

export function useRecordReferralGiven(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RecordReferralGiven }) =>
      post(apiPath`/referral-requests/${id}/given`, ReferralRequestSchema, body),
    onSuccess: () => invalidate(qc, referralKeys.requests(accountId), accountKeys.timeline(accountId)),
  });
}

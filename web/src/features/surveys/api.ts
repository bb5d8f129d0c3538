// Transaction surveys (docs/surveys.md): the surveys, an account's invitations and answers, sending one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SurveyInvitationPageSchema,
  SurveyInvitationSchema,
  SurveyResponsePageSchema,
  SurveySchema,
  CreateSurveyInvitation,
  UpdateSurvey,
} from '../../../../contract/surveys';
import { apiPath, get, patch, post, type Answer, type Items } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { accountKeys } from '../accounts/api';

export const surveyKeys = {
  all: ['surveys'] as const,
  invitations: (accountId: string) => ['accounts', accountId, 'survey-invitations'] as const,
  responses: (accountId: string) => ['accounts', accountId, 'survey-responses'] as const,
};

export function useSurveys() {
  return useQuery({ queryKey: surveyKeys.all, queryFn: () => get<Items<typeof SurveySchema>>('/surveys').then((r) => r.items) });
}

export function useSaveSurvey(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSurvey) => patch<Answer<typeof SurveySchema>>(apiPath`/surveys/${key}`, body),
    onSuccess: () => invalidate(qc, surveyKeys.all),
  });
}

export function useSurveyInvitations(accountId: string) {
  return useQuery({
    queryKey: surveyKeys.invitations(accountId),
    queryFn: () => get<Answer<typeof SurveyInvitationPageSchema>>('/survey-invitations', { accountId, limit: '50' }).then((r) => r.items),
  });
}

export function useSurveyResponses(accountId: string) {
  return useQuery({
    queryKey: surveyKeys.responses(accountId),
    queryFn: () => get<Answer<typeof SurveyResponsePageSchema>>('/survey-responses', { accountId, limit: '50' }).then((r) => r.items),
  });
}

export function useSendSurvey(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateSurveyInvitation; idempotencyKey: string }) =>
      post<Answer<typeof SurveyInvitationSchema>>('/survey-invitations', body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, surveyKeys.invitations(accountId), accountKeys.timeline(accountId)),
  });
}

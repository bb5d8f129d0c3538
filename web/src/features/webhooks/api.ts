// The signing secrets the ERP's webhooks are checked with (admins only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedWebhookSecretSchema, WebhookSecretSchema } from '../../../../contract/webhooks';
import { apiPath, del, get, post, type Answer, type Items } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const webhookKeys = { secrets: ['webhook-secrets'] as const };

type WebhookSecretList = Items<typeof WebhookSecretSchema>;

export function useWebhookSecrets() {
  return useQuery({ queryKey: webhookKeys.secrets, queryFn: () => get<WebhookSecretList>('/webhooks/secrets') });
}

export function useCreateWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string }) => post<Answer<typeof CreatedWebhookSecretSchema>>('/webhooks/secrets', body),
    onSuccess: () => invalidate(qc, webhookKeys.secrets),
  });
}

export function useRevokeWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<Answer<typeof WebhookSecretSchema>>(apiPath`/webhooks/secrets/${id}`),
    onSuccess: () => invalidate(qc, webhookKeys.secrets),
  });
}

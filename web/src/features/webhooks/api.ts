// The signing secrets the ERP's webhooks are checked with (admins only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreatedWebhookSecretSchema, WebhookSecretSchema } from '../../../../contract/webhooks';
import { apiPath, del, get, itemsOf, post } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const webhookKeys = { secrets: ['webhook-secrets'] as const };

const WebhookSecretListSchema = itemsOf(WebhookSecretSchema);

export function useWebhookSecrets() {
  return useQuery({ queryKey: webhookKeys.secrets, queryFn: () => get('/webhooks/secrets', WebhookSecretListSchema) });
}

export function useCreateWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string }) => post('/webhooks/secrets', CreatedWebhookSecretSchema, body),
    onSuccess: () => invalidate(qc, webhookKeys.secrets),
  });
}

export function useRevokeWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(apiPath`/webhooks/secrets/${id}`, WebhookSecretSchema),
    onSuccess: () => invalidate(qc, webhookKeys.secrets),
  });
}

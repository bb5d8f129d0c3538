// Outbound webhook endpoints and their deliveries (admins only).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreatedWebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  CreateWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDeliveryStatus,
} from '../../../../contract/webhook-endpoints';
import { apiPath, del, get, patch, post, type Answer, type Items, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const endpointKeys = {
  all: ['webhook-endpoints'] as const,
  one: (id: string) => ['webhook-endpoints', id] as const,
  deliveries: (id: string) => ['webhook-endpoints', id, 'deliveries'] as const,
};

type EndpointList = Items<typeof WebhookEndpointSchema>;
type DeliveryPage = Page<typeof WebhookDeliverySchema>;

export function useWebhookEndpoints() {
  return useQuery({ queryKey: endpointKeys.all, queryFn: () => get<EndpointList>('/webhook-endpoints') });
}

export function useWebhookEndpoint(id: string) {
  return useQuery({
    queryKey: endpointKeys.one(id),
    queryFn: () => get<Answer<typeof WebhookEndpointSchema>>(apiPath`/webhook-endpoints/${id}`),
  });
}

/** An endpoint's deliveries, newest first; refreshed every few seconds while one is on its way. */
export function useWebhookDeliveries(id: string, query: { status?: WebhookDeliveryStatus; cursor?: string }) {
  return useQuery({
    queryKey: [...endpointKeys.deliveries(id), query],
    queryFn: () => get<DeliveryPage>(apiPath`/webhook-endpoints/${id}/deliveries`, { limit: 25, ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 3000 : false),
  });
}

export function useCreateWebhookEndpoint(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookEndpoint) =>
      post<Answer<typeof CreatedWebhookEndpointSchema>>('/webhook-endpoints', body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useUpdateWebhookEndpoint(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWebhookEndpoint) => patch<Answer<typeof WebhookEndpointSchema>>(apiPath`/webhook-endpoints/${id}`, body),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useDeleteWebhookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del<Answer<typeof WebhookEndpointSchema>>(apiPath`/webhook-endpoints/${id}`),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useRotateWebhookSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<Answer<typeof CreatedWebhookEndpointSchema>>(apiPath`/webhook-endpoints/${id}/rotate-secret`),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useSendTestEvent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<Answer<typeof WebhookDeliverySchema>>(apiPath`/webhook-endpoints/${id}/test`),
    onSuccess: () => invalidate(qc, endpointKeys.deliveries(id)),
  });
}

export function useRetryDelivery(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => post<Answer<typeof WebhookDeliverySchema>>(apiPath`/webhook-deliveries/${deliveryId}/retry`),
    onSuccess: () => invalidate(qc, endpointKeys.deliveries(endpointId)),
  });
}

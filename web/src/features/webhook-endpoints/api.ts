// Outbound webhook endpoints and their deliveries (admins only).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pageOf } from '../../../../contract/common';
import {
  CreatedWebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  type CreateWebhookEndpoint,
  type UpdateWebhookEndpoint,
  type WebhookDeliveryStatus,
} from '../../../../contract/webhook-endpoints';
import { apiPath, del, get, itemsOf, patch, post } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const endpointKeys = {
  all: ['webhook-endpoints'] as const,
  one: (id: string) => ['webhook-endpoints', id] as const,
  deliveries: (id: string) => ['webhook-endpoints', id, 'deliveries'] as const,
};

const EndpointListSchema = itemsOf(WebhookEndpointSchema);
const DeliveryPageSchema = pageOf(WebhookDeliverySchema);

export function useWebhookEndpoints() {
  return useQuery({ queryKey: endpointKeys.all, queryFn: () => get('/webhook-endpoints', EndpointListSchema) });
}

export function useWebhookEndpoint(id: string) {
  return useQuery({ queryKey: endpointKeys.one(id), queryFn: () => get(apiPath`/webhook-endpoints/${id}`, WebhookEndpointSchema) });
}

/** An endpoint's deliveries, newest first; refreshed every few seconds while one is on its way. */
export function useWebhookDeliveries(id: string, query: { status?: WebhookDeliveryStatus; cursor?: string }) {
  return useQuery({
    queryKey: [...endpointKeys.deliveries(id), query],
    queryFn: () => get(apiPath`/webhook-endpoints/${id}/deliveries`, DeliveryPageSchema, { limit: 25, ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 3000 : false),
  });
}

export function useCreateWebhookEndpoint(idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookEndpoint) => post('/webhook-endpoints', CreatedWebhookEndpointSchema, body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useUpdateWebhookEndpoint(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWebhookEndpoint) => patch(apiPath`/webhook-endpoints/${id}`, WebhookEndpointSchema, body),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useDeleteWebhookEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(apiPath`/webhook-endpoints/${id}`, WebhookEndpointSchema),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useRotateWebhookSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post(apiPath`/webhook-endpoints/${id}/rotate-secret`, CreatedWebhookEndpointSchema),
    onSuccess: () => invalidate(qc, endpointKeys.all),
  });
}

export function useSendTestEvent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post(apiPath`/webhook-endpoints/${id}/test`, WebhookDeliverySchema),
    onSuccess: () => invalidate(qc, endpointKeys.deliveries(id)),
  });
}

export function useRetryDelivery(endpointId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => post(apiPath`/webhook-deliveries/${deliveryId}/retry`, WebhookDeliverySchema),
    onSuccess: () => invalidate(qc, endpointKeys.deliveries(endpointId)),
  });
}

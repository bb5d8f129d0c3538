// Outbound webhooks (docs/webhooks.md): endpoints, their deliveries, a test event, a retry. Admin only.
// Paths: /api/v1/webhook-endpoints, since /api/v1/webhooks/… holds the inbound ERP secrets.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../contract/common.js';
import {
  CreatedWebhookEndpointSchema,
  CreateWebhookEndpointSchema,
  ListWebhookDeliveriesQuerySchema,
  UpdateWebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookEndpointIdParamsSchema,
  WebhookEndpointSchema,
} from '../../../contract/webhook-endpoints.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookEndpointSecret,
  sendWebhookTestEvent,
  updateWebhookEndpoint,
} from '../../domain/webhook-endpoints/index.js';
import { contextOf, requireRole } from '../plugins/auth.js';

const tags = ['outbound webhooks'];

export async function webhookEndpointsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = requireRole('admin');

  r.get(
    '/api/v1/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Outbound webhook endpoints, newest first (admin)',
        response: { 200: z.object({ items: z.array(WebhookEndpointSchema) }) },
      },
      onRequest: admin,
    },
    async (request) => listWebhookEndpoints(contextOf(request)),
  );
  r.post(
    '/api/v1/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Register an endpoint; its signing secret is shown only in this answer (admin; accepts Idempotency-Key)',
        body: CreateWebhookEndpointSchema,
        response: { 201: CreatedWebhookEndpointSchema },
      },
      onRequest: admin,
    },
    async (request, reply) => reply.code(201).send(await createWebhookEndpoint(contextOf(request), request.body)),
  );
  r.get(
    '/api/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'One endpoint (admin)',
        params: WebhookEndpointIdParamsSchema,
        response: { 200: WebhookEndpointSchema },
        errorCodes: ['webhook_endpoints.not_found'],
      },
      onRequest: admin,
    },
    async (request) => getWebhookEndpoint(contextOf(request), request.params.id),
  );
  r.patch(
    '/api/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Change the address, description or events, or turn it off and on (on again: the failure count starts over) (admin)',
        params: WebhookEndpointIdParamsSchema,
        body: UpdateWebhookEndpointSchema,
        response: { 200: WebhookEndpointSchema },
        errorCodes: ['webhook_endpoints.not_found'],
      },
      onRequest: admin,
    },
    async (request) => updateWebhookEndpoint(contextOf(request), { id: request.params.id, patch: request.body }),
  );
  r.delete(
    '/api/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete an endpoint with its deliveries (admin)',
        params: WebhookEndpointIdParamsSchema,
        response: { 200: WebhookEndpointSchema },
        errorCodes: ['webhook_endpoints.not_found'],
      },
      onRequest: admin,
    },
    async (request) => deleteWebhookEndpoint(contextOf(request), request.params.id),
  );
  r.post(
    '/api/v1/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'A new signing secret, shown only in this answer; the previous one also signs for 24 hours (admin)',
        params: WebhookEndpointIdParamsSchema,
        response: { 200: CreatedWebhookEndpointSchema },
        errorCodes: ['webhook_endpoints.not_found'],
      },
      onRequest: admin,
    },
    async (request) => rotateWebhookEndpointSecret(contextOf(request), request.params.id),
  );
  r.post(
    '/api/v1/webhook-endpoints/:id/test',
    {
      schema: {
        tags,
        summary: 'Queue a webhook.test event to the endpoint, sent within seconds like any delivery (admin)',
        params: WebhookEndpointIdParamsSchema,
        response: { 201: WebhookDeliverySchema },
        errorCodes: ['webhook_endpoints.not_found'],
      },
      onRequest: admin,
    },
    async (request, reply) => reply.code(201).send(await sendWebhookTestEvent(contextOf(request), request.params.id)),
  );
  r.get(
    '/api/v1/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The endpoint’s deliveries, newest first, each with its attempts (status code, time taken, error) (admin)',
        params: WebhookEndpointIdParamsSchema,
        querystring: ListWebhookDeliveriesQuerySchema,
        response: { 200: pageOf(WebhookDeliverySchema) },
        errorCodes: ['webhook_endpoints.not_found', 'pagination.bad_cursor'],
      },
      onRequest: admin,
    },
    async (request) => listWebhookDeliveries(contextOf(request), { endpointId: request.params.id, query: request.query }),
  );
  r.post(
    '/api/v1/webhook-deliveries/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed delivery again (or a waiting one now): attempts start over, same webhook-id (admin)',
        params: WebhookEndpointIdParamsSchema,
        response: { 200: WebhookDeliverySchema },
        errorCodes: ['webhook_endpoints.delivery_not_found', 'webhook_endpoints.not_retryable', 'webhook_endpoints.disabled'],
      },
      onRequest: admin,
    },
    async (request) => retryWebhookDelivery(contextOf(request), request.params.id),
  );
}

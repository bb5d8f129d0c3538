import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../contract/common.js';
import {
  CreatedWebhookSecretSchema,
  CreateWebhookSecretSchema,
  ErpEventResultSchema,
  ErpEventSchema,
  WebhookSecretSchema,
} from '../../../contract/webhooks.js';
import {
  createWebhookSecret,
  erpWebhookActor,
  listWebhookSecrets,
  receiveErpEvent,
  revokeWebhookSecret,
  verifyErpWebhook,
} from '../../domain/webhooks/index.js';
import { contextOf, requireRole } from '../plugins/auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as sent, for the HMAC (POST /hooks/erp only). */
    rawBody?: Buffer;
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** POST /hooks/erp in its own plugin: only it reads JSON bodies raw (the signature covers the exact bytes). */
async function erpHookRoute(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    try {
      done(null, JSON.parse(raw.toString('utf8')) as unknown);
    } catch {
      // Checked after the signature: a tampered body is 401, not a JSON error.
      done(null, undefined);
    }
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  r.post(
    '/hooks/erp',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Inbound ERP event (Standard Webhooks)',
        security: [],
        headers: z.object({
          'webhook-id': z
            .string()
            .optional()
            .meta({ description: 'Unique per event; a replay with the same id is acknowledged without effect' }),
          'webhook-timestamp': z.string().optional().meta({ description: 'Unix seconds; refused when more than 5 minutes from now' }),
          'webhook-signature': z.string().optional().meta({ description: 'Space-separated `v1,<base64 HMAC-SHA256>` signatures' }),
        }),
        body: ErpEventSchema,
        response: { 200: ErpEventResultSchema },
        errorCodes: [
          'webhooks.missing_headers',
          'webhooks.bad_timestamp',
          'webhooks.stale_timestamp',
          'webhooks.bad_signature',
          'webhooks.unknown_account',
          'webhooks.unknown_user',
          'webhooks.unknown_order',
          'webhooks.unknown_quote',
          'orders.invalid',
          'orders.number_taken',
          'orders.bad_transition',
          'orders.gate_open',
          'quotes.invalid',
          'quotes.number_taken',
          'quotes.bad_transition',
        ],
      },
      // The signature is checked before the body is validated, on the raw bytes.
      preValidation: async (request) => {
        const h = request.headers;
        await verifyErpWebhook(
          { db, now: app.ctx.clock.now() },
          {
            headers: { id: header(h['webhook-id']), timestamp: header(h['webhook-timestamp']), signature: header(h['webhook-signature']) },
            body: request.rawBody ?? Buffer.alloc(0),
          },
        );
      },
    },
    async (request) =>
      receiveErpEvent(
        { db, actor: erpWebhookActor(), now: app.ctx.clock.now() },
        { webhookId: header(request.headers['webhook-id'])!, event: request.body },
      ),
  );
}

export async function hooksRoutes(app: FastifyInstance): Promise<void> {
  await app.register(erpHookRoute);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/webhooks/secrets',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Signing secrets of POST /hooks/erp, masked (admin)',
        response: { 200: z.object({ items: z.array(WebhookSecretSchema) }) },
      },
      onRequest: requireRole('admin'),
    },
    async (request) => listWebhookSecrets(contextOf(request)),
  );
  r.post(
    '/api/v1/webhooks/secrets',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Create a signing secret; the secret is shown only in this answer (admin)',
        body: CreateWebhookSecretSchema,
        response: { 201: CreatedWebhookSecretSchema },
      },
      onRequest: requireRole('admin'),
    },
    async (request, reply) => reply.code(201).send(await createWebhookSecret(contextOf(request), request.body)),
  );
  r.delete(
    '/api/v1/webhooks/secrets/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Revoke a signing secret (admin)',
        params: z.object({ id: IdSchema }),
        response: { 200: WebhookSecretSchema },
        errorCodes: ['webhooks.secret_not_found'],
      },
      onRequest: requireRole('admin'),
    },
    async (request) => revokeWebhookSecret(contextOf(request), request.params.id),
  );
}

// Customer portal links (docs/portal.md): staff make, list and revoke an account's links.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreatedPortalLinkSchema,
  CreatePortalLinkSchema,
  PortalDocumentIdParamsSchema,
  PortalDocumentSchema,
  PortalLinkIdParamsSchema,
  PortalLinkParamsSchema,
  PortalLinkSchema,
} from '../../../contract/portal.js';
import { publicUrlOf } from '../../config.js';
import {
  createPortalLink,
  getPortalDocumentFile,
  listPortalDocuments,
  listPortalLinks,
  PORTAL_LINK_ROLES,
  revokePortalLink,
} from '../../domain/portal/index.js';
import { contextOf, requireRole } from '../plugins/auth.js';

const tags = ['customer portal'];

export async function portalLinksRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = requireRole(...PORTAL_LINK_ROLES);

  r.post(
    '/api/v1/accounts/:id/portal-links',
    {
      schema: {
        tags,
        summary:
          'A new customer portal link for the account; its token is in `url`, shown only in this answer (admin, gm, sales, csr; accepts Idempotency-Key)',
        params: PortalLinkParamsSchema,
        body: CreatePortalLinkSchema,
        response: { 201: CreatedPortalLinkSchema },
        errorCodes: ['accounts.not_found'],
      },
      onRequest: staff,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createPortalLink(contextOf(request), { accountId: request.params.id, baseUrl: publicUrlOf(request.server.ctx.config) }),
        ),
  );
  r.get(
    '/api/v1/accounts/:id/portal-links',
    {
      schema: {
        tags,
        summary: 'The account’s portal links, newest first, without their tokens (admin, gm, sales, csr)',
        params: PortalLinkParamsSchema,
        response: { 200: z.object({ items: z.array(PortalLinkSchema) }) },
        errorCodes: ['accounts.not_found'],
      },
      onRequest: staff,
    },
    async (request) => listPortalLinks(contextOf(request), request.params.id),
  );
  r.delete(
    '/api/v1/accounts/:id/portal-links/:linkId',
    {
      schema: {
        tags,
        summary: 'Revoke a portal link: it opens nothing from now on (admin, gm, sales, csr)',
        params: PortalLinkIdParamsSchema,
        response: { 204: z.null() },
        errorCodes: ['portal.link_not_found'],
      },
      onRequest: staff,
    },
    async (request, reply) => {
      await revokePortalLink(contextOf(request), { accountId: request.params.id, linkId: request.params.linkId });
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/v1/accounts/:id/portal-documents',
    {
      schema: {
        tags,
        summary: 'Files the customer uploaded through the portal (a tax-exemption certificate), newest first (admin, gm, sales, csr)',
        params: PortalLinkParamsSchema,
        response: { 200: z.object({ items: z.array(PortalDocumentSchema) }) },
        errorCodes: ['accounts.not_found'],
      },
      onRequest: staff,
    },
    async (request) => listPortalDocuments(contextOf(request), request.params.id),
  );
  r.get(
    '/api/v1/accounts/:id/portal-documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Download an uploaded file, always as an attachment (admin, gm, sales, csr)',
        params: PortalDocumentIdParamsSchema,
        errorCodes: ['portal.document_not_found'],
      },
      onRequest: staff,
    },
    async (request, reply) => {
      const file = await getPortalDocumentFile(contextOf(request), { accountId: request.params.id, documentId: request.params.documentId });
      // Never shown inline: a browser downloads it, whatever it holds (docs/portal.md).
      return reply
        .type(file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.content);
    },
  );
}

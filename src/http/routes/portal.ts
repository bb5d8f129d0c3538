// The customer portal (docs/portal.md): the page a customer opens from a message, with no password
// — the token in the URL is the credential. Every bad token gets the same 404; every answer says
// `Referrer-Policy: no-referrer` and `Cache-Control: no-store`; each route has its own per-address
// limit; the request log never shows the token (plugins/request-log.ts).
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PORTAL_DOCUMENT_MAX_BYTES, PortalDocumentSchema, PortalFormPatchSchema, PortalFormSchema } from '../../../contract/portal.js';
import {
  fileTooLarge,
  getPortalView,
  PORTAL_NOT_FOUND_DETAIL,
  savePortalForm,
  submitPortalForm,
  uploadPortalDocument,
} from '../../domain/portal/index.js';
import { DomainError } from '../../domain/shared/index.js';
import { PORTAL_NOT_FOUND_HTML, PORTAL_SCRIPT_PATH, renderPortalPage } from '../portal/page.js';
import { PORTAL_SCRIPT } from '../portal/script.js';
import { sendProblem } from '../plugins/errors.js';

const tags = ['customer portal'];
const TokenParams = z.object({ token: z.string() });

/** Per address and minute: a page view, a save as they type (debounced, so a fast typist stays well below), a send. */
export const PORTAL_RATE_LIMITS = { page: 30, save: 120, submit: 20, upload: 10 } as const;

function portalHeaders(reply: FastifyReply): void {
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
  reply.header('x-robots-tag', 'noindex, nofollow');
}

/** The one answer to a link that opens nothing: the page's HTML for a GET, problem+json for the form's requests. */
export async function sendPortalNotFound(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  portalHeaders(reply);
  if (request.method === 'GET' || request.method === 'HEAD')
    return reply.code(404).type('text/html; charset=utf-8').send(PORTAL_NOT_FOUND_HTML);
  return sendProblem(request, reply, { status: 404, code: 'portal.not_found', detail: PORTAL_NOT_FOUND_DETAIL });
}

export async function portalRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // This plugin's routes only (Fastify encapsulation): no browser, proxy or Referer keeps the token.
  app.addHook('onSend', async (_request, reply) => portalHeaders(reply));
  // Encapsulated here: of the portal's routes, only the upload reads multipart; one file, 5 MB.
  await app.register(fastifyMultipart, { limits: { fileSize: PORTAL_DOCUMENT_MAX_BYTES, files: 1, fields: 2, parts: 3 } });

  r.get(
    '/c/:token',
    {
      schema: { tags, summary: 'The customer portal page (HTML); 404 for every link that opens nothing', params: TokenParams, hide: true },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.page, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { database, clock } = request.server.ctx;
      try {
        const view = await getPortalView({ db: database.db, now: clock.now() }, request.params.token);
        return reply.type('text/html; charset=utf-8').send(renderPortalPage(view));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'portal.not_found') return sendPortalNotFound(request, reply);
        throw error;
      }
    },
  );
  r.patch(
    '/c/:token/form',
    {
      schema: {
        tags,
        summary: 'Save the new-customer form as the customer types: the fields given replace theirs (the token is the credential)',
        params: TokenParams,
        body: PortalFormPatchSchema,
        response: { 200: PortalFormSchema },
        errorCodes: ['portal.not_found'],
        security: [],
      },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.save, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { database, clock } = request.server.ctx;
      return savePortalForm({ db: database.db, now: clock.now() }, { token: request.params.token, patch: request.body });
    },
  );
  r.post(
    '/c/:token/form/submit',
    {
      schema: {
        tags,
        summary: '"Send to us": the form lands on the account with one timeline entry and one review task for its CSR',
        params: TokenParams,
        response: { 200: PortalFormSchema },
        errorCodes: ['portal.not_found', 'portal.invalid'],
        security: [],
      },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.submit, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { database, clock } = request.server.ctx;
      return submitPortalForm(
        { db: database.db, now: clock.now() },
        { token: request.params.token, ip: request.ip, requestId: String(request.id) },
      );
    },
  );
  r.post(
    '/c/:token/documents',
    {
      schema: {
        tags,
        summary: 'Upload the tax-exemption certificate: one PDF, PNG or JPEG up to 5 MB, as multipart/form-data field `file`',
        params: TokenParams,
        consumes: ['multipart/form-data'],
        response: { 201: PortalDocumentSchema },
        errorCodes: ['portal.not_found'],
        security: [],
      },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.upload, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        return sendProblem(request, reply, {
          status: 415,
          code: 'request.unsupported_media_type',
          detail: 'Send the file as multipart/form-data, field `file`.',
        });
      const part = await request.file();
      if (!part)
        throw new DomainError({
          code: 'request.unsupported_media_type',
          detail: 'No file was sent.',
          errors: [{ path: 'file', message: 'is missing' }],
        });
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
        throw error;
      }
      const { database, clock } = request.server.ctx;
      const saved = await uploadPortalDocument(
        { db: database.db, now: clock.now() },
        {
          token: request.params.token,
          fileName: part.filename,
          declaredType: part.mimetype,
          content,
          ip: request.ip,
          requestId: String(request.id),
        },
      );
      return reply.code(201).send(saved);
    },
  );
  r.get(PORTAL_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(PORTAL_SCRIPT),
  );
}

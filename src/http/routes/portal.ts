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
import { DomainError, invalid } from '../../domain/shared/index.js';
import { answerSurvey, getSurveyPage } from '../../domain/surveys/index.js';
import { SurveyAnswerSchema, type SurveyAnswer } from '../../../contract/surveys.js';
import { renderSurveyPage } from '../portal/survey-page.js';
import { renderTestimonialPage } from '../portal/testimonial-page.js';
import { answerTestimonial, getTestimonialPage } from '../../domain/testimonials/index.js';
import { TestimonialAnswerSchema } from '../../../contract/testimonials.js';
import { PORTAL_NOT_FOUND_HTML, PORTAL_SCRIPT_PATH, renderPortalPage } from '../portal/page.js';
import { PORTAL_SCRIPT } from '../portal/script.js';
import { sendProblem } from '../plugins/errors.js';

const tags = ['customer portal'];
const TokenParams = z.object({ token: z.string() });
const PageQuery = z.object({ answered: z.enum(['0', '1']).optional() });

const isNotFound = (error: unknown) => error instanceof DomainError && error.code === 'portal.not_found';

/** A survey answer from JSON, or from the page's form (scores as text, an empty comment left out); 400 naming the field otherwise. */
function surveyAnswerOf(body: Record<string, unknown>, isForm: boolean): SurveyAnswer {
  const given = isForm
    ? Object.fromEntries(
        Object.entries(body)
          .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
          .map(([k, v]) => [k, k === 'comment' ? v : /^-?\d+$/.test(String(v)) ? Number(v) : v]),
      )
    : body;
  const parsed = SurveyAnswerSchema.safeParse(given);
  if (parsed.success) return parsed.data;
  // surveys.answer_invalid: a score out of its range or not a whole number, or a field the survey has not.
  throw invalid(
    'surveys.answer_invalid',
    parsed.error.issues.map((i) => ({
      path: i.path.join('.') || String((i as { keys?: string[] }).keys?.[0] ?? '(root)'),
      message: i.message,
    })),
  );
}

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
  // The survey page's form posts form data (it works without script).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  r.get(
    '/c/:token',
    {
      schema: {
        tags,
        summary: 'The customer portal page, or the survey a survey link opens (HTML); 404 for every link that opens nothing',
        params: TokenParams,
        querystring: PageQuery,
        hide: true,
      },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.page, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { database, clock } = request.server.ctx;
      const ctx = { db: database.db, now: clock.now() };
      try {
        const view = await getPortalView(ctx, request.params.token);
        return reply.type('text/html; charset=utf-8').send(renderPortalPage(view));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      // Not a portal link: perhaps a survey's (docs/surveys.md), or a testimonial's (docs/testimonials.md).
      try {
        const page = await getSurveyPage(ctx, request.params.token);
        return reply.type('text/html; charset=utf-8').send(renderSurveyPage(page, { thanks: request.query.answered === '1' }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      try {
        return reply.type('text/html; charset=utf-8').send(renderTestimonialPage(await getTestimonialPage(ctx, request.params.token)));
      } catch (error) {
        if (isNotFound(error)) return sendPortalNotFound(request, reply);
        throw error;
      }
    },
  );
  r.post(
    '/c/:token',
    {
      schema: {
        tags,
        summary:
          'Answer a survey through its link: JSON {csat?, nps?, ces?, comment?} (200), or the page’s form (303 back to the page). One answer per link: a second changes nothing.',
        params: TokenParams,
        body: z.record(z.string(), z.unknown()),
        errorCodes: ['portal.not_found', 'surveys.answer_invalid'],
        security: [],
      },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.submit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { database, clock } = request.server.ctx;
      const ctx = { db: database.db, now: clock.now() };
      const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const token = request.params.token;
      try {
        const answer = surveyAnswerOf(request.body, isForm);
        const answered = await answerSurvey(ctx, { token, answer, ip: request.ip, requestId: String(request.id) });
        if (isForm) return reply.redirect(`/c/${token}?answered=${answered.isNew ? '1' : '0'}`, 303);
        return { received: true as const, alreadyReceived: !answered.isNew };
      } catch (error) {
        if (isNotFound(error)) return sendPortalNotFound(request, reply);
        // The page's form: show it again with what to fix.
        if (isForm && error instanceof DomainError && error.code === 'surveys.answer_invalid') {
          const page = await getSurveyPage(ctx, token).catch(() => null);
          if (page) {
            const what = (error.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
            return reply
              .code(400)
              .type('text/html; charset=utf-8')
              .send(renderSurveyPage(page, { error: `Please check your answer — ${what}.` }));
          }
        }
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
    '/c/:token/testimonial',
    {
      schema: {
        tags,
        summary:
          'A testimonial through its link: {decision: approve, text, credit, pseudonym?} | {decision: decline} | {decision: withdraw}, as JSON (200) or the page’s form (303 back to the page)',
        params: TokenParams,
        body: z.record(z.string(), z.unknown()),
        errorCodes: ['portal.not_found', 'testimonials.invalid', 'testimonials.not_allowed'],
        security: [],
      },
      config: { rateLimit: { max: PORTAL_RATE_LIMITS.submit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { database, clock } = request.server.ctx;
      const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const body = isForm ? Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== '')) : request.body;
      const parsed = TestimonialAnswerSchema.safeParse(body);
      // testimonials.invalid: the answer is not one the page sends (named in errors[]).
      if (!parsed.success)
        throw invalid(
          'testimonials.invalid',
          parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'decision', message: i.message })),
        );
      try {
        const page = await answerTestimonial(
          { db: database.db, now: clock.now() },
          { token: request.params.token, answer: parsed.data, ip: request.ip, requestId: String(request.id) },
        );
        if (isForm) return reply.redirect(`/c/${request.params.token}`, 303);
        return { status: page.status, attribution: page.attribution };
      } catch (error) {
        if (isNotFound(error)) return sendPortalNotFound(request, reply);
        throw error;
      }
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

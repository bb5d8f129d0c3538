import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pageOf } from '../../../contract/common.js';
import {
  CorrectionSchema,
  CreateCorrectionSchema,
  ListMessagesQuerySchema,
  UpdateDraftMessageSchema,
  MailStatusSchema,
  MessageIdParamsSchema,
  MessageSchema,
  MessageTemplateSchema,
  PreviewMessageTemplateSchema,
  RenderedMessageSchema,
  SendTestEmailSchema,
  TemplateKeyParamsSchema,
  TestEmailResultSchema,
  UpdateMessageTemplateSchema,
} from '../../../contract/messages.js';
import { mailServerOf } from '../../config.js';
import {
  countQueuedMessages,
  describeMailServer,
  getMessage,
  getMessageTemplate,
  listMessages,
  listMessageTemplates,
  previewMessageTemplate,
  resetMessageTemplate,
  saveMessageTemplate,
  sendTestEmail,
} from '../../domain/messages/index.js';
import { recordCorrection } from '../../domain/corrections/index.js';
import { retryMessage, sendDraftMessage, updateDraftMessage } from '../../domain/delivery/index.js';
import { contextOf, requireRole, requireUser } from '../plugins/auth.js';
import { z } from 'zod';

export async function messagesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const server = () => mailServerOf(app.ctx.config);
  const readOptions = () => ({ isMailConfigured: server() !== null });

  r.get(
    '/api/v1/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'The outbox: messages to customer contacts, newest first',
        querystring: ListMessagesQuerySchema,
        response: { 200: pageOf(MessageSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listMessages(db, request.query, readOptions()),
  );

  r.get(
    '/api/v1/messages/:id',
    {
      schema: {
        tags: ['messages'],
        summary: 'One message, with both parts',
        params: MessageIdParamsSchema,
        response: { 200: MessageSchema },
        errorCodes: ['messages.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getMessage(db, request.params.id, readOptions()),
  );

  r.post(
    '/api/v1/messages/:id/retry',
    {
      schema: {
        tags: ['messages'],
        summary: 'Send a failed message again (or a waiting one now); same Message-ID (admin, GM, CSR)',
        params: MessageIdParamsSchema,
        response: { 200: MessageSchema },
        errorCodes: ['messages.not_found', 'messages.not_retryable'],
      },
      onRequest: requireRole('admin', 'gm', 'csr'),
    },
    async (request) => retryMessage(contextOf(request), request.params.id, readOptions()),
  );

  r.patch(
    '/api/v1/messages/:id',
    {
      schema: {
        tags: ['messages'],
        summary: 'Edit a draft’s subject and text before it is sent (admin, GM, CSR); the HTML part is made from the text',
        params: MessageIdParamsSchema,
        body: UpdateDraftMessageSchema,
        response: { 200: MessageSchema },
        errorCodes: ['messages.not_found', 'messages.not_draft'],
      },
      onRequest: requireRole('admin', 'gm', 'csr'),
    },
    async (request) => updateDraftMessage(contextOf(request), { id: request.params.id, patch: request.body }, readOptions()),
  );

  r.post(
    '/api/v1/messages/:id/send',
    {
      schema: {
        tags: ['messages'],
        summary:
          'Send a draft: it joins the outbox and the playbook step that drafted it is done (admin, GM, CSR; accepts Idempotency-Key). Refused while a [[part]] is unwritten',
        params: MessageIdParamsSchema,
        response: { 200: MessageSchema },
        errorCodes: ['messages.not_found', 'messages.not_draft', 'messages.draft_unfinished'],
      },
      onRequest: requireRole('admin', 'gm', 'csr'),
    },
    async (request) => sendDraftMessage(contextOf(request), request.params.id, readOptions()),
  );

  r.post(
    '/api/v1/accounts/:id/corrections',
    {
      schema: {
        tags: ['messages'],
        summary:
          'Correct something the customer was told that turned out untrue: an essential message to the contact, kept on the account timeline and the order’s history (admin, GM, CSR, sales; accepts Idempotency-Key)',
        params: MessageIdParamsSchema,
        body: CreateCorrectionSchema,
        response: { 201: CorrectionSchema },
        errorCodes: ['accounts.not_found', 'corrections.invalid', 'messages.invalid', 'auth.forbidden'],
      },
      onRequest: requireRole('admin', 'gm', 'csr', 'sales'),
    },
    async (request, reply) => {
      const result = await recordCorrection(contextOf(request), { accountId: request.params.id, correction: request.body }, readOptions());
      return reply.code(201).send(result);
    },
  );

  r.get(
    '/api/v1/message-templates',
    {
      schema: {
        tags: ['messages'],
        summary: 'Message templates: the organisation’s own text, else the shipped one',
        response: { 200: z.object({ items: z.array(MessageTemplateSchema) }) },
      },
      onRequest: requireUser,
    },
    async () => listMessageTemplates(db),
  );

  r.get(
    '/api/v1/message-templates/:key',
    {
      schema: {
        tags: ['messages'],
        summary: 'One message template',
        params: TemplateKeyParamsSchema,
        response: { 200: MessageTemplateSchema },
      },
      onRequest: requireUser,
    },
    async (request) => getMessageTemplate(db, request.params.key),
  );

  r.put(
    '/api/v1/message-templates/:key',
    {
      schema: {
        tags: ['messages'],
        summary: 'Save a template’s text (admin); an unknown variable is a 400 naming it and its line',
        params: TemplateKeyParamsSchema,
        body: UpdateMessageTemplateSchema,
        response: { 200: MessageTemplateSchema },
        errorCodes: ['messages.template_invalid'],
      },
      onRequest: requireRole('admin'),
    },
    async (request) => saveMessageTemplate(contextOf(request), { key: request.params.key, template: request.body }),
  );

  r.delete(
    '/api/v1/message-templates/:key',
    {
      schema: {
        tags: ['messages'],
        summary: 'Bring back the shipped text of a template (admin)',
        params: TemplateKeyParamsSchema,
        response: { 200: MessageTemplateSchema },
      },
      onRequest: requireRole('admin'),
    },
    async (request) => resetMessageTemplate(contextOf(request), request.params.key),
  );

  r.post(
    '/api/v1/message-templates/preview',
    {
      schema: {
        tags: ['messages'],
        summary: 'Render a template as it is being edited, with sample data or an order’s',
        body: PreviewMessageTemplateSchema,
        response: { 200: RenderedMessageSchema },
        errorCodes: ['messages.template_invalid', 'messages.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => previewMessageTemplate(db, request.body),
  );

  r.get(
    '/api/v1/settings/mail',
    {
      schema: {
        tags: ['settings'],
        summary: 'The mail server in force (without its password) and how many messages wait (admin)',
        response: { 200: MailStatusSchema },
      },
      onRequest: requireRole('admin'),
    },
    async () => describeMailServer(server(), await countQueuedMessages(db)),
  );

  r.post(
    '/api/v1/settings/mail/test',
    {
      schema: {
        tags: ['settings'],
        summary: 'Send a test email and say what the server answered (admin)',
        body: SendTestEmailSchema,
        response: { 200: TestEmailResultSchema },
        errorCodes: ['messages.no_mail_server'],
      },
      onRequest: requireRole('admin'),
    },
    async (request) => sendTestEmail(contextOf(request), { to: request.body.to, server: server() }),
  );
}

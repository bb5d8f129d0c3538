// Transaction surveys for staff and integrators (docs/surveys.md): the survey templates, sending
// one by hand, the invitations and the answers. The customer answers through the portal (/c/<token>).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateSurveyInvitationSchema,
  CreateSurveySchema,
  ListSurveyInvitationsQuerySchema,
  ListSurveyResponsesQuerySchema,
  SurveyFiguresQuerySchema,
  SurveyFiguresSchema,
  SurveyInvitationPageSchema,
  SurveyInvitationSchema,
  SurveyResponsePageSchema,
  SurveySchema,
  UpdateSurveySchema,
} from '../../../contract/surveys.js';
import {
  createSurvey,
  createSurveyInvitation,
  getSurvey,
  getSurveyFigures,
  listSurveyInvitations,
  listSurveyResponses,
  listSurveys,
  updateSurvey,
} from '../../domain/surveys/index.js';
import { contextOf, requireRole, requireUser } from '../plugins/auth.js';

const tags = ['surveys'];
const KeyParams = z.object({ key: z.string().min(1).max(40) });

export async function surveysRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/surveys',
    {
      schema: {
        tags,
        summary: 'The surveys: one per touchpoint ships, plus the organisation’s own',
        response: { 200: z.object({ items: z.array(SurveySchema) }) },
      },
      onRequest: requireUser,
    },
    async (request) => listSurveys(contextOf(request)),
  );
  r.get(
    '/api/v1/surveys/:key',
    {
      schema: { tags, summary: 'One survey', params: KeyParams, response: { 200: SurveySchema }, errorCodes: ['surveys.not_found'] },
      onRequest: requireUser,
    },
    async (request) => getSurvey(contextOf(request), request.params.key),
  );
  r.post(
    '/api/v1/surveys',
    {
      schema: {
        tags,
        summary: 'Add a survey of your own (admin; accepts Idempotency-Key)',
        body: CreateSurveySchema,
        response: { 201: SurveySchema },
        errorCodes: ['surveys.key_taken'],
      },
      onRequest: requireRole('admin'),
    },
    async (request, reply) => reply.code(201).send(await createSurvey(contextOf(request), request.body)),
  );
  r.patch(
    '/api/v1/surveys/:key',
    {
      schema: {
        tags,
        summary: 'Change a survey’s wording or questions (admin); null leaves a scale out',
        params: KeyParams,
        body: UpdateSurveySchema,
        response: { 200: SurveySchema },
        errorCodes: ['surveys.not_found', 'surveys.invalid'],
      },
      onRequest: requireRole('admin'),
    },
    async (request) => updateSurvey(contextOf(request), { key: request.params.key, patch: request.body }),
  );

  r.get(
    '/api/v1/survey-invitations',
    {
      schema: {
        tags,
        summary: 'Surveys sent, newest first: open, answered or expired',
        querystring: ListSurveyInvitationsQuerySchema,
        response: { 200: SurveyInvitationPageSchema },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listSurveyInvitations(contextOf(request), request.query),
  );
  r.post(
    '/api/v1/survey-invitations',
    {
      schema: {
        tags,
        summary: 'Send a survey to a contact now, through the outbox (admin, GM, sales, CSR; accepts Idempotency-Key)',
        body: CreateSurveyInvitationSchema,
        response: { 201: SurveyInvitationSchema },
        errorCodes: ['surveys.invalid', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createSurveyInvitation(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/analytics/surveys',
    {
      schema: {
        tags: ['analytics', ...tags],
        summary:
          'Survey figures by touchpoint and overall: response rate, mean CSAT, NPS, mean CES, detractors and the share called back within one business day',
        querystring: SurveyFiguresQuerySchema,
        response: { 200: SurveyFiguresSchema },
      },
      onRequest: requireUser,
    },
    async (request) => getSurveyFigures(contextOf(request), request.query),
  );

  r.get(
    '/api/v1/survey-responses',
    {
      schema: {
        tags,
        summary: 'Survey answers, newest first',
        querystring: ListSurveyResponsesQuerySchema,
        response: { 200: SurveyResponsePageSchema },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listSurveyResponses(contextOf(request), request.query),
  );
}

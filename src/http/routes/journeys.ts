// The onboarding journey (docs/journeys.md): an account's journey, starting it by hand, and the
// executive calls due, done and overdue in a period.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../contract/common.js';
import { AccountJourneySchema, ExecutiveCallsQuerySchema, ExecutiveCallsSchema, StartJourneySchema } from '../../../contract/journeys.js';
import { getAccountJourney, getExecutiveCalls, startJourney } from '../../domain/journeys/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const tags = ['journeys'];
const IdParams = z.object({ id: IdSchema });

export async function journeysRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/accounts/:id/journey',
    {
      schema: {
        tags,
        summary:
          'The account’s onboarding journey: stages with entered and completed times, open checklist items, executive calls, survey results',
        params: IdParams,
        response: { 200: AccountJourneySchema },
        errorCodes: ['accounts.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getAccountJourney(contextOf(request), request.params.id),
  );
  r.post(
    '/api/v1/accounts/:id/journey',
    {
      schema: {
        tags,
        summary: 'Start the account’s onboarding journey by hand (admin, GM, sales, CSR, service; accepts Idempotency-Key)',
        params: IdParams,
        body: StartJourneySchema,
        response: { 201: AccountJourneySchema },
        errorCodes: ['journeys.already_started', 'journeys.not_a_customer', 'journeys.no_playbook', 'accounts.not_found', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await startJourney(contextOf(request), request.params.id)),
  );
  r.get(
    '/api/v1/analytics/executive-calls',
    {
      schema: {
        tags: ['analytics', ...tags],
        summary: 'Executive calls due in a period (default: the quarter of asOf), how many are done and how many overdue',
        querystring: ExecutiveCallsQuerySchema,
        response: { 200: ExecutiveCallsSchema },
      },
      onRequest: requireUser,
    },
    async (request) => getExecutiveCalls(contextOf(request), request.query),
  );
}

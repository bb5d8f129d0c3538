import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AnalyticsQuerySchema, KpisSchema } from '../../../contract/analytics.js';
import { getKpis } from '../../domain/analytics/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

// Figures are made of rows every signed-in staff member already reads (accounts, orders, quotes
// belong to their team, not one owner): any signed-in user or API token reads them.
export async function analyticsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/analytics/kpis',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Every figure (docs/domain.md §4) as of a day, over a period, overall and per rep',
        querystring: AnalyticsQuerySchema,
        response: { 200: KpisSchema },
        errorCodes: ['analytics.unknown_rep'],
      },
      onRequest: requireUser,
    },
    async (request) => getKpis(contextOf(request), request.query),
  );
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnalyticsQuerySchema,
  DashboardSchema,
  FigureKeySchema,
  FigureRowsQuerySchema,
  FigureRowsSchema,
  KpisSchema,
  LateNoticesSchema,
  PracticeRowsQuerySchema,
  PracticeRowsSchema,
  PracticeSchema,
} from '../../../contract/analytics.js';
import {
  figureRowsCsv,
  getDashboard,
  getKpis,
  getLateNotices,
  getPractice,
  listFigureRows,
  listPracticeRows,
} from '../../domain/analytics/index.js';
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

  r.get(
    '/api/v1/analytics/dashboard',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The dashboard series by month (cohort conversion, first-order on time, hit ratio, first and repeat revenue) and 12-month retention',
        querystring: AnalyticsQuerySchema,
        response: { 200: DashboardSchema },
        errorCodes: ['analytics.unknown_rep'],
      },
      onRequest: requireUser,
    },
    async (request) => getDashboard(contextOf(request), request.query),
  );

  r.get(
    '/api/v1/analytics/late-notices',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Late orders promised in the period, and how many had their late notice sent by the promised date (docs/analytics.md)',
        querystring: AnalyticsQuerySchema,
        response: { 200: LateNoticesSchema },
        errorCodes: ['analytics.unknown_rep'],
      },
      onRequest: requireUser,
    },
    async (request) => getLateNotices(contextOf(request), request.query),
  );

  r.get(
    '/api/v1/analytics/practice',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'Does the practice work? Per playbook and step: second-order conversion of first orders whose steps were done on time against the others (docs/analytics.md)',
        querystring: AnalyticsQuerySchema,
        response: { 200: PracticeSchema },
        errorCodes: ['analytics.unknown_rep'],
      },
      onRequest: requireUser,
    },
    async (request) => getPractice(contextOf(request), request.query),
  );

  r.get(
    '/api/v1/analytics/practice/rows',
    {
      schema: {
        tags: ['analytics'],
        summary: 'The accounts behind one side (kept or missed) of a playbook or one of its steps in "does the practice work", paged',
        querystring: PracticeRowsQuerySchema,
        response: { 200: PracticeRowsSchema },
        errorCodes: ['analytics.unknown_rep', 'pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listPracticeRows(contextOf(request), request.query),
  );

  r.get(
    '/api/v1/analytics/:figure',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The rows behind a figure (orders, accounts or quotes), paged; ?format=csv or Accept: text/csv gives every row as CSV (UTF-8 with BOM)',
        params: z.object({ figure: FigureKeySchema }),
        querystring: FigureRowsQuerySchema,
        response: {
          200: {
            description: 'The rows as JSON, or every row as a CSV file (UTF-8 with BOM, formula cells neutralised)',
            content: {
              'application/json': { schema: FigureRowsSchema },
              'text/csv': { schema: z.string().describe('A CSV file: a header row, then one row per record') },
            },
          },
        },
        errorCodes: ['analytics.unknown_rep', 'pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const isCsv = format === 'csv' || (request.headers.accept ?? '').includes('text/csv');
      const rows = await listFigureRows(contextOf(request), { figure: request.params.figure, query, isExport: isCsv });
      if (!isCsv) return rows;
      const asOf = query.asOf ?? 'today';
      // A file, not the JSON the schema describes: sent as bytes, past the JSON serializer.
      const file: FastifyReply = reply;
      return file
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.figure}-${asOf}.csv"`)
        .send(Buffer.from(figureRowsCsv(rows), 'utf8'));
    },
  );
}

// Problems (docs/problems.md): report one, read and work them, and the expectations report.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, pageOf } from '../../../contract/common.js';
import {
  CreateProblemSchema,
  ExpectationsQuerySchema,
  ExpectationsReportSchema,
  ListProblemsQuerySchema,
  ProblemDetailSchema,
  UpdateProblemSchema,
} from '../../../contract/problems.js';
import {
  getExpectationsReport,
  getProblem,
  listProblems,
  openProblem,
  PROBLEM_REPORTER_ROLES,
  updateProblem,
} from '../../domain/problems/index.js';
import { contextOf, requireRole, requireUser } from '../plugins/auth.js';

const tags = ['problems'];
const IdParams = z.object({ id: IdSchema });

export async function problemsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reporters = requireRole(...PROBLEM_REPORTER_ROLES);

  r.get(
    '/api/v1/problems',
    {
      schema: {
        tags,
        summary: 'Problems, newest first, filtered by account, order, origin, responsible person, status or the days they were opened',
        querystring: ListProblemsQuerySchema,
        response: { 200: pageOf(ProblemDetailSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listProblems(contextOf(request), request.query),
  );

  r.post(
    '/api/v1/problems',
    {
      schema: {
        tags,
        summary:
          'Report a problem: a call for the CSR to fix the customer within one business day, a notice to the GM, the account timeline, `problem.opened` (accepts Idempotency-Key)',
        body: CreateProblemSchema,
        response: { 201: ProblemDetailSchema },
        errorCodes: ['problems.invalid'],
      },
      onRequest: reporters,
    },
    async (request, reply) => reply.code(201).send(await openProblem(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/problems/:id',
    {
      schema: { tags, params: IdParams, response: { 200: ProblemDetailSchema }, errorCodes: ['problems.not_found'] },
      onRequest: requireUser,
    },
    async (request) => getProblem(contextOf(request), request.params.id),
  );

  r.patch(
    '/api/v1/problems/:id',
    {
      schema: {
        tags,
        summary:
          'Work a problem: root cause, origin, responsible person (gm, admin), claim, corrective and preventive action, status (closing: gm, admin)',
        params: IdParams,
        body: UpdateProblemSchema,
        response: { 200: ProblemDetailSchema },
        errorCodes: ['problems.not_found', 'problems.invalid', 'problems.forbidden', 'problems.status_blocked'],
      },
      onRequest: reporters,
    },
    async (request) => updateProblem(contextOf(request), { id: request.params.id, patch: request.body }),
  );

  r.get(
    '/api/v1/analytics/expectations',
    {
      schema: {
        tags: ['analytics', ...tags],
        summary:
          'The expectations report: problems by origin, by responsible person and by month, and whether problems fell after each preventive action',
        querystring: ExpectationsQuerySchema,
        response: { 200: ExpectationsReportSchema },
      },
      onRequest: requireUser,
    },
    async (request) => getExpectationsReport(contextOf(request), request.query),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FailedJobSchema } from '../../../contract/tasks.js';
import { listFailedJobs, retryFailedJob } from '../../jobs/dead-letter.js';
import { requireRole } from '../plugins/auth.js';

export async function jobsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.ctx;
  r.get(
    '/api/v1/jobs/failed',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Dead letters: jobs that failed after their last retry (admin)',
        response: { 200: z.object({ items: z.array(FailedJobSchema) }) },
      },
      onRequest: requireRole('admin'),
    },
    async () => ({ items: await listFailedJobs(database) }),
  );
  r.post(
    '/api/v1/jobs/:id/retry',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Retry a failed job (admin)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
        errorCodes: ['jobs.not_found'],
      },
      onRequest: requireRole('admin'),
    },
    async (request, reply) => {
      await retryFailedJob(database, request.params.id);
      return reply.code(204).send(null);
    },
  );
}

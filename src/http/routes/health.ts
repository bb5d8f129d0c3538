import type { FastifyInstance } from 'fastify';
import { databaseReadiness } from '../../db/client.js';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    const database = await databaseReadiness(app.ctx.database);
    if (database !== 'ok') return reply.code(503).send({ status: 'unavailable', database });
    return { status: 'ok' };
  });
}

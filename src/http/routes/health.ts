import type { FastifyInstance } from 'fastify';
import { isMigrated } from '../../db/client.js';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    try {
      await app.ctx.database.query('select 1');
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
    if (!(await isMigrated(app.ctx.database))) return reply.code(503).send({ status: 'unavailable', database: 'not migrated' });
    return { status: 'ok' };
  });
}

import type { FastifyInstance } from 'fastify';

export async function quotesRoutes(app: FastifyInstance): Promise<void> {
  void app;
}

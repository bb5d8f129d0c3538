import type { FastifyInstance } from 'fastify';

export async function activitiesRoutes(app: FastifyInstance): Promise<void> {
  void app;
}

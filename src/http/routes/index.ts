import type { FastifyInstance } from 'fastify';
import { accountsRoutes } from './accounts.js';
import { analyticsRoutes } from './analytics.js';
import { activitiesRoutes } from './activities.js';
import { authRoutes } from './auth.js';
import { healthRoutes } from './health.js';
import { hooksRoutes } from './hooks.js';
import { importsRoutes } from './imports.js';
import { jobsRoutes } from './jobs.js';
import { messagesRoutes } from './messages.js';
import { ordersRoutes } from './orders.js';
import { playbooksRoutes } from './playbooks.js';
import { quotesRoutes } from './quotes.js';
import { settingsRoutes } from './settings.js';
import { tasksRoutes } from './tasks.js';
import { thankYouNotesRoutes } from './thank-you-notes.js';
import { userRoutes } from './users.js';
import { webhookEndpointsRoutes } from './webhook-endpoints.js';

export async function routes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(settingsRoutes);
  await app.register(accountsRoutes);
  await app.register(ordersRoutes);
  await app.register(quotesRoutes);
  await app.register(activitiesRoutes);
  await app.register(playbooksRoutes);
  await app.register(tasksRoutes);
  await app.register(jobsRoutes);
  await app.register(messagesRoutes);
  await app.register(importsRoutes);
  await app.register(hooksRoutes);
  await app.register(webhookEndpointsRoutes);
  await app.register(analyticsRoutes);
  await app.register(thankYouNotesRoutes);
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SettingsSchema, UpdateSettingsSchema } from '../../../contract/settings.js';
import { getSettings, presentSettings, updateSettings } from '../../domain/settings/index.js';
import { contextOf, requireRole, requireUser } from '../plugins/auth.js';

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/settings',
    {
      schema: { tags: ['settings'], summary: 'Organisation settings', response: { 200: SettingsSchema } },
      onRequest: requireUser,
    },
    async () => presentSettings(await getSettings(db)),
  );

  r.patch(
    '/api/v1/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change organisation settings (admin)',
        body: UpdateSettingsSchema,
        response: { 200: SettingsSchema },
        errorCodes: ['settings.invalid'],
      },
      onRequest: requireRole('admin'),
    },
    async (request) => presentSettings(await updateSettings(contextOf(request), request.body)),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../contract/common.js';
import {
  ListRunsQuerySchema,
  PlaybookDetailSchema,
  PlaybookPreviewSchema,
  PlaybookRunSchema,
  PlaybookSchema,
  PreviewPlaybookSchema,
  SavePlaybookSchema,
} from '../../../contract/playbooks.js';
import { ScorecardSchema } from '../../../contract/tasks.js';
import { getPlaybook, getScorecard, listPlaybooks, listRuns, previewPlaybook, savePlaybook } from '../../domain/playbooks/index.js';
import { contextOf, requireRole, requireUser } from '../plugins/auth.js';

const KeyParams = z.object({ key: z.string().min(1).max(63) });

export async function playbooksRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/playbooks',
    {
      schema: {
        tags: ['playbooks'],
        summary: 'Current version of every playbook',
        response: { 200: z.object({ items: z.array(PlaybookSchema) }) },
      },
      onRequest: requireUser,
    },
    async () => ({
      items: await listPlaybooks(db),
    }),
  );

  r.get(
    '/api/v1/playbooks/:key',
    {
      schema: {
        tags: ['playbooks'],
        summary: 'A playbook: its current version and the list of versions',
        params: KeyParams,
        response: { 200: PlaybookDetailSchema },
        errorCodes: ['playbooks.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getPlaybook(db, request.params.key),
  );

  r.put(
    '/api/v1/playbooks/:key',
    {
      schema: {
        tags: ['playbooks'],
        summary: 'Save a new version from YAML or JSON text (admin); errors name path and line',
        params: KeyParams,
        body: SavePlaybookSchema,
        response: { 200: PlaybookDetailSchema },
        errorCodes: ['playbooks.invalid', 'conflict.duplicate'],
      },
      onRequest: requireRole('admin'),
    },
    async (request) => savePlaybook(contextOf(request), { key: request.params.key, source: request.body.source }),
  );

  r.post(
    '/api/v1/playbooks/:key/preview',
    {
      schema: {
        tags: ['playbooks'],
        summary: 'Sample timeline of tasks for a sample trigger',
        params: KeyParams,
        body: PreviewPlaybookSchema,
        response: { 200: PlaybookPreviewSchema },
        errorCodes: ['playbooks.not_found', 'playbooks.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => previewPlaybook(contextOf(request), { key: request.params.key, preview: request.body }),
  );

  r.get(
    '/api/v1/playbook-runs',
    {
      schema: {
        tags: ['playbooks'],
        summary: 'Runs of an order, quote or account',
        querystring: ListRunsQuerySchema,
        response: { 200: z.object({ items: z.array(PlaybookRunSchema) }) },
      },
      onRequest: requireUser,
    },
    async (request) => ({ items: await listRuns(db, request.query) }),
  );

  r.get(
    '/api/v1/orders/:id/scorecard',
    {
      schema: {
        tags: ['orders'],
        summary: 'The audition scorecard: runs, tasks, gates, promised vs expected',
        params: z.object({ id: IdSchema }),
        response: { 200: ScorecardSchema },
        errorCodes: ['orders.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getScorecard(contextOf(request), request.params.id),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActivitySchema,
  CreateActivitySchema,
  ListActivitiesQuerySchema,
  TimelineItemSchema,
  TimelineQuerySchema,
} from '../../../contract/activities.js';
import { IdSchema, pageOf } from '../../../contract/common.js';
import { createActivity, getAccountTimeline, listActivities } from '../../domain/activities/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });

export async function activitiesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/activities',
    {
      schema: {
        tags: ['activities'],
        summary: 'Activities, newest first',
        querystring: ListActivitiesQuerySchema,
        response: { 200: pageOf(ActivitySchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listActivities(db, request.query),
  );

  r.post(
    '/api/v1/activities',
    {
      schema: {
        tags: ['activities'],
        summary: 'Log a call, email, meeting, visit or note (accepts Idempotency-Key)',
        body: CreateActivitySchema,
        response: { 201: ActivitySchema },
        errorCodes: ['accounts.not_found', 'activities.invalid'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createActivity(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/accounts/:id/timeline',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The account timeline: activities, order events and quote events, newest first',
        params: IdParams,
        querystring: TimelineQuerySchema,
        response: { 200: pageOf(TimelineItemSchema) },
        errorCodes: ['accounts.not_found', 'pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => getAccountTimeline(db, request.params.id, request.query),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../contract/common.js';
import {
  AssignTaskSchema,
  RescheduleTaskSchema,
  CompleteTaskSchema,
  ListTasksQuerySchema,
  SignOffSchema,
  TaskListSchema,
  TaskSchema,
} from '../../../contract/tasks.js';
import { assignTask, completeTask, getTask, listTasks, rescheduleTask, signOffTask, takeTask } from '../../domain/playbooks/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });

export async function tasksRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: "My day: my tasks and my roles' unassigned tasks",
        querystring: ListTasksQuerySchema,
        response: { 200: TaskListSchema },
        errorCodes: ['tasks.forbidden', 'users.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => listTasks(contextOf(request), request.query),
  );
  r.get(
    '/api/v1/tasks/:id',
    {
      schema: { tags: ['tasks'], summary: 'One task', params: IdParams, response: { 200: TaskSchema }, errorCodes: ['tasks.not_found'] },
      onRequest: requireUser,
    },
    async (request) => getTask(contextOf(request), request.params.id),
  );
  r.post(
    '/api/v1/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Complete (or skip) a task with its evidence',
        params: IdParams,
        body: CompleteTaskSchema,
        response: { 200: TaskSchema },
        errorCodes: [
          'tasks.not_found',
          'tasks.forbidden',
          'tasks.not_open',
          'tasks.evidence_missing',
          'referrals.not_eligible',
          'testimonials.invalid',
          'auth.forbidden',
        ],
      },
      onRequest: requireUser,
    },
    async (request) => completeTask(contextOf(request), { id: request.params.id, completion: request.body }),
  );
  r.post(
    '/api/v1/tasks/:id/signoffs',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Sign off a task (distinct users count)',
        params: IdParams,
        body: SignOffSchema,
        response: { 200: TaskSchema },
        errorCodes: ['tasks.not_found', 'tasks.not_signoff', 'tasks.not_open', 'tasks.signoff_forbidden'],
      },
      onRequest: requireUser,
    },
    async (request) => signOffTask(contextOf(request), { id: request.params.id, signOff: request.body }),
  );
  r.post(
    '/api/v1/tasks/:id/take',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Take a task of one of my roles',
        params: IdParams,
        response: { 200: TaskSchema },
        errorCodes: ['tasks.not_found', 'tasks.forbidden', 'tasks.closed'],
      },
      onRequest: requireUser,
    },
    async (request) => takeTask(contextOf(request), request.params.id),
  );
  r.post(
    '/api/v1/tasks/:id/assign',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Give a task to someone (null: back to its role)',
        params: IdParams,
        body: AssignTaskSchema,
        response: { 200: TaskSchema },
        errorCodes: ['tasks.not_found', 'tasks.forbidden', 'tasks.closed', 'tasks.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => assignTask(contextOf(request), { id: request.params.id, assignment: request.body }),
  );
  r.post(
    '/api/v1/tasks/:id/reschedule',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Move an open task’s due time; a call or meeting with an invitation sends the updated event',
        params: IdParams,
        body: RescheduleTaskSchema,
        response: { 200: TaskSchema },
        errorCodes: ['tasks.not_found', 'tasks.forbidden', 'tasks.closed', 'tasks.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => rescheduleTask(contextOf(request), { id: request.params.id, reschedule: request.body }),
  );
}

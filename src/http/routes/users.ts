import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateTokenSchema,
  CreatedTokenSchema,
  CreateUserSchema,
  TokenSchema,
  UpdateUserSchema,
  UserSchema,
} from '../../../contract/auth.js';
import { IdSchema, pageOf, PageQuerySchema, RoleSchema } from '../../../contract/common.js';
import {
  createApiToken,
  createUser,
  getUser,
  listApiTokens,
  listUsers,
  presentUser,
  revokeApiToken,
  updateUser,
} from '../../domain/users/index.js';
import { actorOf, requireRole, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Staff, for pickers and the admin screen',
        querystring: PageQuerySchema.extend({
          q: z.string().max(200).optional(),
          role: RoleSchema.optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: pageOf(UserSchema) },
      },
      onRequest: requireUser,
    },
    async (request) => {
      const { active, ...rest } = request.query;
      return listUsers(db, { ...rest, active: active === undefined ? undefined : active === 'true' });
    },
  );

  r.post(
    '/api/v1/users',
    {
      schema: { tags: ['users'], summary: 'Add a staff member (admin)', body: CreateUserSchema, response: { 201: UserSchema } },
      onRequest: requireRole('admin'),
    },
    async (request, reply) => reply.code(201).send(await createUser(db, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/users/:id',
    {
      schema: { tags: ['users'], params: IdParams, response: { 200: UserSchema } },
      onRequest: requireUser,
    },
    async (request) => presentUser(await getUser(db, request.params.id)),
  );

  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user; roles, email and active are admin-only',
        params: IdParams,
        body: UpdateUserSchema,
        response: { 200: UserSchema },
      },
      onRequest: requireUser,
    },
    async (request) => updateUser(db, actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens (an admin sees all)',
        response: { 200: z.object({ items: z.array(TokenSchema) }) },
      },
      onRequest: requireUser,
    },
    async (request) => ({ items: await listApiTokens(db, actorOf(request)) }),
  );

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is shown once',
        body: CreateTokenSchema,
        response: { 201: CreatedTokenSchema },
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createApiToken(db, actorOf(request), request.body.name)),
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: { tags: ['tokens'], summary: 'Revoke an API token', params: IdParams, response: { 204: z.null() } },
      onRequest: requireUser,
    },
    async (request, reply) => {
      await revokeApiToken(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

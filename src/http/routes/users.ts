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
import { contextOf, requireRole, requireUser } from '../plugins/auth.js';

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
        errorCodes: ['pagination.bad_cursor'],
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
      schema: {
        tags: ['users'],
        summary: 'Add a staff member (admin)',
        body: CreateUserSchema,
        response: { 201: UserSchema },
        errorCodes: ['users.email_taken', 'users.external_ref_taken', 'auth.weak_password', 'conflict.duplicate'],
      },
      onRequest: requireRole('admin'),
    },
    async (request, reply) => reply.code(201).send(await createUser(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/users/:id',
    {
      schema: { tags: ['users'], params: IdParams, response: { 200: UserSchema }, errorCodes: ['users.not_found'] },
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
        errorCodes: [
          'users.not_found',
          'auth.forbidden',
          'auth.current_password_required',
          'users.email_taken',
          'users.external_ref_taken',
          'users.last_admin',
          'auth.weak_password',
          'conflict.duplicate',
        ],
      },
      onRequest: requireUser,
    },
    async (request) => updateUser(contextOf(request), { id: request.params.id, patch: request.body }),
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
    async (request) => ({ items: await listApiTokens(contextOf(request)) }),
  );

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is shown once',
        body: CreateTokenSchema,
        response: { 201: CreatedTokenSchema },
        errorCodes: ['auth.session_required'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createApiToken(contextOf(request), request.body.name)),
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: z.null() },
        errorCodes: ['tokens.not_found', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => {
      await revokeApiToken(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountSchema,
  AccountTeamSchema,
  ContactSchema,
  CreateAccountSchema,
  CreateContactSchema,
  CreateHotButtonSchema,
  HotButtonSchema,
  ListAccountContactsQuerySchema,
  ListAccountsQuerySchema,
  ListContactsQuerySchema,
  ReplaceTeamSchema,
  UpdateAccountSchema,
  UpdateContactSchema,
} from '../../../contract/accounts.js';
import { IdSchema, pageOf, PageQuerySchema } from '../../../contract/common.js';
import {
  createAccount,
  createContact,
  createHotButton,
  deleteContact,
  deleteHotButton,
  getAccount,
  getContact,
  listAccountContacts,
  listAccounts,
  listContacts,
  listHotButtons,
  replaceAccountTeam,
  updateAccount,
  updateContact,
} from '../../domain/accounts/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });
const HotButtonParams = z.object({ id: IdSchema, hotButtonId: IdSchema });

// Any signed-in staff member may read and write accounts, contacts and hot buttons (accounts belong
// to the team, P4.4). `onRequest: requireUser` also lets the idempotency plugin see the user.
export async function accountsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  // Accounts ---------------------------------------------------------------------------------------
  r.get(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Search, filter and sort accounts',
        querystring: ListAccountsQuerySchema,
        response: { 200: pageOf(AccountSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listAccounts(contextOf(request), request.query),
  );

  r.post(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an account (accepts Idempotency-Key)',
        body: CreateAccountSchema,
        response: { 201: AccountSchema },
        errorCodes: ['accounts.invalid', 'accounts.external_ref_taken'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createAccount(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/accounts/:id',
    {
      schema: { tags: ['accounts'], params: IdParams, response: { 200: AccountSchema }, errorCodes: ['accounts.not_found'] },
      onRequest: requireUser,
    },
    async (request) => getAccount(contextOf(request), request.params.id),
  );

  r.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Change an account; isLost marks it lost, team replaces the team',
        params: IdParams,
        body: UpdateAccountSchema,
        response: { 200: AccountSchema },
        errorCodes: ['accounts.not_found', 'accounts.invalid', 'accounts.external_ref_taken'],
      },
      onRequest: requireUser,
    },
    async (request) => updateAccount(contextOf(request), { id: request.params.id, patch: request.body }),
  );

  r.put(
    '/api/v1/accounts/:id/team',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Replace the account team',
        params: IdParams,
        body: ReplaceTeamSchema,
        response: { 200: AccountTeamSchema },
        errorCodes: ['accounts.not_found', 'accounts.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => ({
      team: await replaceAccountTeam(contextOf(request), { accountId: request.params.id, team: request.body.team }),
    }),
  );

  // Contacts ---------------------------------------------------------------------------------------
  r.get(
    '/api/v1/accounts/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Contacts of an account, primary first',
        params: IdParams,
        querystring: ListAccountContactsQuerySchema,
        response: { 200: pageOf(ContactSchema) },
        errorCodes: ['accounts.not_found', 'pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listAccountContacts(db, request.params.id, request.query),
  );

  r.post(
    '/api/v1/accounts/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact; isPrimary makes it the only primary (accepts Idempotency-Key)',
        params: IdParams,
        body: CreateContactSchema,
        response: { 201: ContactSchema },
        errorCodes: ['accounts.not_found', 'contacts.external_ref_taken'],
      },
      onRequest: requireUser,
    },
    async (request, reply) =>
      reply.code(201).send(await createContact(contextOf(request), { accountId: request.params.id, contact: request.body })),
  );

  r.get(
    '/api/v1/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Search contacts across accounts',
        querystring: ListContactsQuerySchema,
        response: { 200: pageOf(ContactSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listContacts(db, request.query),
  );

  r.get(
    '/api/v1/contacts/:id',
    {
      schema: { tags: ['contacts'], params: IdParams, response: { 200: ContactSchema }, errorCodes: ['contacts.not_found'] },
      onRequest: requireUser,
    },
    async (request) => getContact(db, request.params.id),
  );

  r.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Change a contact; isPrimary true clears the other primaries',
        params: IdParams,
        body: UpdateContactSchema,
        response: { 200: ContactSchema },
        errorCodes: ['contacts.not_found', 'contacts.external_ref_taken'],
      },
      onRequest: requireUser,
    },
    async (request) => updateContact(contextOf(request), { id: request.params.id, patch: request.body }),
  );

  r.delete(
    '/api/v1/contacts/:id',
    {
      schema: { tags: ['contacts'], params: IdParams, response: { 204: z.null() }, errorCodes: ['contacts.not_found'] },
      onRequest: requireUser,
    },
    async (request, reply) => {
      await deleteContact(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  // Hot buttons (P5.4) -----------------------------------------------------------------------------
  r.get(
    '/api/v1/accounts/:id/hot-buttons',
    {
      schema: {
        tags: ['hot buttons'],
        summary: 'What the customer bought on, in capture order',
        params: IdParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(HotButtonSchema) },
        errorCodes: ['accounts.not_found', 'pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listHotButtons(db, { accountId: request.params.id, ...request.query }),
  );

  r.post(
    '/api/v1/accounts/:id/hot-buttons',
    {
      schema: {
        tags: ['hot buttons'],
        summary: 'Capture a hot button (accepts Idempotency-Key)',
        params: IdParams,
        body: CreateHotButtonSchema,
        response: { 201: HotButtonSchema },
        errorCodes: ['accounts.not_found'],
      },
      onRequest: requireUser,
    },
    async (request, reply) =>
      reply.code(201).send(await createHotButton(contextOf(request), { accountId: request.params.id, text: request.body.text })),
  );

  r.delete(
    '/api/v1/accounts/:id/hot-buttons/:hotButtonId',
    {
      schema: {
        tags: ['hot buttons'],
        params: HotButtonParams,
        response: { 204: z.null() },
        errorCodes: ['accounts.not_found', 'hot_buttons.not_found'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => {
      await deleteHotButton(contextOf(request), { accountId: request.params.id, hotButtonId: request.params.hotButtonId });
      return reply.code(204).send(null);
    },
  );
}

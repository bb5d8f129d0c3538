import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, pageOf } from '../../../contract/common.js';
import { CreateQuoteSchema, ListQuotesQuerySchema, QuoteActivitySchema, QuoteSchema, UpdateQuoteSchema } from '../../../contract/quotes.js';
import { createQuote, getQuote, getQuoteActivity, listQuotes, updateQuote } from '../../domain/quotes/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });

export async function quotesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/quotes',
    {
      schema: {
        tags: ['quotes'],
        summary: 'Search and page quotes',
        querystring: ListQuotesQuerySchema,
        response: { 200: pageOf(QuoteSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listQuotes(contextOf(request), request.query),
  );

  r.post(
    '/api/v1/quotes',
    {
      schema: {
        tags: ['quotes'],
        summary: 'Record a quote sent to an account (accepts Idempotency-Key)',
        body: CreateQuoteSchema,
        response: { 201: QuoteSchema },
        errorCodes: ['accounts.not_found', 'quotes.invalid', 'quotes.number_taken'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createQuote(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/quotes/:id',
    {
      schema: { tags: ['quotes'], params: IdParams, response: { 200: QuoteSchema }, errorCodes: ['quotes.not_found'] },
      onRequest: requireUser,
    },
    async (request) => getQuote(db, request.params.id),
  );

  r.get(
    '/api/v1/quotes/:id/activity',
    {
      schema: {
        tags: ['quotes'],
        summary: "A quote's follow-ups (due and done), its events and the order it became",
        params: IdParams,
        response: { 200: QuoteActivitySchema },
        errorCodes: ['quotes.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getQuoteActivity(db, request.params.id),
  );

  r.patch(
    '/api/v1/quotes/:id',
    {
      schema: {
        tags: ['quotes'],
        summary: 'Change or decide a quote (won, lost with a reason, expired); only an admin reopens',
        params: IdParams,
        body: UpdateQuoteSchema,
        response: { 200: QuoteSchema },
        errorCodes: ['quotes.not_found', 'quotes.invalid', 'quotes.bad_transition', 'quotes.reopen_forbidden'],
      },
      onRequest: requireUser,
    },
    async (request) => updateQuote(contextOf(request), { id: request.params.id, patch: request.body }),
  );
}

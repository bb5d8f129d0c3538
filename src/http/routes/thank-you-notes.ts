import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema, pageOf } from '../../../contract/common.js';
import {
  CreateThankYouNoteSchema,
  HabitsQuerySchema,
  HabitsSchema,
  ListThankYouNotesQuerySchema,
  SuggestionsQuerySchema,
  ThankYouNoteSchema,
  TodaysNoteSchema,
  UpdateThankYouNoteSchema,
} from '../../../contract/thank-you-notes.js';
import {
  createThankYouNote,
  getHabits,
  getThankYouNote,
  getTodaysNote,
  listThankYouNotes,
  recordNoteOutcome,
} from '../../domain/thank-you-notes/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const IdParams = z.object({ id: IdSchema });

export async function thankYouNotesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/thank-you-notes',
    {
      schema: {
        tags: ['thank-you-notes'],
        summary: 'Thank-you notes, newest first, each with what came back',
        querystring: ListThankYouNotesQuerySchema,
        response: { 200: pageOf(ThankYouNoteSchema) },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listThankYouNotes(db, { ...request.query, callerId: contextOf(request).actor.userId }),
  );

  r.post(
    '/api/v1/thank-you-notes',
    {
      schema: {
        tags: ['thank-you-notes'],
        summary: 'Write a thank-you note: on the recipient’s timeline, and to the outbox when emailed (accepts Idempotency-Key)',
        body: CreateThankYouNoteSchema,
        response: { 201: ThankYouNoteSchema },
        errorCodes: ['thank_you_notes.invalid', 'messages.invalid', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await createThankYouNote(contextOf(request), request.body)),
  );

  r.get(
    '/api/v1/thank-you-notes/suggestions',
    {
      schema: {
        tags: ['thank-you-notes'],
        summary: 'Today’s note: whom to thank, ranked, and why',
        querystring: SuggestionsQuerySchema,
        response: { 200: TodaysNoteSchema },
      },
      onRequest: requireUser,
    },
    async (request) => {
      const ctx = contextOf(request);
      return getTodaysNote(ctx, { actor: ctx.actor, date: request.query.date });
    },
  );

  r.get(
    '/api/v1/thank-you-notes/habits',
    {
      schema: {
        tags: ['thank-you-notes'],
        summary: 'The habits page: notes this week, streaks, and what came back',
        querystring: HabitsQuerySchema,
        response: { 200: HabitsSchema },
      },
      onRequest: requireUser,
    },
    async (request) => {
      const ctx = contextOf(request);
      return getHabits(ctx, { actor: ctx.actor, asOf: request.query.asOf });
    },
  );

  r.get(
    '/api/v1/thank-you-notes/:id',
    {
      schema: {
        tags: ['thank-you-notes'],
        params: IdParams,
        response: { 200: ThankYouNoteSchema },
        errorCodes: ['thank_you_notes.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getThankYouNote(db, request.params.id),
  );

  r.patch(
    '/api/v1/thank-you-notes/:id',
    {
      schema: {
        tags: ['thank-you-notes'],
        summary: 'Record what came back (and create the follow-up proposed after a reply)',
        params: IdParams,
        body: UpdateThankYouNoteSchema,
        response: { 200: ThankYouNoteSchema },
        errorCodes: ['thank_you_notes.not_found', 'thank_you_notes.invalid'],
      },
      onRequest: requireUser,
    },
    async (request) => recordNoteOutcome(contextOf(request), { id: request.params.id, patch: request.body }),
  );
}

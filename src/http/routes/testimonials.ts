// Testimonials for staff and integrators (docs/testimonials.md): ask, list (each at its approved
// credit level, never more), withdraw at the customer's word. The customer answers in the portal.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../contract/common.js';
import {
  CreateTestimonialSchema,
  ListTestimonialsQuerySchema,
  TestimonialPageSchema,
  TestimonialSchema,
} from '../../../contract/testimonials.js';
import { getTestimonial, listTestimonials, requestTestimonial, withdrawTestimonial } from '../../domain/testimonials/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const tags = ['testimonials'];
const IdParams = z.object({ id: IdSchema });

export async function testimonialsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/testimonials',
    {
      schema: {
        tags,
        summary:
          'Testimonials, newest first; `usable=true` for the ones that may be shown — each credited at its approved level, never more',
        querystring: ListTestimonialsQuerySchema,
        response: { 200: TestimonialPageSchema },
        errorCodes: ['pagination.bad_cursor'],
      },
      onRequest: requireUser,
    },
    async (request) => listTestimonials(contextOf(request), request.query),
  );
  r.get(
    '/api/v1/testimonials/:id',
    {
      schema: {
        tags,
        summary: 'One testimonial',
        params: IdParams,
        response: { 200: TestimonialSchema },
        errorCodes: ['testimonials.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getTestimonial(contextOf(request), request.params.id),
  );
  r.post(
    '/api/v1/testimonials',
    {
      schema: {
        tags,
        summary: 'Ask a contact for a testimonial with proposed words, through the outbox (admin, GM, sales, CSR; accepts Idempotency-Key)',
        body: CreateTestimonialSchema,
        response: { 201: TestimonialSchema },
        errorCodes: ['testimonials.invalid', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request, reply) => reply.code(201).send(await requestTestimonial(contextOf(request), request.body)),
  );
  r.post(
    '/api/v1/testimonials/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw an approved testimonial at the customer’s word: it is not shown anywhere from now on',
        params: IdParams,
        response: { 200: TestimonialSchema },
        errorCodes: ['testimonials.not_found', 'testimonials.not_allowed', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request) => withdrawTestimonial(contextOf(request), request.params.id),
  );
}

// Referrals only after proof (docs/referrals.md): the accounts that may be asked, one account's
// standing, and asking — refused with 409 referrals.not_eligible naming each unmet condition.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdSchema } from '../../../contract/common.js';
import {
  AdvocacyFiguresSchema,
  AdvocacyQuerySchema,
  CreateReferralRequestSchema,
  EligibleAccountsSchema,
  RecordReferralGivenSchema,
  ReferralEligibilitySchema,
  ReferralRequestSchema,
} from '../../../contract/referrals.js';
import {
  createReferralRequest,
  getAdvocacyFigures,
  getReferralEligibility,
  listEligibleAccounts,
  listReferralRequests,
  recordReferralGiven,
} from '../../domain/referrals/index.js';
import { contextOf, requireUser } from '../plugins/auth.js';

const tags = ['referrals'];
const IdParams = z.object({ id: IdSchema });

export async function referralsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;

  r.get(
    '/api/v1/referrals/eligible',
    {
      schema: {
        tags,
        summary: 'The accounts that may be asked for a referral now, with the evidence',
        response: { 200: EligibleAccountsSchema },
      },
      onRequest: requireUser,
    },
    async (request) => listEligibleAccounts(contextOf(request)),
  );
  r.get(
    '/api/v1/accounts/:id/referral-eligibility',
    {
      schema: {
        tags,
        summary: 'Whether the account may be asked for a referral, and if not, each unmet condition',
        params: IdParams,
        response: { 200: ReferralEligibilitySchema },
        errorCodes: ['accounts.not_found'],
      },
      onRequest: requireUser,
    },
    async (request) => getReferralEligibility(contextOf(request), request.params.id),
  );
  r.get(
    '/api/v1/accounts/:id/referral-requests',
    {
      schema: {
        tags,
        summary: 'The referrals asked of the account, newest first',
        params: IdParams,
        response: { 200: z.object({ items: z.array(ReferralRequestSchema) }) },
      },
      onRequest: requireUser,
    },
    async (request) => ({ items: await listReferralRequests(db, request.params.id) }),
  );
  r.post(
    '/api/v1/accounts/:id/referral-requests',
    {
      schema: {
        tags,
        summary: 'Ask the account for a referral (admin, GM, sales, CSR; accepts Idempotency-Key): 409 until it has earned it',
        params: IdParams,
        body: CreateReferralRequestSchema,
        response: { 201: ReferralRequestSchema },
        errorCodes: ['referrals.not_eligible', 'referrals.invalid', 'accounts.not_found', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request, reply) =>
      reply.code(201).send(await createReferralRequest(contextOf(request), { accountId: request.params.id, request: request.body })),
  );
  r.post(
    '/api/v1/referral-requests/:id/given',
    {
      schema: {
        tags,
        summary: 'Record that the customer gave the referral asked for, and whom they referred (admin, GM, sales, CSR)',
        params: IdParams,
        body: RecordReferralGivenSchema,
        response: { 200: ReferralRequestSchema },
        errorCodes: ['referrals.not_found', 'referrals.already_given', 'auth.forbidden'],
      },
      onRequest: requireUser,
    },
    async (request) => recordReferralGiven(contextOf(request), { id: request.params.id, input: request.body }),
  );
  r.get(
    '/api/v1/analytics/advocacy',
    {
      schema: {
        tags: ['analytics', ...tags],
        summary: 'Testimonials asked and usable by credit level, referrals asked and given, and the accounts that may be asked now',
        querystring: AdvocacyQuerySchema,
        response: { 200: AdvocacyFiguresSchema },
      },
      onRequest: requireUser,
    },
    async (request) => getAdvocacyFigures(contextOf(request), request.query),
  );
}

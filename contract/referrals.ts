// Referrals only after proof (P5.5, docs/referrals.md): an account may be asked for a referral once
// it has enough delivered orders, the last ones on time, no problem still open and no detractor's
// survey answer in 90 days.
import { z } from 'zod';
import { IdSchema, TextSchema } from './common.js';

export const ReferralEvidenceSchema = z.object({
  /** Orders delivered (delivered or closed) so far. */
  deliveredOrders: z.number().int(),
  /** The last delivered orders the on-time rule looks at, newest first. */
  lastOrders: z.array(
    z.object({ number: z.string(), promisedDate: z.string().nullable(), shippedOn: z.string().nullable(), onTime: z.boolean() }),
  ),
  /** Problems not yet fixed (open or fixing). */
  openProblems: z.number().int(),
  /** When its latest detractor's survey answer came, if any. */
  lastDetractorAt: z.string().nullable(),
});
export type ReferralEvidence = z.infer<typeof ReferralEvidenceSchema>;

export const ReferralReasonSchema = z.object({ path: z.string(), message: z.string() });

export const ReferralEligibilitySchema = z.object({
  accountId: IdSchema,
  accountName: z.string(),
  eligible: z.boolean(),
  /** One per unmet condition (empty when eligible): `path` is deliveredOrders, onTime, problems or detractor. */
  reasons: z.array(ReferralReasonSchema),
  evidence: ReferralEvidenceSchema,
});
export type ReferralEligibility = z.infer<typeof ReferralEligibilitySchema>;

export const EligibleAccountsSchema = z.object({
  items: z.array(z.object({ accountId: IdSchema, accountName: z.string(), evidence: ReferralEvidenceSchema })),
});

export const CreateReferralRequestSchema = z.strictObject({
  /** The contact asked (one of the account's). */
  contactId: IdSchema.optional(),
  /** How it was asked, what they said. */
  note: TextSchema(2000).optional(),
});
export type CreateReferralRequest = z.infer<typeof CreateReferralRequestSchema>;

export const ReferralRequestSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  contactId: IdSchema.nullable(),
  contactName: z.string().nullable(),
  note: z.string().nullable(),
  requestedBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
  requestedAt: z.string(),
  evidence: ReferralEvidenceSchema,
});
export type ReferralRequest = z.infer<typeof ReferralRequestSchema>;

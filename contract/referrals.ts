// Referrals only after proof (P5.5, docs/referrals.md): an account may be asked for a referral once
// it has enough delivered orders, the last ones on time, no problem still open and no detractor's
// survey answer in 90 days.
import { z } from 'zod';
import { FigurePeriodQuerySchema, IdSchema, TextSchema } from './common.js';

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
  /** When the customer gave the referral, and whom they referred; null until someone records it. */
  given: z
    .object({ at: z.string(), note: z.string().nullable(), recordedBy: z.object({ id: IdSchema, name: z.string() }).nullable() })
    .nullable(),
});
export type ReferralRequest = z.infer<typeof ReferralRequestSchema>;

/** POST /referral-requests/{id}/given: the customer gave the referral asked for. */
export const RecordReferralGivenSchema = z.strictObject({
  /** Whom they referred, and how. */
  note: TextSchema(2000).optional(),
});
export type RecordReferralGiven = z.infer<typeof RecordReferralGivenSchema>;

// --- figures (docs/referrals.md "Figures") -------------------------------------------------------

/** Default period: all time up to asOf (today). */
export const AdvocacyQuerySchema = FigurePeriodQuerySchema;
export type AdvocacyQuery = z.infer<typeof AdvocacyQuerySchema>;

export const AdvocacyFiguresSchema = z.object({
  asOf: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  testimonials: z.object({
    /** Asked in the period. */
    asked: z.number().int(),
    /** Usable at the end of asOf (approved by the customer, not withdrawn), by the credit they chose. */
    usable: z.object({ full_name: z.number().int(), initials: z.number().int(), pseudonym: z.number().int(), total: z.number().int() }),
  }),
  referrals: z.object({
    /** Accounts that pass the referral gate now. */
    eligibleAccounts: z.number().int(),
    /** Referrals asked in the period, and referrals given in it. */
    asked: z.number().int(),
    given: z.number().int(),
  }),
});
export type AdvocacyFigures = z.infer<typeof AdvocacyFiguresSchema>;

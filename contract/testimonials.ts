// Testimonials at the customer's credit level (P2.4, docs/testimonials.md): asked with proposed
// wording, edited and approved by the customer in the portal at the credit level they choose, shown
// and exported only at that level, withdrawn at once when they say so.
import { z } from 'zod';
import { IdSchema, NonEmptyTextSchema, PageQuerySchema, pageOf } from './common.js';

/** full_name: "Jane Buyer, Harbor Instruments" · initials: "J. B., Harbor Instruments" · pseudonym: "Sam (name changed)". */
export const TESTIMONIAL_CREDITS = ['full_name', 'initials', 'pseudonym'] as const;
export const TestimonialCreditSchema = z.enum(TESTIMONIAL_CREDITS, { message: `must be one of: ${TESTIMONIAL_CREDITS.join(', ')}` });
export type TestimonialCredit = z.infer<typeof TestimonialCreditSchema>;

/** requested: waiting for the customer · approved · declined · withdrawn (after approval). */
export const TESTIMONIAL_STATUSES = ['requested', 'approved', 'declined', 'withdrawn'] as const;
export type TestimonialStatus = (typeof TESTIMONIAL_STATUSES)[number];

export const CreateTestimonialSchema = z.strictObject({
  accountId: IdSchema,
  contactId: IdSchema,
  /** The wording proposed to the customer, who may change it. */
  proposedText: NonEmptyTextSchema(2000),
});
export type CreateTestimonial = z.infer<typeof CreateTestimonialSchema>;

export const TestimonialSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  contactId: IdSchema.nullable(),
  status: z.enum(TESTIMONIAL_STATUSES),
  /** Approved and not withdrawn: the only testimonials that may be shown or exported. */
  usable: z.boolean(),
  proposedText: z.string(),
  /** The words the customer approved (null until then). */
  text: z.string().nullable(),
  credit: TestimonialCreditSchema.nullable(),
  /** Who said it, at the approved credit level and never more; null until approved and after withdrawal. */
  attribution: z.string().nullable(),
  requestedAt: z.string(),
  approvedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
});
export type Testimonial = z.infer<typeof TestimonialSchema>;

export const ListTestimonialsQuerySchema = PageQuerySchema.extend({
  accountId: IdSchema.optional(),
  usable: z.enum(['true', 'false']).optional(),
});
export const TestimonialPageSchema = pageOf(TestimonialSchema);

/** What the customer sends from the portal: approve (their words, their credit level) or decline. */
export const TestimonialAnswerSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('approve'),
    text: NonEmptyTextSchema(2000),
    credit: TestimonialCreditSchema,
    /** Required with credit pseudonym: the name shown, with "(name changed)". */
    pseudonym: z.string().trim().min(1).max(60).optional(),
  }),
  z.strictObject({ decision: z.literal('decline') }),
  z.strictObject({ decision: z.literal('withdraw') }),
]);
export type TestimonialAnswer = z.infer<typeof TestimonialAnswerSchema>;

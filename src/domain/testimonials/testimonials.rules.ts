// How a testimonial is credited (P2.4, docs/testimonials.md): at the level the customer approved,
// never more. Pure.
import type { TestimonialCredit, TestimonialStatus } from '../../../contract/testimonials.js';

/** "Jane van der Berg" → "J. v. d. B." */
export function initialsOf(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w.charAt(0)}.`)
    .join(' ');
}

export interface CreditFacts {
  status: TestimonialStatus;
  credit: TestimonialCredit | null;
  contactName: string | null;
  accountName: string;
  pseudonym: string | null;
}

/** The attribution shown and exported: null unless approved (a withdrawn or declined one shows nothing). */
export function attributionOf(t: CreditFacts): string | null {
  if (t.status !== 'approved' || !t.credit) return null;
  switch (t.credit) {
    case 'full_name':
      return t.contactName ? `${t.contactName}, ${t.accountName}` : t.accountName;
    case 'initials':
      return t.contactName ? `${initialsOf(t.contactName)}, ${t.accountName}` : t.accountName;
    case 'pseudonym':
      return `${t.pseudonym ?? 'A customer'} (name changed)`;
  }
}

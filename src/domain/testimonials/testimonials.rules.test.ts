import { describe, expect, it } from 'vitest';
import { attributionOf, initialsOf } from './testimonials.rules.js';

const base = { contactName: 'Jane Buyer', accountName: 'Harbor Instruments', pseudonym: null };

describe('a testimonial’s attribution', () => {
  it.each([
    ['full_name', null, 'Jane Buyer, Harbor Instruments'],
    ['initials', null, 'J. B., Harbor Instruments'],
    ['pseudonym', 'Sam', 'Sam (name changed)'],
  ] as const)('at credit level %s shows %s', (credit, pseudonym, shown) => {
    const text = attributionOf({ ...base, status: 'approved', credit, pseudonym: pseudonym ?? null });
    expect(text).toBe(shown);
    // Never more than approved: a pseudonym or initials never carry the name.
    if (credit !== 'full_name') expect(text).not.toContain('Jane');
    if (credit === 'pseudonym') expect(text).not.toContain('Harbor');
  });

  it('shows nothing until approved, and nothing once withdrawn or declined', () => {
    for (const status of ['requested', 'declined', 'withdrawn'] as const)
      expect(attributionOf({ ...base, status, credit: 'full_name' })).toBeNull();
  });

  it('writes initials of every part of a name', () => {
    expect(initialsOf('Jane van der Berg')).toBe('J. v. d. B.');
    expect(initialsOf('  Ana  ')).toBe('A.');
  });
});

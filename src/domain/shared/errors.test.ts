// DomainError takes its codes from the catalogue: a code outside it, or a category that is not the
// code's, does not compile (`npm run typecheck` fails on an unused @ts-expect-error below); and
// the error's category is always the catalogue's, so a throw site cannot give a code another status.
import { describe, expect, it } from 'vitest';
import { conflict, DomainError, FieldErrors, forbidden, invalid, notFound } from './errors.js';

describe('DomainError', () => {
  it('takes its category from the catalogue', () => {
    const e = new DomainError({ code: 'orders.gate_open', detail: 'A gate is open.', meta: { gates: [] } });
    expect(e).toMatchObject({ code: 'orders.gate_open', category: 'conflict', detail: 'A gate is open.', meta: { gates: [] } });
    expect(e.message).toBe('A gate is open.');
    expect(e.errors).toBeUndefined();
  });

  it('accepts a category only when it is the catalogue’s', () => {
    expect(new DomainError({ code: 'auth.csrf', category: 'forbidden', detail: 'x' }).category).toBe('forbidden');
    // @ts-expect-error auth.csrf is a forbidden code, not an unauthenticated one
    const wrong = new DomainError({ code: 'auth.csrf', category: 'unauthenticated', detail: 'x' });
    expect(wrong.category).toBe('forbidden');
  });

  it('refuses a code that is not in the catalogue; forced through, it is a fault (500), not a guess', () => {
    // @ts-expect-error orders.nope is not in contract/errors.ts
    const e = new DomainError({ code: 'orders.nope', detail: 'x' });
    expect(e.category).toBe('internal');
  });

  it('builds the helpers’ errors with the helper’s category, and only for codes of that category', () => {
    expect(invalid('orders.invalid', [{ path: 'amount', message: 'is wrong' }])).toMatchObject({
      code: 'orders.invalid',
      category: 'invalid',
      detail: 'amount: is wrong',
      errors: [{ path: 'amount', message: 'is wrong' }],
    });
    expect(notFound('orders.not_found', 'No order.')).toMatchObject({ category: 'not_found', errors: undefined });
    expect(conflict('orders.bad_transition', 'No.', undefined, { allowed: [] })).toMatchObject({
      category: 'conflict',
      meta: { allowed: [] },
    });
    expect(forbidden('tasks.forbidden', 'Not yours.')).toMatchObject({ category: 'forbidden' });
    // @ts-expect-error orders.invalid is an invalid code, not a not_found one
    expect(notFound('orders.invalid', 'x').category).toBe('invalid');
    // @ts-expect-error orders.not_found is a not_found code, not a conflict one
    expect(conflict('orders.not_found', 'x').category).toBe('not_found');
  });
});

describe('FieldErrors', () => {
  it('throws every field at once, as validation.invalid unless the use case names its code', () => {
    const errors = new FieldErrors();
    errors.throwIfAny();
    errors.add('amount', 'is wrong');
    errors.add('currency', 'is unknown');
    expect(() => errors.throwIfAny()).toThrow(expect.objectContaining({ code: 'validation.invalid', category: 'invalid' }));
    expect(() => errors.throwIfAny('orders.invalid')).toThrow(
      expect.objectContaining({ code: 'orders.invalid', errors: [expect.anything(), expect.anything()] }),
    );
    // @ts-expect-error orders.gate_open is a conflict code: throwIfAny throws invalid ones
    expect(() => errors.throwIfAny('orders.gate_open')).toThrow(DomainError);
  });
});

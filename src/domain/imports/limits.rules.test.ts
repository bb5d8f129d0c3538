import { describe, expect, it } from 'vitest';
import { CreateAccountSchema } from '../../../contract/accounts.js';
import { cellProblem, maxLengthsOf, neutralisedCell, shownValue, TEXT_LIMITS } from './limits.rules.js';

describe('import cell limits', () => {
  it('reads the API’s limits off the contract', () => {
    expect(maxLengthsOf(CreateAccountSchema)).toMatchObject({ name: 200, externalRef: 100, phone: 60, city: 120 });
    expect(TEXT_LIMITS.orders).toMatchObject({ number: 60, carrier: 80, trackingNumber: 120 });
    expect(TEXT_LIMITS['order-lines']).toMatchObject({ sku: 80, description: 500 });
    expect(TEXT_LIMITS.quotes).toMatchObject({ number: 60, lostReason: 500 });
    expect(TEXT_LIMITS.users).toMatchObject({ name: 120, email: 254 });
  });

  it.each([
    ['a name that fits', 'accounts', 'name', 'Acme', null],
    ['a name one character too long', 'accounts', 'name', 'x'.repeat(201), 'is 201 characters long; at most 200 fit'],
    ['spaces around a name do not count', 'accounts', 'name', ` ${'x'.repeat(200)} `, null],
    ['a 1 MB reference', 'orders', 'accountRef', 'x'.repeat(1024 * 1024), 'is 1048576 characters long; at most 1000 fit'],
    ['a NUL anywhere', 'contacts', 'title', 'Buyer\u0000', 'contains a NUL character (\\0), which cannot be stored: remove it'],
  ] as const)('%s', (_, kind, field, text, problem) => {
    expect(cellProblem(kind, field, text)).toBe(problem);
  });

  it('shows a long or NUL-bearing value safely in a report', () => {
    expect(shownValue('a\u0000b')).toBe('a\u2400b');
    expect(shownValue('y'.repeat(300))).toBe(`${'y'.repeat(200)}…`);
  });

  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+cmd', `'+cmd`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['-2+3', `'-2+3`],
    ['-12.50', '-12.50'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['Acme', 'Acme'],
  ])('a rejects-file cell %j is written as %j', (text, written) => {
    expect(neutralisedCell(text)).toBe(written);
  });
});

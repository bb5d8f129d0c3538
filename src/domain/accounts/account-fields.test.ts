import { describe, expect, it } from 'vitest';
import { UpdateAccountSchema, type UpdateAccount } from '../../../contract/accounts.js';
import { FieldErrors } from '../shared/index.js';
import { accountPatch, newAccountValues } from './account-fields.js';
import type { AccountRow } from './present.js';

const current: AccountRow = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Acme',
  kind: 'customer',
  externalRef: 'C-1',
  isLost: false,
  tier: 'A',
  potentialAnnualSpend: 186_340,
  acquisitionCost: null,
  currency: 'USD',
  timezone: null,
  phone: null,
  city: null,
  country: null,
  orderCount: 0,
  firstOrderId: null,
  firstOrderAt: null,
  secondOrderId: null,
  secondOrderAt: null,
  firstOrderOn: null,
  secondOrderOn: null,
  lastOrderOn: null,
  lastOrderAt: null,
  medianGapDays: null,
  problemDueAt: null,
  lastDetractorAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
};

const paths = (errors: FieldErrors) => errors.list.map((e) => e.path);

describe('newAccountValues', () => {
  it('converts decimal money to minor units of the given or default currency', () => {
    const errors = new FieldErrors();
    const v = newAccountValues({ name: 'A', kind: 'customer', potentialAnnualSpend: '1863.4', acquisitionCost: '12' }, 'EUR', errors);
    expect(errors.list).toEqual([]);
    expect(v).toMatchObject({ currency: 'EUR', potentialAnnualSpend: 186_340, acquisitionCost: 1_200 });
  });

  it.each([
    ['too many decimals', { potentialAnnualSpend: '1.234' }, ['potentialAnnualSpend']],
    ['decimals on a zero-decimal currency', { currency: 'JPY', acquisitionCost: '1.5' }, ['acquisitionCost']],
    // Without a known currency the decimals are unknown: only the currency is named.
    ['an unknown currency', { currency: 'XQZ', potentialAnnualSpend: '1.234' }, ['currency']],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, ['timezone']],
  ] as const)('names the field for %s', (_name, fields, expected) => {
    const errors = new FieldErrors();
    newAccountValues({ name: 'A', kind: 'customer', ...fields }, 'USD', errors);
    expect(paths(errors)).toEqual(expected);
  });

  it('stores blank optional text as null', () => {
    const v = newAccountValues({ name: 'A', kind: 'customer', externalRef: '', city: '  ' }, 'USD', new FieldErrors());
    expect(v).toMatchObject({ externalRef: null, city: null });
  });
});

describe('accountPatch', () => {
  // Typed Required: a field added to the PATCH schema does not compile here until it has a sample.
  const sample: Required<Omit<UpdateAccount, 'team'>> = {
    name: 'Acme Ltd',
    kind: 'prospect',
    externalRef: 'C-2',
    tier: 'B',
    potentialAnnualSpend: '10.00',
    acquisitionCost: '2.50',
    currency: 'EUR',
    timezone: 'Europe/Paris',
    phone: '+33 1 23',
    city: 'Lyon',
    country: 'France',
    isLost: true,
  };

  it.each(Object.keys(UpdateAccountSchema.shape).filter((k) => k !== 'team'))('lets no field drop: %s reaches its column', (key) => {
    const errors = new FieldErrors();
    const input = UpdateAccountSchema.parse({ [key]: sample[key as keyof typeof sample] });
    expect(Object.keys(accountPatch(input, current, errors))).toContain(key);
    expect(errors.list).toEqual([]);
  });

  it('changes only the given fields; null clears', () => {
    const errors = new FieldErrors();
    expect(accountPatch({ tier: null, name: 'Acme Ltd' }, current, errors)).toEqual({ tier: null, name: 'Acme Ltd' });
    expect(accountPatch({}, current, errors)).toEqual({});
    expect(errors.list).toEqual([]);
  });

  it.each([
    ['keeps the written amount in a currency with as many decimals', 'EUR', { potentialAnnualSpend: 186_340 }, []],
    ['re-expresses the amount for a currency with more decimals', 'BHD', { potentialAnnualSpend: 1_863_400 }, []],
    ['refuses a currency that cannot hold the amount', 'JPY', {}, ['potentialAnnualSpend']],
  ] as const)('on a currency change %s', (_name, currency, expected, errorPaths) => {
    const errors = new FieldErrors();
    const patch = accountPatch({ currency }, current, errors);
    expect(paths(errors)).toEqual(errorPaths);
    expect(patch).toMatchObject(expected);
  });

  it('takes a new amount in the new currency instead of re-expressing the old one', () => {
    const errors = new FieldErrors();
    expect(accountPatch({ currency: 'JPY', potentialAnnualSpend: '1863' }, current, errors)).toMatchObject({
      currency: 'JPY',
      potentialAnnualSpend: 1863,
    });
    expect(errors.list).toEqual([]);
  });
});

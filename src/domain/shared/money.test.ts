import { describe, expect, it } from 'vitest';
import { addDecimals, currencyDigits, formatMoney, parseMoney, roundMoney } from './money.js';

describe('parseMoney', () => {
  it.each([
    ['1863.40', 'USD', 186340],
    ['1863.4', 'USD', 186340],
    ['0.05', 'EUR', 5],
    ['-12.5', 'USD', -1250],
    ['1200', 'JPY', 1200],
    ['1.234', 'BHD', 1234],
    ['10.000', 'USD', 1000],
  ])('reads %s %s as %i minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['1.005', 'USD'],
    ['12.5', 'JPY'],
    ['1.2345', 'BHD'],
  ])('refuses %s in %s: more decimals than the currency allows, never rounds', (text, currency) => {
    const r = parseMoney(text, currency);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`more decimals than ${currency} allows`);
  });

  it.each(['1,5', '1e3', 'abc', '', '.5', '1.'])('refuses %j as not a decimal string', (text) => {
    expect(parseMoney(text, 'USD').ok).toBe(false);
  });
});

describe('formatMoney', () => {
  it.each([
    [186340, 'USD', '1863.40'],
    [5, 'EUR', '0.05'],
    [-1250, 'USD', '-12.50'],
    [1200, 'JPY', '1200'],
    [1234, 'BHD', '1.234'],
  ])('writes %i %s as %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('round-trips with parseMoney', () => {
    for (const text of ['0.00', '1.99', '123456789.01'])
      expect(formatMoney((parseMoney(text, 'USD') as { minor: number }).minor, 'USD')).toBe(text);
  });
});

describe('currencyDigits', () => {
  it('knows the minor units of ISO 4217 currencies from ICU', () => {
    expect([currencyDigits('USD'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3]);
  });
});

describe('roundMoney', () => {
  it.each([
    ['16.448', 'USD', 1645, '0.002'],
    ['16.444', 'USD', 1644, '-0.004'],
    ['0.125', 'USD', 12, '-0.005'],
    ['0.135', 'USD', 14, '0.005'],
    ['0.1251', 'USD', 13, '0.0049'],
    ['-16.448', 'USD', -1645, '-0.002'],
    ['-0.004', 'USD', 0, '0.004'],
    ['1863.40', 'USD', 186340, '0'],
    ['1863.4000', 'USD', 186340, '0'],
    ['12.5', 'JPY', 12, '-0.5'],
    ['13.5', 'JPY', 14, '0.5'],
    ['1.2345', 'BHD', 1234, '-0.0005'],
  ])('%s %s → %i minor units, moved by %s (half to even)', (text, currency, minor, difference) => {
    expect(roundMoney(text, currency)).toEqual({ ok: true, minor, difference });
  });

  it('refuses what is not a decimal and what is too large, as parseMoney does', () => {
    expect(roundMoney('12,5', 'USD').ok).toBe(false);
    expect(roundMoney('99999999999999999.999', 'USD')).toEqual({ ok: false, message: 'is too large' });
  });
});

describe('addDecimals', () => {
  it.each([
    ['0.002', '-0.0005', '0.0015'],
    ['0', '0.004', '0.004'],
    ['-0.005', '0.005', '0'],
    ['1.5', '2.75', '4.25'],
  ])('%s + %s = %s', (a, b, sum) => {
    expect(addDecimals(a, b)).toBe(sum);
  });
});

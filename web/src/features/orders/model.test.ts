import { describe, expect, it } from 'vitest';
import { fromCents, lineTotal, linesSum, toCents, todayIso } from './model';

describe('money strings and cents', () => {
  it.each([
    ['1863.40', 186340],
    ['1.1', 110],
    ['7', 700],
    ['-0.05', -5],
    [' 12.30 ', 1230],
    ['1.234', null],
    ['12,30', null],
    ['', null],
  ])('%j is %s cents', (text, cents) => {
    expect(toCents(text)).toBe(cents);
  });

  it.each([
    [186340, '1863.40'],
    [5, '0.05'],
    [-5, '-0.05'],
    [0, '0.00'],
  ])('%i cents read %s', (cents, text) => {
    expect(fromCents(cents)).toBe(text);
  });
});

describe('lineTotal', () => {
  it.each([
    ['3 × 1.10 adds up without drift', 3, '1.10', '3.30'],
    ['a quantity typed as text', '2', '0.10', '0.20'],
    ['half a cent rounds up', 0.5, '0.05', '0.03'],
    ['a discount line is negative', 1, '-10.00', '-10.00'],
    ['no quantity yet', '', '1.00', null],
    ['a price that is not money yet', 2, '1.2.3', null],
  ])('%s', (_name, quantity, unitPrice, expected) => {
    expect(lineTotal(quantity, unitPrice)).toBe(expected);
  });
});

describe('linesSum', () => {
  it('adds the lines that are complete and skips the rest', () => {
    expect(
      linesSum([
        { quantity: 3, unitPrice: '1.10' },
        { quantity: '', unitPrice: '99' },
        { quantity: 1, unitPrice: '0.20' },
      ]),
    ).toBe('3.50');
  });

  it('is nothing until one line is complete', () => {
    expect(linesSum([{ quantity: '', unitPrice: '' }])).toBeNull();
  });
});

describe('todayIso', () => {
  it('gives the viewer’s calendar date for a date input', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

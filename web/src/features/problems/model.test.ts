import { describe, expect, it } from 'vitest';
import { monthBounds, originLabel, percentOf, problemsLink } from './model';

describe('problemsLink', () => {
  it('filters the list as the number counts', () => {
    expect(problemsLink({ origin: 'sale_expectation', responsibleUserId: 'u1', from: '2026-01-01', to: '2026-03-31' })).toBe(
      '/problems?origin=sale_expectation&responsible=u1&from=2026-01-01&to=2026-03-31',
    );
  });
  it('leaves out what the number does not narrow', () => {
    expect(problemsLink({ origin: null, from: '2026-01-01', to: '2026-01-31' })).toBe('/problems?from=2026-01-01&to=2026-01-31');
  });
});

describe('monthBounds', () => {
  it.each([
    ['a whole month', '2024-02', '2024-01-01', '2024-12-31', { from: '2024-02-01', to: '2024-02-29' }],
    ['clipped at the period’s start', '2024-01', '2024-01-15', '2024-12-31', { from: '2024-01-15', to: '2024-01-31' }],
    ['clipped at its end', '2024-12', '2024-01-01', '2024-12-10', { from: '2024-12-01', to: '2024-12-10' }],
  ])('%s', (_name, month, from, to, expected) => {
    expect(monthBounds(month, from, to)).toEqual(expected);
  });
});

describe('words', () => {
  it('names an origin in plain words, and a missing one', () => {
    expect(originLabel('sale_expectation')).toBe('Expectation set in the sale');
    expect(originLabel(null)).toBe('Not traced yet');
    expect(percentOf(0.7)).toBe('70 %');
  });
});

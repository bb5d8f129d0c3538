import { describe, expect, it } from 'vitest';
import { comparisonWords, monthPeriod, percent, practiceLink, rowsLink, viewOf } from './model';

describe('dashboard model', () => {
  it('reads the view from the URL, dropping values of the wrong shape', () => {
    expect(viewOf({ asOf: '2024-05-06', from: 'yesterday', rep: 'nobody', to: '2024-05-31' })).toEqual({
      asOf: '2024-05-06',
      to: '2024-05-31',
    });
  });

  it('gives a month its first and last days, leap years included', () => {
    expect(monthPeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthPeriod('2023-12')).toEqual({ from: '2023-12-01', to: '2023-12-31' });
  });

  it('links a number to its rows in the same view, narrowed to a rep or a month', () => {
    const view = { asOf: '2024-06-30', rep: '5b0e7c43-7f3a-4d53-9f57-3d2f4a9b8c11' };
    expect(rowsLink('onTime', view)).toBe('/dashboard/onTime?asOf=2024-06-30&rep=5b0e7c43-7f3a-4d53-9f57-3d2f4a9b8c11');
    expect(rowsLink('firstOrderOnTime', { asOf: '2024-06-30' }, { month: '2024-02' })).toBe(
      '/dashboard/firstOrderOnTime?asOf=2024-06-30&from=2024-02-01&to=2024-02-29',
    );
  });

  it('shows a share as a whole percent, and no share as a dash', () => {
    expect(percent(2 / 3)).toBe('67 %');
    expect(percent(null)).toBe('—');
  });

  it('says a practice comparison in words, with the counts, and what is missing when a side is empty', () => {
    const r = (numerator: number, denominator: number) => ({
      numerator,
      denominator,
      rate: denominator === 0 ? null : numerator / denominator,
    });
    expect(comparisonWords(r(15, 21), r(10, 21))).toBe(
      '71 % (15 of 21) came back when done on time, against 48 % (10 of 21) otherwise: 24 points more.',
    );
    expect(comparisonWords(r(1, 4), r(1, 2))).toBe(
      '25 % (1 of 4) came back when done on time, against 50 % (1 of 2) otherwise: 25 points fewer.',
    );
    expect(comparisonWords(r(0, 0), r(1, 3))).toBe('Never done on time yet; 33 % (1 of 3) came back.');
    expect(comparisonWords(r(2, 2), r(0, 0))).toBe('Always done on time; 100 % (2 of 2) came back.');
    expect(comparisonWords(r(0, 0), r(0, 0))).toBe('Nothing to compare yet.');
  });

  it('links a side of a practice to its accounts in the same view', () => {
    expect(practiceLink({ asOf: '2024-06-30', playbook: 'paid-audition', step: 'gm-thanks', side: 'kept' })).toBe(
      '/dashboard/practice?asOf=2024-06-30&playbook=paid-audition&step=gm-thanks&side=kept',
    );
  });
});

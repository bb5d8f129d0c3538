import { describe, expect, it } from 'vitest';
import { monthPeriod, percent, rowsLink, viewOf } from './model';

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
});

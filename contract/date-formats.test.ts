import { describe, expect, it } from 'vitest';
import { humanDateFormat, luxonDateFormat } from './date-formats.js';
import { readDate, suggestDateFormat } from './date-reading.js';

describe('luxonDateFormat', () => {
  it.each([
    ['DD/MM/YYYY', 'd/M/yyyy'],
    ['MM/DD/YY', 'M/d/yy'],
    ['DD.MM.YYYY HH:mm', 'd.M.yyyy H:mm'],
    ['YYYY/MM/DD', 'yyyy/M/d'],
    ['dd/MM/yyyy', 'd/M/yyyy'],
    ['  d-M-yy ', 'd-M-yy'],
    ['DD/MM/YYYY HH:mm:ss', 'd/M/yyyy H:mm:ss'],
  ])('%s reads as %s', (text, format) => {
    expect(luxonDateFormat(text)).toBe(format);
    expect(luxonDateFormat(humanDateFormat(format))).toBe(format);
  });

  it.each([
    ['no year', 'DD/MM'],
    ['the month twice', 'MM/MM/YYYY'],
    ['two separators', 'DD/MM.YYYY'],
    ['a three-digit year', 'DD/MM/YYY'],
    ['month names', 'd MMM yyyy'],
    ['not a format', 'banana y'],
    ['empty', ''],
  ])('refuses %s (%s)', (_name, text) => {
    expect(luxonDateFormat(text)).toBeNull();
  });
});

describe('readDate', () => {
  const iso = (text: string, format: string) => readDate(text, luxonDateFormat(format)!, 'UTC')?.toISO() ?? null;
  it('reads one- and two-digit days and months, two-digit years with the 60 pivot, and an optional time', () => {
    expect(iso('03/01/19', 'MM/DD/YY')).toBe('2019-03-01T00:00:00.000Z');
    expect(iso('3/1/19', 'MM/DD/YY')).toBe('2019-03-01T00:00:00.000Z');
    expect(iso('03/01/60', 'MM/DD/YY')).toBe('2060-03-01T00:00:00.000Z');
    expect(iso('03/01/61', 'MM/DD/YY')).toBe('1961-03-01T00:00:00.000Z');
    expect(iso('31.12.2019 14:05', 'DD.MM.YYYY')).toBe('2019-12-31T14:05:00.000Z');
    expect(iso('31.12.2019 14:05:09', 'DD.MM.YYYY')).toBe('2019-12-31T14:05:09.000Z');
  });
  it('refuses what the format does not say', () => {
    expect(iso('31/12/2019', 'MM/DD/YYYY')).toBeNull();
    expect(iso('03/01/19', 'DD/MM/YYYY')).toBeNull();
    expect(iso('30/02/2019', 'DD/MM/YYYY')).toBeNull();
  });
});

describe('suggestDateFormat', () => {
  it('a day above 12 settles day-first against month-first', () => {
    expect(suggestDateFormat(['03/01/19', '13/01/19', '28/02/19'])).toEqual({ format: 'DD/MM/YY', candidates: ['DD/MM/YY'], isIso: false });
    expect(suggestDateFormat(['03/01/2019', '01/13/2019'])).toMatchObject({ format: 'MM/DD/YYYY' });
  });
  it('asks when the values read both ways, naming both', () => {
    expect(suggestDateFormat(['03/01/19', '04/02/19'])).toEqual({ format: null, candidates: ['DD/MM/YY', 'MM/DD/YY'], isIso: false });
  });
  it('prefers YYYY to YY when the years have four digits, and knows ISO and dots', () => {
    expect(suggestDateFormat(['31.12.2019', '01.01.2020'])).toMatchObject({ format: 'DD.MM.YYYY' });
    expect(suggestDateFormat(['2019/12/31', '2020/01/01'])).toMatchObject({ format: 'YYYY/MM/DD' });
    expect(suggestDateFormat(['2019-12-31', '', '2020-01-01'])).toEqual({ format: null, candidates: [], isIso: true });
  });
  it('suggests nothing for values no format reads', () => {
    expect(suggestDateFormat(['soon', '03/01/19'])).toEqual({ format: null, candidates: [], isIso: false });
  });
});

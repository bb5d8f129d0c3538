import { describe, expect, it } from 'vitest';
import { luxonDateFormat } from './date-formats.js';
import { readDate } from './date-reading.js';
import { cellText, plainNumber, sheetTable, WORKBOOK_DATE_FORMAT } from './workbook-cells.js';

const utc = (...parts: [number, number, number, number?, number?, number?]) =>
  new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0));
const dot = { dateFormat: null, decimal: '.' } as const;

describe('cellText: dates', () => {
  it('writes a date alone as YYYY-MM-DD when the mapping names no format, its wall-clock day whatever the machine zone', () => {
    expect(cellText(utc(2019, 3, 1), dot)).toBe('2019-03-01');
  });

  it.each([
    ['DD/MM/YYYY', '01/03/2019'],
    ['MM/DD/YY', '03/01/2019'],
    ['DD.MM.YYYY', '01.03.2019'],
    ['YYYY/MM/DD', '2019/03/01'],
  ])('writes a date in the mapping format %s (%s), read back as the same day', (format, text) => {
    const luxon = luxonDateFormat(format)!;
    expect(cellText(utc(2019, 3, 1), { dateFormat: luxon, decimal: '.' })).toBe(text);
    expect(readDate(text, luxon, 'UTC')?.toISODate()).toBe('2019-03-01');
  });

  it('keeps the century under a two-digit-year format: 1955 is never read as 2055', () => {
    const luxon = luxonDateFormat('DD/MM/YY')!;
    const text = cellText(utc(1955, 3, 1), { dateFormat: luxon, decimal: '.' });
    expect(text).toBe('01/03/1955');
    expect(readDate(text, luxon, 'UTC')?.toISODate()).toBe('1955-03-01');
  });

  it('adds HH:mm only when the cell has a time of day, and the seconds only when it has some', () => {
    expect(cellText(utc(2019, 3, 1, 14, 5), dot)).toBe('2019-03-01 14:05');
    expect(cellText(utc(2019, 3, 1, 14, 5, 9), dot)).toBe('2019-03-01 14:05:09');
    expect(cellText(utc(2019, 3, 1, 0, 0), { dateFormat: luxonDateFormat('DD/MM/YYYY'), decimal: '.' })).toBe('01/03/2019');
    // A time stored as a fraction of a day that comes back a millisecond short is the minute meant.
    expect(cellText(new Date(utc(2019, 3, 1, 14, 5).getTime() - 1), dot)).toBe('2019-03-01 14:05');
  });

  it('a date-time reads back with its time in the format the import uses', () => {
    const text = cellText(utc(2019, 12, 31, 23, 30), dot);
    expect(readDate(text, WORKBOOK_DATE_FORMAT, 'Europe/Berlin')?.toISO()).toBe('2019-12-31T23:30:00.000+01:00');
  });

  it('writes midnight under a format that says a time, so that format reads it', () => {
    const luxon = luxonDateFormat('DD/MM/YYYY HH:mm')!;
    const text = cellText(utc(2019, 3, 1), { dateFormat: luxon, decimal: '.' });
    expect(text).toBe('01/03/2019 00:00');
    expect(readDate(text, luxon, 'UTC')?.toISO()).toBe('2019-03-01T00:00:00.000Z');
  });
});

describe('cellText: numbers, yes/no and empty cells', () => {
  it.each([
    [16.448, '16.448'],
    [0.1 + 0.2, '0.3'],
    [1863.4, '1863.4'],
    [-12.5, '-12.5'],
    [42, '42'],
    [0, '0'],
    [1e21, '1000000000000000000000'],
    [123456789012345, '123456789012345'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
  ])('writes %s as %s, plain decimals', (n, text) => {
    expect(cellText(n, dot)).toBe(text);
    expect(plainNumber(n)).toBe(text);
  });

  it('writes the decimal comma when the mapping reads numbers with one', () => {
    expect(cellText(16.448, { dateFormat: null, decimal: ',' })).toBe('16,448');
    expect(cellText(1863, { dateFormat: null, decimal: ',' })).toBe('1863');
  });

  it('writes yes/no as true/false, empty cells as nothing, text as it is', () => {
    expect(cellText(true, dot)).toBe('true');
    expect(cellText(false, dot)).toBe('false');
    expect(cellText(null, dot)).toBe('');
    expect(cellText(undefined, dot)).toBe('');
    expect(cellText('  03/01/19 ', dot)).toBe('  03/01/19 ');
  });
});

describe('sheetTable', () => {
  it('takes the first row with anything in it as the header; rows keep the sheet row numbers, empty ones skipped', () => {
    const cells = [
      [null, null, null, null],
      ['ref', ' name ', 'since', null],
      ['A-1', 'Acme', utc(2019, 3, 1), null],
      [null, null, null, null],
      ['A-2', null, null, null],
      ['A-3', 'Extra', null, 'no column'],
    ];
    expect(sheetTable(cells, dot)).toEqual({
      header: ['ref', 'name', 'since'],
      rows: [
        { line: 3, values: ['A-1', 'Acme', '2019-03-01'] },
        { line: 5, values: ['A-2', '', ''] },
        { line: 6, values: ['A-3', 'Extra', '', 'no column'] },
      ],
    });
  });

  it('is null for a sheet with nothing in it, a header alone for one without data rows, and stops at maxRows', () => {
    expect(sheetTable([], dot)).toBeNull();
    expect(sheetTable([[null, '']], dot)).toBeNull();
    expect(sheetTable([['ref']], dot)).toEqual({ header: ['ref'], rows: [] });
    const many = [['n'], ...Array.from({ length: 10 }, (_, i) => [i])];
    expect(sheetTable(many, dot, 3)?.rows.map((r) => r.values[0])).toEqual(['0', '1', '2']);
  });
});

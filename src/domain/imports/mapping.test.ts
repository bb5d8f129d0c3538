import { describe, expect, it } from 'vitest';
import type { DomainError } from '../shared/index.js';
import { detectDelimiter } from './csv-reader.js';
import { parseMapping, parseMappingText, planColumns } from './mapping.js';
import { normalizeDecimal, parseDateValue, parseTimestampValue, readDecimal } from './values.js';

const errorsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).errors?.map((e) => `${e.path} ${e.message}`);
  }
  return [];
};

describe('parseMapping', () => {
  it('accepts the flat form and the full form alike', () => {
    expect(parseMapping('orders', { number: 'order_id', dateFormat: 'dd/MM/yyyy' })).toMatchObject({
      fields: { number: 'order_id' },
      // Read as the luxon format it stands for: one- or two-digit days and months.
      dateFormat: 'd/M/yyyy',
      decimal: '.',
    });
    expect(parseMapping('orders', { dateFormat: 'MM/DD/YY HH:mm' })).toMatchObject({ dateFormat: 'M/d/yy H:mm' });
    expect(parseMapping('users', { fields: { name: ['first', 'last'] }, defaults: { roles: 'sales' }, decimal: ',' })).toMatchObject({
      fields: { name: ['first', 'last'] },
      defaults: { roles: 'sales' },
      decimal: ',',
    });
  });
  it('names every problem at once', () => {
    expect(errorsOf(() => parseMapping('orders', { fields: { nummer: 'x', amount: 3 }, decimal: ';', colour: 1 }))).toEqual([
      'colour is not a mapping option (known: fields, defaults, dateFormat, decimal, delimiter, encoding, round, sheet)',
      expect.stringMatching(/^fields\.nummer is not a field of orders imports \(known: number, accountRef/),
      'fields.amount must name a column of the file (or a list of columns)',
      'decimal must be "." or ","',
    ]);
  });
  it('refuses a date format that is not one, naming the option', () => {
    expect(errorsOf(() => parseMapping('orders', { dateFormat: 'DD/MM' }))).toEqual([
      'dateFormat must be a date format such as DD/MM/YYYY, MM/DD/YY, DD.MM.YYYY or YYYY/MM/DD (a time HH:mm may follow)',
    ]);
  });
  it('takes a workbook sheet by name or number (1 for the first), and refuses anything else naming the option', () => {
    expect(parseMapping('orders', { sheet: ' Orders ' }).sheet).toBe('Orders');
    expect(parseMapping('orders', { sheet: 2 }).sheet).toBe(2);
    expect(parseMapping('orders', {}).sheet).toBeNull();
    for (const sheet of [0, 1.5, '', true])
      expect(errorsOf(() => parseMapping('orders', { sheet }))).toEqual([`sheet must be a sheet's name or its number (1 for the first)`]);
  });
  it('says where bad JSON is', () => {
    expect(() => parseMappingText('orders', '{"number": ')).toThrow(/not valid JSON/);
  });
});

describe('planColumns', () => {
  it('maps unmapped fields to columns of their own name and refuses missing required ones', () => {
    const m = parseMapping('orders', { number: 'Nr' });
    expect(errorsOf(() => planColumns('orders', m, ['Nr', 'accountRef', 'amount']))).toEqual([
      expect.stringMatching(/^fields\.placedAt is required: map it to a column/),
    ]);
    expect(planColumns('orders', m, ['Nr', 'accountRef', 'amount', 'placedAt']).map((p) => [p.field, p.column])).toEqual([
      ['number', 'Nr'],
      ['accountRef', 'accountRef'],
      ['placedAt', 'placedAt'],
      ['amount', 'amount'],
    ]);
  });
  it('refuses a column that is not in the header, listing the columns', () => {
    const m = parseMapping('users', { externalRef: 'id', name: 'nom' });
    expect(errorsOf(() => planColumns('users', m, ['id', 'name ']))).toEqual([
      'fields.name names "nom", not in the file\'s header (columns: "id", "name ")',
    ]);
  });
});

describe('cell values', () => {
  it.each([
    ['1863.40', '.', '1863.40'],
    ['1.863,40', ',', '1863.40'],
    ['1 863,4', ',', '1863.4'],
    ['1,5', '.', null],
    ['abc', ',', null],
    // Thousands grouped by threes, a currency sign or code before or after, a sign in front.
    ['1,863.40', '.', '1863.40'],
    ['1,234,567', '.', '1234567'],
    ["1'863.40", '.', '1863.40'],
    ['$1,863.40', '.', '1863.40'],
    ['-$12.50', '.', '-12.50'],
    ['$-12.50', '.', '-12.50'],
    ['EUR 12', '.', '12'],
    ['1.863,40 €', ',', '1863.40'],
    ['1 863,40 EUR', ',', '1863.40'],
    ['16.448', '.', '16.448'],
    // Nothing guessed: a group that is not three digits, a dot in a decimal-comma file, two signs.
    ['1,86.40', '.', null],
    ['12.5', ',', null],
    ['1.863.40', '.', null],
    ['$€12', '.', null],
    ['(12.50)', '.', null],
  ] as const)('reads %j with decimal %s as %j', (text, decimal, out) => expect(normalizeDecimal(text, decimal)).toBe(out));

  it('says why a cell is not a number: parentheses, a decimal comma the mapping does not name', () => {
    expect(readDecimal('(1,863.40)', '.')).toEqual({
      reason: 'is a negative amount in parentheses (a credit note?): Rapport does not import credit notes, so leave the row out',
    });
    expect(readDecimal('1.863,40', '.')).toEqual({
      reason:
        'is not a number such as 1,863.40 — if the file writes a decimal comma (1.863,40), say so in the mapping ("decimal": ",") or with --decimal ,',
    });
    expect(readDecimal('12.5', ',')).toEqual({ reason: 'is not a number such as 1.863,40' });
  });

  it('reads dates in the mapping format or ISO, refusing impossible ones', () => {
    const opts = { dateFormat: 'dd/MM/yyyy', decimal: '.' as const };
    expect(parseDateValue('16/07/1996', opts)).toBe('1996-07-16');
    expect(parseDateValue('1996-07-16', opts)).toBe('1996-07-16');
    expect(parseDateValue('31/02/1996', opts)).toBeNull();
    expect(parseTimestampValue('16/07/1996', 'America/Chicago', opts)?.toISOString()).toBe('1996-07-16T05:00:00.000Z');
    expect(parseTimestampValue('1996-07-16 10:00', 'UTC', { dateFormat: null, decimal: '.' })).toBeNull();
  });

  it('detects `;` or `,` from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('\uFEFFa;b;"c,d"\n1,2,3')).toBe(';');
    expect(detectDelimiter('a,b,"c;d;e"\n')).toBe(',');
    // Excel's "Unicode text" separates with tabs.
    expect(detectDelimiter('number\tcustomer\t"a, b"\n')).toBe('\t');
    expect(detectDelimiter('name\n')).toBe(',');
  });
});

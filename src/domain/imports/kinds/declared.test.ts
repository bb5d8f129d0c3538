import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { field, value } from '../../../../contract/entity.js';
import type { RowCells } from '../kind.js';
import { readDeclared, type DeclaredColumn } from './declared.js';

/** One row whose cell for `name` holds `text` (undefined: empty), recording the problems named. */
function row(text: string | undefined) {
  const problems: string[] = [];
  const cells: RowCells = {
    line: 2,
    get: () => text,
    bad: (f, reason) => void problems.push(`${f} ${reason}`),
    isBad: () => problems.length > 0,
    rounded: () => undefined,
  };
  return { cells, problems };
}

const declared = (def: DeclaredColumn['def']): DeclaredColumn => ({ field: 'x', column: 'x', sqlType: 'text', def });
const opts = { dateFormat: 'dd/MM/yyyy', decimal: ',' as const };

describe('a field read by its declaration', () => {
  it.each([
    ['a yes/no', field(value.bool(), { label: 'X' }), 'Yes', true],
    ['a whole number with the file’s decimal comma', field(value.int(z.number().int().max(50)), { label: 'X' }), '12', 12],
    ['a date in the mapping’s format', field(value.date(), { label: 'X' }), '31/12/2026', '2026-12-31'],
    [
      'one of a list, written as people do',
      field(value.oneOf(z.enum(['accounts_payable', 'other'])), { label: 'X' }),
      'Accounts Payable',
      'accounts_payable',
    ],
    ['a text as it is', field(value.text(20), { label: 'X' }), 'Key', 'Key'],
  ] as const)('reads %s', (_name, def, text, expected) => {
    const { cells, problems } = row(text);
    expect(readDeclared(cells, declared(def), opts)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  it.each([
    ['a yes/no', field(value.bool(), { label: 'X' }), 'maybe', 'x must be yes or no (true/false, 1/0)'],
    ['a number', field(value.int(z.number().int().max(50)), { label: 'X' }), 'lots', 'x is not a number such as 1.863,40'],
    [
      'a number out of the API’s range',
      field(value.int(z.number().int().max(50)), { label: 'X' }),
      '51',
      'x Too big: expected number to be <=50',
    ],
    ['a date', field(value.date(), { label: 'X' }), '31/02/2026', 'x is not a date in the form DD/MM/YYYY or YYYY-MM-DD'],
    ['one of a list', field(value.oneOf(z.enum(['buyer', 'other'])), { label: 'X' }), 'boss', 'x is not one of buyer, other'],
  ] as const)('names a wrong cell of %s and reads it as null', (_name, def, text, problem) => {
    const { cells, problems } = row(text);
    expect(readDeclared(cells, declared(def), opts)).toBeNull();
    expect(problems).toEqual([problem]);
  });

  it('reads an empty cell as the create’s default, else null', () => {
    expect(
      readDeclared(
        row(undefined).cells,
        declared(field(value.oneOf(z.enum(['buyer', 'other'])), { label: 'X', create: { default: 'other' } })),
        opts,
      ),
    ).toBe('other');
    expect(readDeclared(row(undefined).cells, declared(field(value.text(20), { label: 'X', nullable: true })), opts)).toBeNull();
  });
});

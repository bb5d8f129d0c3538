// Reading typed cells of a row, reporting each bad one with what was expected.
import { parseMoney, roundMoney } from '../../shared/index.js';
import type { RowCells } from '../kind.js';
import { dateHint, parseDateValue, parseTimestampValue, readDecimal, type ValueOptions } from '../values.js';

export function readTimestamp(c: RowCells, field: string, zone: string, opts: ValueOptions, isRequired = false): Date | null {
  const text = c.get(field);
  if (text === undefined) {
    if (isRequired) c.bad(field, 'is required');
    return null;
  }
  const d = parseTimestampValue(text, zone, opts);
  if (!d) c.bad(field, `is not ${dateHint(opts)}`);
  return d;
}

export function readDate(c: RowCells, field: string, opts: ValueOptions, isRequired = false): string | null {
  const text = c.get(field);
  if (text === undefined) {
    if (isRequired) c.bad(field, 'is required');
    return null;
  }
  const d = parseDateValue(text, opts);
  if (!d) c.bad(field, `is not ${dateHint(opts)}`);
  return d;
}

/** Orders, quotes and accounts have no credit notes: a negative amount is refused, not counted. */
export const NEGATIVE = 'must not be negative (credit notes are not supported)';

/** Money in minor units; `canBeNegative` only for order lines (a discount line). */
export function readMoney(
  c: RowCells,
  field: string,
  currency: string,
  opts: ValueOptions,
  isRequired = false,
  canBeNegative = false,
): number | null {
  const text = c.get(field);
  if (text === undefined) {
    if (isRequired) c.bad(field, 'is required');
    return null;
  }
  const d = readDecimal(text, opts.decimal);
  if ('reason' in d) {
    c.bad(field, d.reason);
    return null;
  }
  const m = opts.round ? roundMoney(d.value, currency) : { ...parseMoney(d.value, currency), difference: '0' };
  if (!m.ok) {
    c.bad(field, m.message);
    return null;
  }
  if (m.difference !== '0') c.rounded(currency, m.difference);
  if (m.minor < 0 && !canBeNegative) {
    c.bad(field, NEGATIVE);
    return null;
  }
  return m.minor;
}

export function readNumber(c: RowCells, field: string, opts: ValueOptions, isRequired = false): number | null {
  const text = c.get(field);
  if (text === undefined) {
    if (isRequired) c.bad(field, 'is required');
    return null;
  }
  const d = readDecimal(text, opts.decimal);
  if ('reason' in d) {
    c.bad(field, d.reason);
    return null;
  }
  return Number(d.value);
}

/**
 * One of `options`, written as the option ("parts_consumables") or as people do ("Parts &
 * consumables", "parts-consumables", a word of `words`): case, spaces, hyphens, "&" and "/" do not
 * matter. Null when empty; a bad cell is named with the options.
 */
export function readOneOf<T extends string>(c: RowCells, field: string, options: readonly T[], words: Record<string, T> = {}): T | null {
  const text = c.get(field);
  if (text === undefined) return null;
  const key = text
    .trim()
    .toLowerCase()
    .replace(/\s*&\s*/g, '_and_')
    .replace(/[\s\-/]+/g, '_');
  const found = (options as readonly string[]).includes(key) ? (key as T) : (words[key] ?? words[key.replace(/_and_/g, '_')]);
  if (!found) c.bad(field, `is not one of ${options.join(', ')}`);
  return found ?? null;
}

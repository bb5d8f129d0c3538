// Reading one CSV cell as a date, a timestamp, a decimal or a yes/no, with the mapping's options.
// Pure: no database, no clock.
import { DateTime } from 'luxon';
import { humanDateFormat } from '../../../contract/date-formats.js';
import { readDate } from '../../../contract/date-reading.js';

export interface ValueOptions {
  /** The luxon format of the mapping's date format ("d/M/yy" for "DD/MM/YY", contract/date-formats.ts); ISO 8601 is always accepted. */
  dateFormat: string | null;
  /** The decimal separator of numbers in the file. */
  decimal: '.' | ',';
  /** Amounts with more decimals than their currency allows: rounded half to even instead of refused (docs/imports.md, "Rounding"). */
  round?: boolean;
}

/** What a cell holding a number reads as: a plain decimal string ("1863.40"), or why it is not one. */
export type DecimalCell = { value: string } | { reason: string };

const CURRENCY_SIGN = /^(?:[$€£¥]|[A-Z]{3}(?=[\s\d]))\s?|\s?(?:[$€£¥]|(?<=[\d\s])[A-Z]{3})$/g;
/** Thousands separators: a comma (or a dot for a decimal comma), a space, a no-break or thin space, an apostrophe (1'863.40). */
const GROUP = { '.': "[,\\s\\u00a0\\u202f']", ',': "[.\\s\\u00a0\\u202f']" } as const;
const NUMBER = {
  '.': new RegExp(`^(\\d{1,3}(?:${GROUP['.']}\\d{3})+|\\d+)(?:\\.(\\d+))?$`),
  ',': new RegExp(`^(\\d{1,3}(?:${GROUP[',']}\\d{3})+|\\d+)(?:,(\\d+))?$`),
} as const;

/**
 * A number as written in the file (docs/imports.md, "Numbers"): the decimal separator the mapping
 * names; thousands grouped by threes with a comma (a dot with a decimal comma), a space or an
 * apostrophe; a currency sign or code before or after ("$1,863.40", "1.863,40 €", "EUR 12");
 * a sign in front. Nothing is guessed: "12.5" in a decimal-comma file is not 125, and a negative
 * in parentheses — an accountant's credit — is refused, as Rapport has no credit notes.
 */
export function readDecimal(text: string, decimal: ValueOptions['decimal']): DecimalCell {
  let t = text.trim();
  if (/^\(.*\)$/.test(t))
    return { reason: 'is a negative amount in parentheses (a credit note?): Rapport does not import credit notes, so leave the row out' };
  let sign = '';
  const signed = /^([-+])\s?/.exec(t);
  if (signed) {
    sign = signed[1] === '-' ? '-' : '';
    t = t.slice(signed[0].length);
  }
  t = t.replace(CURRENCY_SIGN, '');
  const signedAfter = !sign && /^([-+])/.exec(t);
  if (signedAfter) {
    sign = signedAfter[1] === '-' ? '-' : '';
    t = t.slice(1);
  }
  const m = NUMBER[decimal].exec(t);
  if (m) return { value: `${sign}${m[1]!.replace(new RegExp(GROUP[decimal], 'g'), '')}${m[2] === undefined ? '' : `.${m[2]}`}` };
  if (decimal === '.' && NUMBER[','].test(t))
    return {
      reason:
        'is not a number such as 1,863.40 — if the file writes a decimal comma (1.863,40), say so in the mapping ("decimal": ",") or with --decimal ,',
    };
  return { reason: decimal === ',' ? 'is not a number such as 1.863,40' : 'is not a number such as 1,863.40' };
}

/** readDecimal's value, or null when the cell is not a number. */
export function normalizeDecimal(text: string, decimal: ValueOptions['decimal']): string | null {
  const cell = readDecimal(text, decimal);
  return 'value' in cell ? cell.value : null;
}

// Exports repeat the same few thousand dates over millions of rows, and luxon parsing costs tens
// of microseconds: parsed values are cached per (zone, format, text), the cache reset when full.
const cache = new Map<string, number | null>();
const CACHE_MAX = 200_000;

function cached(text: string, opts: ValueOptions, zone: string): number | null {
  const key = `${zone}\u0000${opts.dateFormat ?? ''}\u0000${text}`;
  let ms = cache.get(key);
  if (ms === undefined) {
    ms = fromText(text, opts, zone)?.toMillis() ?? null;
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, ms);
  }
  return ms;
}

function fromText(text: string, opts: ValueOptions, zone: string): DateTime | null {
  const t = text.trim();
  if (opts.dateFormat) {
    const dt = readDate(t, opts.dateFormat, zone);
    if (dt) return dt;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const dt = DateTime.fromISO(t, { zone });
    return dt.isValid ? dt : null;
  }
  // A date-time must say its offset: a bare local time would be read in the wrong zone silently.
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/.test(t)) {
    const dt = DateTime.fromISO(t.replace(' ', 'T'), { setZone: true });
    return dt.isValid ? dt : null;
  }
  return null;
}

/** A calendar date (YYYY-MM-DD), from ISO or the mapping's date format. */
export function parseDateValue(text: string, opts: ValueOptions): string | null {
  const ms = cached(text, opts, 'UTC');
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

/** An instant; a date alone is 00:00 of that day in `zone` (docs/domain.md §2). */
export function parseTimestampValue(text: string, zone: string, opts: ValueOptions): Date | null {
  const ms = cached(text, opts, zone);
  return ms === null ? null : new Date(ms);
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export function parseBooleanValue(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return TRUE.has(t) ? true : FALSE.has(t) ? false : null;
}

/** What the file's format expects, for messages: `a date such as 31/12/2026`. */
export function dateHint(opts: ValueOptions): string {
  return opts.dateFormat
    ? `a date in the form ${humanDateFormat(opts.dateFormat)} or YYYY-MM-DD`
    : 'a date YYYY-MM-DD (or a date-time with offset)';
}

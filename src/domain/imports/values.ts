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
}

/**
 * A number as written in the file → a plain decimal string ("1863.40"), or null when it is not
 * one. With a decimal comma, "1.863,40" and "1 863,40" are read as 1863.40 (dots and spaces
 * group thousands).
 */
export function normalizeDecimal(text: string, decimal: ValueOptions['decimal']): string | null {
  let t = text.trim();
  if (decimal === ',') t = t.replace(/[\s\u00a0\u202f.]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
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

// Dates and times (docs/domain.md §2): timestamps in UTC; calendar dates in the account's (else the
// organisation's) timezone; a date given for a timestamp means 00:00 of that day in that zone.
import { DateTime, IANAZone } from 'luxon';

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Parses an ISO date-time with offset, or a date alone taken as 00:00 in `zone`. */
export function parseTimestamp(text: string, zone: string): Date | null {
  const isDateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const dt = isDateOnly ? DateTime.fromISO(text, { zone }) : DateTime.fromISO(text, { setZone: true });
  return dt.isValid ? dt.toJSDate() : null;
}

const dayFormats = new Map<string, Intl.DateTimeFormat | null>();
const GREGORIAN_ONLY_FROM = Date.UTC(1600, 0, 1);

/** A formatter of the calendar day in `zone`, made once per zone; null for a zone Intl does not know. */
function dayFormat(zone: string): Intl.DateTimeFormat | null {
  let f = dayFormats.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        calendar: 'iso8601',
        numberingSystem: 'latn',
      });
    } catch {
      f = null;
    }
    dayFormats.set(zone, f);
  }
  return f;
}

/**
 * The calendar date (YYYY-MM-DD) of an instant in `zone` ('' for an unknown zone). A cached Intl
 * formatter, not luxon: presenting a page of accounts called this for every row, and luxon's
 * DateTime for each call was a fifth of the page's CPU.
 */
export function dateIn(instant: Date, zone: string): string {
  // NOTE: Intl switches to the Julian calendar before 1582 (even as iso8601); luxon does not.
  const t = instant.getTime();
  if (Number.isNaN(t)) return '';
  if (t < GREGORIAN_ONLY_FROM) return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
  const f = dayFormat(zone);
  if (!f) return '';
  let year = '';
  let month = '';
  let day = '';
  for (const part of f.formatToParts(instant)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/** Whether `text` is a real calendar date (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
}

/** Where "now" comes from: the app, the job runner and the CLI hold one (src/clock.ts reads the wall clock). */
export interface Clock {
  now(): Date;
}

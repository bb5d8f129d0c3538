// Dates and times (DESIGN §2): timestamps in UTC; calendar dates in the account's (else the
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

/** The calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function dateIn(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** Whether `text` is a real calendar date (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

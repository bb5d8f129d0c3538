// Calendar days in a timezone other than the browser's: "today" and "this week" are the
// organisation's (DESIGN §4), counted as the server counts them (dayAndWeekBounds in
// src/domain/playbooks/calendar.rules.ts: days from midnight, weeks from Monday). Pure: the
// browser's own timezone is never used unless passed in.

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function dateIn(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/** A calendar date `days` later (or earlier); no timezone, so no daylight-saving shift. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday that starts the week after `date`'s (weeks run Monday to Sunday, ISO 8601). */
export function nextMonday(date: string): string {
  const daysSinceMonday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, 7 - daysSinceMonday);
}

/** The browser's timezone, for saying when the organisation's is another. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "America/New_York" → "New York": how a timezone is named in a sentence. */
export function zonePlace(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

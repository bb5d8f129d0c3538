// Due-date maths (docs/domain.md §3): an ISO 8601 offset from a start instant, counting days as working
// days of the organisation's calendar (workdays, holidays) in its timezone. Pure: no clock, no db.
import { DateTime, Duration } from 'luxon';

export interface BusinessCalendar {
  timezone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** Calendar dates (YYYY-MM-DD) that are not working days. */
  holidays: readonly string[];
  /** The working day's opening and closing times, local "HH:mm"; without them a day has no hours. */
  hours?: { start: string; end: string };
}

/** The organisation's settings as a business calendar. */
export const calendarOf = (s: {
  timezone: string;
  workdays: readonly number[];
  holidays: readonly string[];
  workingHoursStart: string;
  workingHoursEnd: string;
}): BusinessCalendar => ({
  timezone: s.timezone,
  workdays: s.workdays,
  holidays: s.holidays,
  hours: { start: s.workingHoursStart, end: s.workingHoursEnd },
});

/** `t` moved inside its day's working hours: before opening → opening, after closing → closing. */
function withinHours(t: DateTime, hours: { start: string; end: string }): DateTime {
  const at = (hhmm: string) => {
    const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
    return t.set({ hour, minute, second: 0, millisecond: 0 });
  };
  const opens = at(hours.start);
  const closes = at(hours.end);
  return t < opens ? opens : t > closes ? closes : t;
}

export function isWorkingDay(day: DateTime, cal: BusinessCalendar): boolean {
  return cal.workdays.includes(day.weekday) && !cal.holidays.includes(day.toISODate() ?? '');
}

/** Whether text is an ISO 8601 duration luxon understands (P2D, PT4H, P1W, P1DT2H). */
export function isValidOffset(offset: string): boolean {
  return Duration.fromISO(offset).isValid;
}

/**
 * `start` + `offset`. With businessDays, the offset's days (weeks = 5 days) are counted on working
 * days only, keeping the time of day: Friday 14:00 + P2D = Tuesday 14:00, skipping holidays — and,
 * when the calendar has working hours, a time outside them moves inside that day's: an event at
 * 03:37 + P1D is due at the next working day's opening, one at 21:00 at its closing.
 * Years, months and the time part (PT4H) are plain calendar time, added after the days.
 * Calendar days are counted in the calendar's timezone, so a DST change does not shift the hour.
 */
export function addOffset(start: Date, offset: string, businessDays: boolean, cal: BusinessCalendar): Date {
  const d = Duration.fromISO(offset);
  if (!d.isValid) throw new Error(`not an ISO 8601 duration: ${offset}`);
  let t: DateTime = DateTime.fromJSDate(start, { zone: cal.timezone });
  const o = d.toObject();
  t = t.plus({ years: o.years ?? 0, months: o.months ?? 0 });
  const days = (o.days ?? 0) + 7 * (o.weeks ?? 0);
  if (businessDays) {
    const working = (o.days ?? 0) + 5 * (o.weeks ?? 0);
    let left = working;
    let guard = 0;
    while (left > 0) {
      t = t.plus({ days: 1 });
      if (isWorkingDay(t, cal)) left -= 1;
      // A calendar with no working day at all must not loop forever.
      if (++guard > 3660) throw new Error('the business calendar has no working days');
    }
    if (working > 0 && cal.hours) t = withinHours(t, cal.hours);
  } else {
    t = t.plus({ days });
  }
  t = t.plus({ hours: o.hours ?? 0, minutes: o.minutes ?? 0, seconds: o.seconds ?? 0 });
  return t.toJSDate();
}

/** Start and end (exclusive) of the calendar day and week (Monday first) of `now` in `zone`. */
export function dayAndWeekBounds(now: Date, zone: string): { dayStart: Date; dayEnd: Date; weekEnd: Date } {
  const t = DateTime.fromJSDate(now, { zone }).startOf('day');
  return {
    dayStart: t.toJSDate(),
    dayEnd: t.plus({ days: 1 }).toJSDate(),
    weekEnd: t.startOf('week').plus({ weeks: 1 }).toJSDate(),
  };
}

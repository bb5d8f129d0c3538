// Day arithmetic for the demo, relative to "today": day 0 is today, day -1 yesterday. Calendar
// dates are counted in UTC (no DST surprises); instants are placed in the organisation's timezone.
import { DateTime } from 'luxon';

/** US holidays the demo shop closes on, for the years [fromYear, toYear]. */
export function usHolidays(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  const nth = (year: number, month: number, weekday: number, n: number) => {
    let d = DateTime.utc(year, month, 1);
    while (d.weekday !== weekday) d = d.plus({ days: 1 });
    return d.plus({ weeks: n - 1 });
  };
  const last = (year: number, month: number, weekday: number) => {
    let d = DateTime.utc(year, month, 1).endOf('month').startOf('day');
    while (d.weekday !== weekday) d = d.minus({ days: 1 });
    return d;
  };
  for (let y = fromYear; y <= toYear; y++) {
    const thanksgiving = nth(y, 11, 4, 4);
    const days = [
      DateTime.utc(y, 1, 1),
      last(y, 5, 1), // Memorial Day
      DateTime.utc(y, 7, 4),
      nth(y, 9, 1, 1), // Labor Day
      thanksgiving,
      thanksgiving.plus({ days: 1 }),
      DateTime.utc(y, 12, 24),
      DateTime.utc(y, 12, 25),
    ];
    out.push(...days.map((d) => d.toISODate()!));
  }
  return out.sort();
}

export class DemoCalendar {
  private readonly base: DateTime;
  private readonly holidays: Set<string>;
  private readonly dates = new Map<number, string>();
  private readonly workdays = new Map<number, boolean>();
  private readonly offsets = new Map<number, { utcMidnight: number; early: number; late: number }>();

  constructor(today: string, zone: string, holidays: readonly string[]) {
    this.base = DateTime.fromISO(today, { zone: 'utc' });
    if (!this.base.isValid) throw new Error(`not a calendar date: ${today}`);
    this.holidays = new Set(holidays);
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  }

  /** YYYY-MM-DD of day `d`. */
  date(d: number): string {
    let s = this.dates.get(d);
    if (s === undefined) {
      s = this.base.plus({ days: d }).toISODate()!;
      this.dates.set(d, s);
    }
    return s;
  }

  isWorkday(d: number): boolean {
    let w = this.workdays.get(d);
    if (w === undefined) {
      w = this.base.plus({ days: d }).weekday <= 5 && !this.holidays.has(this.date(d));
      this.workdays.set(d, w);
    }
    return w;
  }

  /** The first workday on or after `d`. */
  workdayOnOrAfter(d: number): number {
    while (!this.isWorkday(d)) d++;
    return d;
  }

  /** `n` workdays after `d` (n = 0: `d` itself, moved to a workday). */
  addWorkdays(d: number, n: number): number {
    d = this.workdayOnOrAfter(d);
    for (let i = 0; i < n; i++) d = this.workdayOnOrAfter(d + 1);
    return d;
  }

  /** `n` workdays before `d`. */
  subtractWorkdays(d: number, n: number): number {
    for (let i = 0; i < n; i++) {
      d--;
      while (!this.isWorkday(d)) d--;
    }
    return d;
  }

  /** The instant at `minute` minutes after midnight of day `d`, in the organisation's timezone. */
  at(d: number, minute: number): Date {
    // The demo needs ~100k instants and Luxon with a zone costs ~0.4 ms each: read each day's UTC
    // offsets once from Intl instead, and only on the days the clocks change look closer.
    let day = this.offsets.get(d);
    if (!day) {
      const utcMidnight = Date.parse(`${this.date(d)}T00:00:00Z`);
      // Sample wider than any local day (UTC−14 … UTC+14), so a change anywhere in it is seen.
      const early = this.offsetAt(utcMidnight - 14 * 3600_000);
      const late = this.offsetAt(utcMidnight + 38 * 3600_000);
      day = { utcMidnight, early, late };
      this.offsets.set(d, day);
    }
    const wall = day.utcMidnight + minute * 60_000;
    if (day.early === day.late) return new Date(wall - day.early * 60_000);
    // Near a clock change: the offset in force at that wall time (two passes settle it).
    const first = this.offsetAt(wall - day.early * 60_000);
    return new Date(wall - this.offsetAt(wall - first * 60_000) * 60_000);
  }

  private readonly format: Intl.DateTimeFormat;

  /** Minutes the zone is ahead of UTC at the instant `utcMs`. */
  private offsetAt(utcMs: number): number {
    const parts = Object.fromEntries(this.format.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(
      Number(parts['year']),
      Number(parts['month']) - 1,
      Number(parts['day']),
      Number(parts['hour']),
      Number(parts['minute']),
    );
    return Math.round((asUtc - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
  }
}

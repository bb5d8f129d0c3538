import { describe, expect, it } from 'vitest';
import { DemoCalendar, usHolidays } from './calendar.js';
import { demoMoment } from './timeline.js';

describe('DemoCalendar', () => {
  const holidays = usHolidays(2025, 2026);
  const cal = new DemoCalendar('2026-11-23', 'America/Chicago', holidays); // Monday before Thanksgiving

  it('knows the shop’s US holidays, Thanksgiving and the day after included', () => {
    expect(holidays).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-05-25', '2026-07-04', '2026-09-07', '2026-11-26', '2026-11-27', '2026-12-25']),
    );
  });

  it.each([
    ['the same day when it is a workday', 0, 0, '2026-11-23'],
    ['over Thanksgiving and the weekend', 2, 1, '2026-11-30'],
    ['one week is five workdays without holidays', -14, 5, '2026-11-16'],
  ])('adds workdays: %s', (_, from, n, expected) => {
    expect(cal.date(cal.addWorkdays(from, n))).toBe(expected);
  });

  it('subtracts workdays across a weekend', () => {
    expect(cal.date(cal.subtractWorkdays(0, 1))).toBe('2026-11-20');
  });

  it('keeps the wall-clock time on the days the clocks change', () => {
    // 2026-03-08 (spring forward) is day -260; 2026-11-01 (fall back) is day -22.
    expect(cal.date(-260)).toBe('2026-03-08');
    expect(cal.at(-260, 9 * 60).toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(cal.at(-261, 9 * 60).toISOString()).toBe('2026-03-07T15:00:00.000Z');
    expect(cal.at(-22, 1 * 60 + 30).toISOString()).toBe('2026-11-01T06:30:00.000Z');
    expect(cal.at(-22, 9 * 60).toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });
});

describe('demoMoment', () => {
  // The history stops at 07:00 in the demo's timezone: made before it, the company is last night's.
  it.each([
    ['00:20 in Chicago (06:20 UTC): the end of yesterday there', '2026-12-07T06:20:00Z', '2026-12-07T05:59:59.999Z'],
    ['06:59 in Chicago: still yesterday', '2026-12-07T12:59:00Z', '2026-12-07T05:59:59.999Z'],
    ['07:00 in Chicago: now', '2026-12-07T13:00:00Z', '2026-12-07T13:00:00.000Z'],
    ['the afternoon: now', '2026-12-07T21:30:00Z', '2026-12-07T21:30:00.000Z'],
  ])('%s', (_name, now, expected) => {
    expect(demoMoment(new Date(now), 'America/Chicago').toISOString()).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { dateIn, isCalendarDate, parseTimestamp } from './time.js';

describe('parseTimestamp', () => {
  it('takes a date alone as 00:00 of that day in the given timezone (docs/domain.md §2)', () => {
    expect(parseTimestamp('1996-07-16', 'America/Chicago')?.toISOString()).toBe('1996-07-16T05:00:00.000Z');
    expect(parseTimestamp('1996-07-16', 'Europe/Berlin')?.toISOString()).toBe('1996-07-15T22:00:00.000Z');
    expect(parseTimestamp('1996-07-16', 'UTC')?.toISOString()).toBe('1996-07-16T00:00:00.000Z');
  });

  it('keeps the offset of a full date-time', () => {
    expect(parseTimestamp('2026-03-02T09:30:00+01:00', 'America/Chicago')?.toISOString()).toBe('2026-03-02T08:30:00.000Z');
  });

  it('refuses impossible dates', () => {
    expect(parseTimestamp('2026-02-30', 'UTC')).toBeNull();
  });

  it('never shifts a date by a day when read back in the same zone', () => {
    for (const zone of ['Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata']) {
      expect(dateIn(parseTimestamp('2026-11-23', zone)!, zone)).toBe('2026-11-23');
    }
  });
});

describe('dateIn', () => {
  it.each([
    ['2026-03-08T07:59:59Z', 'America/Los_Angeles', '2026-03-07'], // the night the clocks go forward
    ['2026-03-08T08:00:00Z', 'America/Los_Angeles', '2026-03-08'],
    ['2026-11-23T10:59:59Z', 'Pacific/Auckland', '2026-11-23'],
    ['2026-11-23T11:00:00Z', 'Pacific/Auckland', '2026-11-24'],
    ['2026-12-31T18:29:59Z', 'Asia/Kolkata', '2026-12-31'],
    ['2026-12-31T18:30:00Z', 'Asia/Kolkata', '2027-01-01'],
    ['0999-06-01T12:00:00Z', 'UTC', '0999-06-01'],
  ])('%s in %s is %s', (instant, zone, date) => expect(dateIn(new Date(instant), zone)).toBe(date));

  it('answers an empty string for a zone it does not know', () => {
    expect(dateIn(new Date('2026-11-23T12:00:00Z'), 'Mars/Olympus')).toBe('');
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2026-12-25', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-1-1', false],
  ])('%s → %s', (text, ok) => expect(isCalendarDate(text)).toBe(ok));
});

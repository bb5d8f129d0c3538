import { describe, expect, it } from 'vitest';
import { addDays, dateIn, zonePlace } from './calendar';

describe('dateIn', () => {
  it.each([
    ['late evening in New York is the next day in UTC', '2026-12-08T03:30:00Z', 'America/New_York', '2026-12-07'],
    ['the same moment is already Tuesday in Tokyo', '2026-12-08T03:30:00Z', 'Asia/Tokyo', '2026-12-08'],
    ['a half-hour zone (St John’s, UTC−3:30)', '2026-12-08T03:15:00Z', 'America/St_Johns', '2026-12-07'],
    ['across the date line (Auckland, UTC+13 in summer)', '2026-12-31T11:00:00Z', 'Pacific/Auckland', '2027-01-01'],
    ['the night the clocks go forward (Berlin)', '2026-03-29T01:30:00Z', 'Europe/Berlin', '2026-03-29'],
  ])('%s', (_name, instant, zone, expected) => {
    expect(dateIn(new Date(instant), zone)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-12-07', 1, '2026-12-08'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('zonePlace', () => {
  it.each([
    ['America/New_York', 'New York'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires'],
    ['UTC', 'UTC'],
  ])('names %s as %s', (zone, expected) => {
    expect(zonePlace(zone)).toBe(expected);
  });
});

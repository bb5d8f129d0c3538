import { describe, expect, it } from 'vitest';
import { addOffset, dayAndWeekBounds, type BusinessCalendar } from './calendar.rules.js';

const berlin: BusinessCalendar = { timezone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: ['2026-04-03', '2026-04-06'] };
const berlinHours: BusinessCalendar = { ...berlin, hours: { start: '08:00', end: '17:00' } };
const chicago: BusinessCalendar = { timezone: 'America/Chicago', workdays: [1, 2, 3, 4, 5], holidays: [] };

describe('addOffset', () => {
  const table: [string, string, string, boolean, BusinessCalendar, string][] = [
    ['two business days from a Monday', '2026-03-02T09:00:00Z', 'P2D', true, berlin, '2026-03-04T09:00:00.000Z'],
    ['two business days from a Friday skip the weekend', '2026-03-06T13:00:00Z', 'P2D', true, berlin, '2026-03-10T13:00:00.000Z'],
    ['Good Friday and Easter Monday are skipped', '2026-04-02T08:00:00Z', 'P1D', true, berlin, '2026-04-07T08:00:00.000Z'],
    ['calendar days ignore the weekend', '2026-03-06T13:00:00Z', 'P2D', false, berlin, '2026-03-08T13:00:00.000Z'],
    ['a business week is five working days', '2026-03-02T09:00:00Z', 'P1W', true, berlin, '2026-03-09T09:00:00.000Z'],
    ['hours are clock time', '2026-03-02T09:00:00Z', 'PT4H', true, berlin, '2026-03-02T13:00:00.000Z'],
    ['P0D is the start itself', '2026-03-07T09:00:00Z', 'P0D', true, berlin, '2026-03-07T09:00:00.000Z'],
    // 2026-03-08 is the US DST change: local 08:00 stays 08:00 (13:00Z before, 14:00Z → 13:00Z after).
    ['the local hour survives a DST change', '2026-03-06T14:00:00Z', 'P2D', true, chicago, '2026-03-10T13:00:00.000Z'],
    // Working hours 08:00–17:00 in Berlin (UTC+1 in March): a working-day due time falls inside them.
    [
      'an event at 03:37 + P1D is due at the next working day’s opening',
      '2026-03-02T02:37:00Z',
      'P1D',
      true,
      berlinHours,
      '2026-03-03T07:00:00.000Z',
    ],
    [
      'an event at 21:00 + P1D is due at the next working day’s closing',
      '2026-03-02T20:00:00Z',
      'P1D',
      true,
      berlinHours,
      '2026-03-03T16:00:00.000Z',
    ],
    ['an event inside the hours keeps its time', '2026-03-02T09:00:00Z', 'P2D', true, berlinHours, '2026-03-04T09:00:00.000Z'],
    ['closing time itself is inside', '2026-03-06T16:00:00Z', 'P1D', true, berlinHours, '2026-03-09T16:00:00.000Z'],
    [
      'the time part is added after: 03:37 + P1DT2H is 10:00',
      '2026-03-02T02:37:00Z',
      'P1DT2H',
      true,
      berlinHours,
      '2026-03-03T09:00:00.000Z',
    ],
    [
      'hours alone are clock time, outside working hours too',
      '2026-03-02T15:00:00Z',
      'PT4H',
      true,
      berlinHours,
      '2026-03-02T19:00:00.000Z',
    ],
    ['calendar days ignore working hours', '2026-03-02T02:37:00Z', 'P1D', false, berlinHours, '2026-03-03T02:37:00.000Z'],
    ['fourteen business days span three weekends', '2026-03-02T09:00:00Z', 'P14D', true, berlin, '2026-03-20T09:00:00.000Z'],
  ];
  it.each(table)('%s', (_name, start, offset, business, cal, expected) => {
    expect(addOffset(new Date(start), offset, business, cal).toISOString()).toBe(expected);
  });

  it('refuses a calendar without working days instead of looping', () => {
    expect(() => addOffset(new Date('2026-03-02T09:00:00Z'), 'P1D', true, { timezone: 'UTC', workdays: [], holidays: [] })).toThrow(
      /no working days/,
    );
  });
});

describe('dayAndWeekBounds', () => {
  it('gives the local day and the end of the local week', () => {
    const b = dayAndWeekBounds(new Date('2026-03-04T03:00:00Z'), 'America/Chicago');
    expect(b.dayStart.toISOString()).toBe('2026-03-03T06:00:00.000Z');
    expect(b.dayEnd.toISOString()).toBe('2026-03-04T06:00:00.000Z');
    expect(b.weekEnd.toISOString()).toBe('2026-03-09T05:00:00.000Z');
  });
});

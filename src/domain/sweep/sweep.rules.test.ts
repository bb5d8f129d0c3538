import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { StageDays } from '../../../contract/settings.js';
import {
  businessDaysBetween,
  daySubjectId,
  episodeOccurredAt,
  lateRiskReasons,
  lateRiskSince,
  neglectedSince,
  remainingStageDays,
  rhythmOverdueSince,
  shiftBusinessDays,
  type LateRiskFacts,
} from './sweep.rules.js';

// 2026-03-02 is a Monday. Monday–Friday, with Wednesday 2026-03-04 a holiday in some cases.
const cal = { workdays: [1, 2, 3, 4, 5], holidays: [] as string[] };
const withHoliday = { ...cal, holidays: ['2026-03-04'] };
const stages: StageDays = { received: 1, data_review: 2, in_production: 10, inspection: 2, ready_to_ship: 1 };

describe('working days', () => {
  it.each([
    ['2026-03-02', '2026-03-02', cal, 0],
    ['2026-03-02', '2026-03-03', cal, 1],
    ['2026-03-06', '2026-03-09', cal, 1], // Friday → Monday: Saturday and Sunday do not count
    ['2026-03-02', '2026-03-09', cal, 5],
    ['2026-03-02', '2026-03-09', withHoliday, 4],
    ['2026-03-09', '2026-03-02', cal, 0],
  ] as const)('from %s to %s are %i working days', (from, to, c, n) => {
    expect(businessDaysBetween(from, to, c)).toBe(n);
  });

  it.each([
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-05', 1, '2026-03-06'],
    ['2026-03-06', 1, '2026-03-09'],
    ['2026-03-09', -1, '2026-03-06'],
    ['2026-03-02', 16, '2026-03-24'],
  ] as const)('%s shifted by %i working days is %s', (date, n, expected) => {
    expect(shiftBusinessDays(date, n, cal)).toBe(expected);
  });

  it('refuses a calendar without working days instead of looping', () => {
    expect(() => shiftBusinessDays('2026-03-02', 1, { workdays: [], holidays: [] })).toThrow(/no working days/);
  });
});

describe('remainingStageDays', () => {
  it.each([
    ['received', 0, 16],
    ['received', 1, 15],
    ['in_production', 4, 9], // 10 − 4 of this stage, then inspection 2 and ready 1
    ['in_production', 25, 3], // overstaying a stage is not credited to the next ones
    ['ready_to_ship', 0, 1],
    ['ready_to_ship', 3, 0],
    ['shipped', 0, 0],
  ] as const)('an order in %s after %i working days there needs %i more', (status, spent, expected) => {
    expect(remainingStageDays(status, stages, spent)).toBe(expected);
  });
});

describe('lateRiskReasons on 2026-03-02', () => {
  const base: LateRiskFacts = { status: 'received', promisedDate: '2026-06-30', expectedShipDate: null, stageEnteredOn: '2026-03-02' };
  it.each([
    ['plenty of time, no estimate', {}, []],
    ['no promised date: nothing to be late for', { promisedDate: null, expectedShipDate: '2026-12-01' }, []],
    ['an estimate after the promised date', { expectedShipDate: '2026-07-01' }, ['expected_after_promised']],
    ['an estimate on the promised date is fine', { expectedShipDate: '2026-06-30' }, []],
    ['received today, 16 working days needed, promised in exactly 16', { promisedDate: '2026-03-24' }, []],
    ['received today, promised in 15 working days', { promisedDate: '2026-03-23' }, ['stage_times']],
    ['a promised date already past', { status: 'ready_to_ship', promisedDate: '2026-03-01' }, ['stage_times']],
    ['ready to ship on its promised day, one day typical', { status: 'ready_to_ship', promisedDate: '2026-03-02' }, ['stage_times']],
    [
      'ready to ship for a day already, promised today',
      { status: 'ready_to_ship', promisedDate: '2026-03-02', stageEnteredOn: '2026-02-27' },
      [],
    ],
    ['both reasons at once', { promisedDate: '2026-03-03', expectedShipDate: '2026-03-20' }, ['expected_after_promised', 'stage_times']],
    ['a shipped order is never at risk', { status: 'shipped', promisedDate: '2026-01-01', expectedShipDate: '2026-02-01' }, []],
    ['a cancelled order is never at risk', { status: 'cancelled', promisedDate: '2026-01-01' }, []],
  ] as const)('%s', (_name, facts, expected) => {
    expect(lateRiskReasons({ ...base, ...facts }, '2026-03-02', stages, cal)).toEqual(expected);
  });

  it('counts holidays as non-working days', () => {
    const facts = { ...base, status: 'inspection', promisedDate: '2026-03-05' }; // needs 3 working days
    expect(lateRiskReasons(facts, '2026-03-02', stages, cal)).toEqual([]);
    expect(lateRiskReasons(facts, '2026-03-02', stages, withHoliday)).toEqual(['stage_times']);
  });
});

describe('when an episode began', () => {
  it('late risk by stage times began the first day the remaining stages no longer fitted', () => {
    // In production since 2026-02-03, promised 2026-03-04: 3 working days are left after the stage's
    // 10, and only 2 remain from Monday 2026-03-02 — the Friday before, 3 still fitted.
    const facts: LateRiskFacts = {
      status: 'in_production',
      promisedDate: '2026-03-04',
      expectedShipDate: null,
      stageEnteredOn: '2026-02-03',
    };
    expect(lateRiskSince(facts, ['stage_times'], '2026-03-10', stages, cal)).toBe('2026-03-02');
    // Behind from the day it entered the stage.
    expect(lateRiskSince({ ...facts, promisedDate: '2026-02-10' }, ['stage_times'], '2026-03-10', stages, cal)).toBe('2026-02-03');
  });

  it('an estimate after the promised date begins on the sweep day (its history is not kept)', () => {
    const facts: LateRiskFacts = {
      status: 'received',
      promisedDate: '2026-06-30',
      expectedShipDate: '2026-07-01',
      stageEnteredOn: '2026-01-01',
    };
    expect(lateRiskSince(facts, ['expected_after_promised'], '2026-03-02', stages, cal)).toBe('2026-03-02');
  });

  it.each([
    ['2025-08-01', 180, '2026-01-29'],
    ['2026-01-01', 30, '2026-02-01'],
  ] as const)('a customer whose last order was on %s is neglected (%i days) from %s', (last, days, since) => {
    expect(neglectedSince(last, days)).toBe(since);
  });

  it.each([
    ['2026-02-04', 7, 2, '2026-02-19'],
    ['2026-02-04', 2.5, 2, '2026-02-10'],
    ['2026-02-04', 0, 2, '2026-02-05'],
    ['2026-02-04', 10, 1.5, '2026-02-20'],
  ] as const)('last order %s, median gap %s, factor %s: overdue from %s', (last, median, factor, since) => {
    expect(rhythmOverdueSince(last, median, factor)).toBe(since);
  });

  it('dates an episode at the start of its first day in the subject timezone', () => {
    expect(episodeOccurredAt('2026-01-29', 'UTC').toISOString()).toBe('2026-01-29T00:00:00.000Z');
    expect(episodeOccurredAt('2026-01-29', 'Europe/Berlin').toISOString()).toBe('2026-01-28T23:00:00.000Z');
  });

  it.each([
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'America/Santiago',
    'Asia/Beirut',
    'Pacific/Kiritimati',
    'Asia/Kolkata',
    'America/Havana',
    'Australia/Lord_Howe',
  ])('agrees with luxon on every day of 2026 in %s, DST changes at midnight included', (zone) => {
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      expect(episodeOccurredAt(date, zone).toISOString(), date).toBe(DateTime.fromISO(date, { zone }).startOf('day').toUTC().toISO());
    }
  });

  it('gives each day its own stable subject id', () => {
    expect(daySubjectId('2026-03-02')).toBe('00000000-0000-4000-8000-000020260302');
    expect(daySubjectId('2026-03-03')).not.toBe(daySubjectId('2026-03-02'));
  });
});

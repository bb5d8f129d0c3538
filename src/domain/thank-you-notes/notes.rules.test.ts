import { describe, expect, it } from 'vitest';
import { proposeFollowUp, streak, weekStart } from './notes.rules.js';

const WEEKDAYS = [1, 2, 3, 4, 5];

describe('a writer’s streak', () => {
  it.each([
    { name: 'counts working days in a row up to today', days: ['2026-12-02', '2026-12-03', '2026-12-04'], today: '2026-12-04', want: 3 },
    { name: 'keeps yesterday’s streak while today is not written yet', days: ['2026-12-02', '2026-12-03'], today: '2026-12-04', want: 2 },
    { name: 'a missed working day breaks it', days: ['2026-12-01', '2026-12-03', '2026-12-04'], today: '2026-12-04', want: 2 },
    { name: 'a weekend neither counts nor breaks it', days: ['2026-12-04', '2026-12-07'], today: '2026-12-07', want: 2 },
    { name: 'a note on a weekend counts', days: ['2026-12-04', '2026-12-05', '2026-12-07'], today: '2026-12-07', want: 3 },
    { name: 'no notes, no streak', days: [], today: '2026-12-07', want: 0 },
  ])('$name', ({ days, today, want }) => {
    expect(streak(new Set(days), today, WEEKDAYS)).toBe(want);
  });

  it('a holiday neither counts nor breaks it', () => {
    expect(streak(new Set(['2026-12-23', '2026-12-28']), '2026-12-28', WEEKDAYS, ['2026-12-24', '2026-12-25'])).toBe(2);
  });
});

describe('the follow-up proposed after a reply', () => {
  it('proposes a task for the next day after a reply or a call back', () => {
    expect(proposeFollowUp({ outcome: 'replied', followUpTaskId: null, recipientName: 'Acme', outcomeOn: '2026-12-04' })).toEqual({
      title: 'Follow up with Acme on their answer to your thank-you note',
      dueOn: '2026-12-05',
    });
    expect(
      proposeFollowUp({ outcome: 'called_back', followUpTaskId: null, recipientName: 'Acme', outcomeOn: '2026-12-04' }),
    ).not.toBeNull();
  });

  it('proposes nothing without a reply, or once a follow-up exists', () => {
    expect(proposeFollowUp({ outcome: 'none', followUpTaskId: null, recipientName: 'Acme', outcomeOn: null })).toBeNull();
    expect(proposeFollowUp({ outcome: 'order_placed', followUpTaskId: null, recipientName: 'Acme', outcomeOn: '2026-12-04' })).toBeNull();
    expect(
      proposeFollowUp({
        outcome: 'replied',
        followUpTaskId: '00000000-0000-4000-8000-000000000000',
        recipientName: 'Acme',
        outcomeOn: '2026-12-04',
      }),
    ).toBeNull();
  });
});

it('a week starts on Monday', () => {
  expect(weekStart('2026-12-06')).toBe('2026-11-30');
  expect(weekStart('2026-12-07')).toBe('2026-12-07');
});

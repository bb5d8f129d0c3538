import { describe, expect, it } from 'vitest';
import { invitationIcs, invitationUid, startsInWords } from './invitation.rules.js';

describe('calendar invitations', () => {
  const base = {
    taskId: '7d1f6c2e-0000-4000-8000-000000000001',
    sequence: 0,
    start: new Date('2026-03-03T15:00:00Z'),
    minutes: 30,
    title: 'Kickoff meeting',
    description: 'Get operations, quality, engineering and sales in one room.',
    organizer: { name: 'Rita Sales', email: 'rita@shop.test' },
    attendees: [{ name: 'Rita Sales', email: 'rita@shop.test' }],
    now: new Date('2026-03-02T14:00:00Z'),
  };
  const lines = (ics: string) => ics.split('\r\n');

  it('is a METHOD:REQUEST event with a UID from the task, its SEQUENCE, the start in UTC and the duration', () => {
    const ics = lines(invitationIcs(base));
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${invitationUid(base.taskId)}`);
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain('DTSTART:20260303T150000Z');
    expect(ics).toContain('DURATION:PT30M');
    expect(ics.some((l) => l.startsWith('ORGANIZER;CN="Rita Sales":MAILTO:rita@shop.test'))).toBe(true);
  });

  it('a changed invitation keeps its UID with the next SEQUENCE', () => {
    const first = lines(invitationIcs(base));
    const again = lines(invitationIcs({ ...base, sequence: 1, start: new Date('2026-03-04T15:00:00Z') }));
    expect(again.find((l) => l.startsWith('UID:'))).toBe(first.find((l) => l.startsWith('UID:')));
    expect(again).toContain('SEQUENCE:1');
    expect(again).toContain('DTSTART:20260304T150000Z');
  });

  it('says when in the account’s timezone, summer time included', () => {
    expect(startsInWords(new Date('2026-03-03T15:00:00Z'), 'America/Chicago')).toBe('Tuesday 3 March 2026, 09:00 (America/Chicago)');
    expect(startsInWords(new Date('2026-07-07T15:00:00Z'), 'America/Chicago')).toBe('Tuesday 7 July 2026, 10:00 (America/Chicago)');
    expect(startsInWords(new Date('2026-03-03T15:00:00Z'), 'Europe/Berlin')).toBe('Tuesday 3 March 2026, 16:00 (Europe/Berlin)');
  });
});

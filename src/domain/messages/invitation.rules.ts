// A calendar invitation as iCalendar (RFC 5545), written by the `ics` library — never by hand
// (docs/invitations.md). Pure: no database, no clock.
import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';

export interface InvitationEvent {
  /** The playbook step's task id: the event's UID derives from it, so every update is the same event. */
  taskId: string;
  /** 0 at first; one more at each change (RFC 5545 SEQUENCE), so a calendar replaces the event. */
  sequence: number;
  start: Date;
  minutes: number;
  title: string;
  description: string;
  organizer: { name: string; email: string };
  attendees: { name: string; email: string }[];
  /** When it was written (DTSTAMP). */
  now: Date;
  /** CANCEL: the event is off (the step was skipped, or went to someone else); REQUEST by default. */
  method?: 'REQUEST' | 'CANCEL';
}

/** The UID of a step's invitation: the same for every version and every recipient. */
export const invitationUid = (taskId: string) => `task-${taskId}@rapport`;

/**
 * The .ics of a METHOD:REQUEST invitation, or of its METHOD:CANCEL (STATUS:CANCELLED, same UID, a
 * higher SEQUENCE), which removes the event from the recipient's calendar. DTSTART is the exact moment in UTC (the library writes
 * no TZID): a calendar shows it in its owner's timezone; the mail gives it in the account's.
 */
export function invitationIcs(e: InvitationEvent): string {
  // DTSTAMP from the caller's clock: the library's schema takes `timestamp`, its typings miss it.
  const attributes: EventAttributes & { timestamp: number } = {
    productId: 'rapport',
    method: e.method ?? 'REQUEST',
    uid: invitationUid(e.taskId),
    sequence: e.sequence,
    timestamp: e.now.getTime(),
    start: e.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: e.minutes },
    title: e.title,
    description: e.description,
    status: e.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: e.organizer,
    attendees: e.attendees.map((a) => ({ ...a, rsvp: true, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' })),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw error ?? new Error('the calendar invitation could not be written');
  return value;
}

/** "Tuesday 3 March 2026, 09:00 (America/Chicago)": when, in the account's timezone. */
export function startsInWords(start: Date, zone: string): string {
  return `${DateTime.fromJSDate(start, { zone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})`;
}

/** The iTIP method of an .ics (REQUEST or CANCEL), for the mail's text/calendar part. */
export function calendarMethodOf(ics: string): 'REQUEST' | 'CANCEL' {
  return /^METHOD:CANCEL\s*$/m.test(ics) ? 'CANCEL' : 'REQUEST';
}

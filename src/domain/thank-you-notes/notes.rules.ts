// The pure rules of thank-you notes (docs/thank-you-notes.md): the words a suggestion starts from,
// the follow-up proposed after a reply, a writer's streak and the week's first day. No database, no clock.
import { DateTime } from 'luxon';
import { REPLY_OUTCOMES, type NoteFollowUp, type NoteOutcome, type NoteSuggestionReason } from '../../../contract/thank-you-notes.js';

/** A start for the words; the writer makes them their own. */
export function noteTemplate(reason: NoteSuggestionReason, name: string, firstName: string | null): string {
  const hello = firstName ?? name;
  switch (reason) {
    case 'neglected':
    case 'rhythm_overdue':
      return `Dear ${hello},\n\nthank you for the business you have given us. We have missed working with you — if there is anything we can do better, or anything coming up we can help with, I would like to hear it.`;
    case 'supplier_helped':
      return `Dear ${hello},\n\nthank you for your help lately. It made a difference for our customer, and we noticed.`;
    case 'colleague_helped':
      return `${hello},\n\nthank you for taking care of this for our customer. It made my day easier.`;
  }
}

/** After a reply or a call back, and while no follow-up exists: a task for the writer, due the next day. */
export function proposeFollowUp(note: {
  outcome: NoteOutcome;
  followUpTaskId: string | null;
  recipientName: string;
  outcomeOn: string | null;
}): NoteFollowUp | null {
  if (!REPLY_OUTCOMES.includes(note.outcome) || note.followUpTaskId || !note.outcomeOn) return null;
  return {
    title: `Follow up with ${note.recipientName} on their answer to your thank-you note`,
    dueOn: DateTime.fromISO(note.outcomeOn).plus({ days: 1 }).toISODate()!,
  };
}

/** Monday of the week of `day` (YYYY-MM-DD). */
export function weekStart(day: string): string {
  return DateTime.fromISO(day).startOf('week').toISODate()!;
}

/**
 * Working days in a row with at least one note, counted back from `today`. Today without a note
 * yet does not break the streak (the day is not over); a day that is not a working day neither
 * counts nor breaks it.
 */
export function streak(
  daysWritten: ReadonlySet<string>,
  today: string,
  workdays: readonly number[],
  holidays: readonly string[] = [],
): number {
  const isWorkday = (d: DateTime) => workdays.includes(d.weekday) && !holidays.includes(d.toISODate()!);
  let day = DateTime.fromISO(today);
  let n = 0;
  if (!daysWritten.has(today)) day = day.minus({ days: 1 });
  for (let guard = 0; guard < 3660; guard += 1, day = day.minus({ days: 1 })) {
    const iso = day.toISODate()!;
    if (daysWritten.has(iso)) n += 1;
    else if (isWorkday(day)) break;
  }
  return n;
}

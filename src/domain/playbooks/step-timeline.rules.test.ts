import { describe, expect, it } from 'vitest';
import { stepTimelineEntry, type StepTimelineEntry, type StepWork } from './step-timeline.rules.js';

describe('stepTimelineEntry', () => {
  const call = { title: 'CSR introduction', kind: 'call' } as const;
  const checklist = { title: 'Data-package review', kind: 'checklist' } as const;
  const signoff = { title: 'Double inspection', kind: 'signoff' } as const;
  const table: [string, { title: string; kind: 'call' | 'checklist' | 'signoff' | 'meeting' }, StepWork, StepTimelineEntry | null][] = [
    [
      'a call with its outcome and note',
      call,
      { callOutcome: 'reached', note: 'Weekly updates on Fridays' },
      { kind: 'call', subject: 'CSR introduction', body: 'Reached them — Weekly updates on Fridays' },
    ],
    [
      'a quote call says where the quote stands',
      { title: 'Follow up on the quote', kind: 'call' },
      { callOutcome: 'reached', quoteOutcome: 'going_ahead' },
      { kind: 'call', subject: 'Follow up on the quote', body: 'Reached them, quote: going ahead' },
    ],
    ['a call without an answer', call, { callOutcome: 'no_answer' }, { kind: 'call', subject: 'CSR introduction', body: 'No answer' }],
    [
      'a meeting with a note',
      { title: 'Kickoff meeting', kind: 'meeting' },
      { note: 'All four departments came' },
      { kind: 'meeting', subject: 'Kickoff meeting', body: 'All four departments came' },
    ],
    [
      'any other step with a note is a note',
      checklist,
      { note: 'All there' },
      { kind: 'note', subject: 'Data-package review', body: 'All there' },
    ],
    ['a bare checklist leaves nothing', checklist, {}, null],
    [
      'a sign-off names the roles signed with',
      signoff,
      { signedOffAs: ['quality_manager'], note: 'Both lots fine' },
      { kind: 'note', subject: 'Double inspection — signed off', body: 'Signed off as quality manager — Both lots fine' },
    ],
    [
      'data found incomplete says what was asked for',
      checklist,
      { askedFor: 'drawing rev C', note: 'Promised by Friday' },
      { kind: 'note', subject: 'Data-package review — incomplete', body: 'Asked the customer for drawing rev C — Promised by Friday' },
    ],
  ];
  it.each(table)('%s', (_name, task, work, expected) => {
    expect(stepTimelineEntry(task, work)).toEqual(expected);
  });
});

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import type { Signoff, Task } from '../../../../contract/tasks';
// The server's "today" in the organisation's timezone (its `due` filter): My day must agree with it.
import { dayAndWeekBounds } from '../../../../src/domain/shared/calendar.rules';
import { dueGroup, dueLabel, groupTasks, howLate, needsEvidenceForm, signoffState, stepMessageLine, type DueGroup } from './model';

const browserZone = process.env['TZ'];
afterAll(() => {
  if (browserZone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = browserZone;
});

/** Runs `fn` as a browser set to `zone` would: Node reads TZ for Date and Intl alike. */
function inBrowserZone<T>(zone: string, fn: () => T): T {
  process.env['TZ'] = zone;
  return fn();
}

const task = (dueAt: string | null, isOverdue = false) => ({ dueAt, isOverdue });

describe('dueGroup: My day counts days in the organisation’s timezone, whatever the browser’s', () => {
  // Monday 7 December 2026, 22:30 in New York = Tuesday 12:30 in Tokyo = Monday 19:30 in Los Angeles.
  const now = new Date('2026-12-07T22:30:00-05:00');
  const org = 'America/New_York';
  const table: [string, { dueAt: string | null; isOverdue: boolean }, DueGroup][] = [
    ['due later tonight is today', task('2026-12-07T23:30:00-05:00'), 'today'],
    // The bug: Tokyo's "today" (Tuesday) took in New York's Tuesday morning.
    ['due tomorrow morning is this week, not today', task('2026-12-08T09:00:00-05:00'), 'week'],
    // The bug the other way: Los Angeles's Monday evening is New York's Tuesday.
    ['due just after midnight is tomorrow, this week', task('2026-12-08T01:00:00-05:00'), 'week'],
    ['due in six days, late on Sunday, is this week', task('2026-12-13T23:59:00-05:00'), 'week'],
    ['due a week on, next Monday after midnight, is later', task('2026-12-14T00:30:00-05:00'), 'later'],
    ['due an hour ago is overdue', task('2026-12-07T21:30:00-05:00'), 'overdue'],
    ['flagged overdue by the server is overdue even if due later', task('2026-12-09T09:00:00-05:00', true), 'overdue'],
    ['without a due date it is later', task(null), 'later'],
  ];
  for (const browser of ['Asia/Tokyo', 'America/Los_Angeles', 'UTC', org]) {
    describe(`in a browser set to ${browser}`, () => {
      it.each(table)('%s', (_name, t, expected) => {
        expect(inBrowserZone(browser, () => dueGroup(t, now, org))).toBe(expected);
      });
    });
  }

  it('counts the night the clocks change as one day (Berlin, 29 March 2026)', () => {
    const night = new Date('2026-03-29T00:30:00+01:00');
    expect(dueGroup(task('2026-03-29T23:30:00+02:00'), night, 'Europe/Berlin')).toBe('today');
    expect(dueGroup(task('2026-03-30T00:30:00+02:00'), night, 'Europe/Berlin')).toBe('week');
    expect(dueGroup(task('2026-04-04T23:30:00+02:00'), night, 'Europe/Berlin')).toBe('week');
    expect(dueGroup(task('2026-04-05T00:30:00+02:00'), night, 'Europe/Berlin')).toBe('later');
  });

  it('agrees with the server’s "today" for any moment, zone and browser; this week is the six days after', () => {
    const zones = ['America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'Pacific/Auckland', 'America/St_Johns', 'Asia/Kolkata', 'UTC'];
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 * 365 * 86400 }),
        fc.integer({ min: 0, max: 20 * 86400 }),
        fc.constantFrom(...zones),
        fc.constantFrom(...zones),
        (nowSeconds, aheadSeconds, zone, browser) => {
          const now = new Date(start + nowSeconds * 1000);
          const due = new Date(now.getTime() + aheadSeconds * 1000);
          const { dayEnd } = dayAndWeekBounds(now, zone);
          const weekEnd = DateTime.fromJSDate(dayEnd, { zone }).plus({ days: 6 }).toJSDate();
          const server: DueGroup = due < dayEnd ? 'today' : due < weekEnd ? 'week' : 'later';
          expect(inBrowserZone(browser, () => dueGroup(task(due.toISOString()), now, zone))).toBe(server);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('groupTasks', () => {
  it('puts each task in its group, soonest first, undated last', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const t = (id: string, dueAt: string | null) => ({ id, dueAt, isOverdue: false }) as Task;
    const groups = groupTasks(
      [t('later', null), t('week', '2026-12-09T10:00:00Z'), t('today', '2026-12-07T15:00:00Z'), t('late', '2026-12-06T10:00:00Z')],
      now,
      'UTC',
    );
    expect(Object.fromEntries(Object.entries(groups).map(([g, ts]) => [g, ts.map((x) => x.id)]))).toEqual({
      overdue: ['late'],
      today: ['today'],
      week: ['week'],
      later: ['later'],
    });
  });
});

describe('dueLabel', () => {
  const now = new Date('2026-12-07T22:30:00-05:00');
  const org = 'America/New_York';
  const label = (dueAt: string | null, browser = org) => inBrowserZone(browser, () => dueLabel(dueAt, now, org));

  it.each([
    ['later tonight', '2026-12-07T23:30:00-05:00', /^due today, /],
    ['tomorrow in New York, though still today in Tokyo', '2026-12-08T09:00:00-05:00', /^due tomorrow, /],
    ['on Thursday', '2026-12-10T09:00:00-05:00', /^due Thursday$/],
    ['a week on, by its date', '2026-12-14T09:00:00-05:00', /^due Dec 14, 2026$/],
    ['past', '2026-12-07T20:00:00-05:00', /^2 hours late$/],
  ])('says a task due %s in the organisation’s days', (_name, dueAt, expected) => {
    expect(label(dueAt, 'Asia/Tokyo')).toMatch(expected);
  });

  it('names the timezone of the time only when it is not the viewer’s', () => {
    expect(label('2026-12-07T23:30:00-05:00', 'Asia/Tokyo')).toMatch(/11:30\sPM EST$/);
    expect(label('2026-12-07T23:30:00-05:00', org)).toMatch(/11:30\sPM$/);
  });

  it('says when there is no due date', () => {
    expect(label(null)).toBe('no due date');
  });
});

describe('howLate', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it.each([
    ['2026-12-07T11:30:00Z', 'just late'],
    ['2026-12-07T11:00:00Z', '1 hour late'],
    ['2026-12-07T07:00:00Z', '5 hours late'],
    ['2026-12-06T12:00:00Z', '1 day late'],
    ['2026-12-04T11:00:00Z', '3 days late'],
  ])('due %s is %s', (dueAt, expected) => {
    expect(howLate(dueAt, now)).toBe(expected);
  });
});

describe('needsEvidenceForm', () => {
  it.each([
    [null, false],
    [{}, false],
    [{ signoffs: { count: 2, roles: ['quality' as const] } }, false],
    [{ note: true }, true],
    [{ callOutcome: true }, true],
    [{ form: 'after_yes' as const }, true],
    [{ checklist: ['Drawings attached'] }, true],
    [{ checklist: [] }, false],
  ])('%j needs a form: %s', (evidence, expected) => {
    expect(needsEvidenceForm(evidence)).toBe(expected);
  });
});

describe('signoffState: whose signature is missing, and whether you may sign', () => {
  const quinn = { id: 'u-quinn', roles: ['quality'] };
  const maya = { id: 'u-maya', roles: ['quality_manager'] };
  const otto = { id: 'u-otto', roles: ['quality'] };
  const sam = { id: 'u-sam', roles: ['sales'] };
  const signed = (u: { id: string; roles: string[] }): Signoff => ({
    user: { id: u.id, name: u.id },
    roles: u.roles,
    note: null,
    signedAt: '2026-12-07T10:00:00Z',
  });
  // Double inspection (P1.8): two distinct signers from quality, one of them the quality manager.
  const doubleInspection = (signoffs: Signoff[], status: Task['status'] = 'open') => ({
    evidence: { signoffs: { count: 2, roles: ['quality' as const, 'quality_manager' as const], mustInclude: 'quality_manager' as const } },
    signoffs,
    status,
  });

  it.each([
    ['nobody has signed', doubleInspection([]), quinn, "2 signatures needed, one of them the quality manager's", null],
    [
      'an inspector signed; another inspector may not give the last one',
      doubleInspection([signed(quinn)]),
      otto,
      "quality manager's signature missing",
      "The last signature must be the quality manager's.",
    ],
    ['an inspector signed; the quality manager may', doubleInspection([signed(quinn)]), maya, "quality manager's signature missing", null],
    [
      'the quality manager signed; an inspector completes it',
      doubleInspection([signed(maya)]),
      otto,
      '1 of 2 signed, 1 more from Quality or Quality manager',
      null,
    ],
    [
      'a role that does not sign',
      doubleInspection([]),
      sam,
      "2 signatures needed, one of them the quality manager's",
      'Only Quality or Quality manager can sign this.',
    ],
    ['both have signed', doubleInspection([signed(quinn), signed(maya)]), otto, null, 'All signatures are in.'],
    ['the step is done', doubleInspection([signed(quinn), signed(maya)], 'done'), otto, null, 'This step is done.'],
  ])('%s', (_name, t, user, missing, blockedReason) => {
    const state = signoffState(t, user);
    expect(state.missing).toBe(missing);
    expect(state.blockedReason).toBe(blockedReason);
    expect(state.label).toBe(missing ? `Sign off — ${missing}` : 'Signed off');
  });

  it('never lets the same person sign twice, and says why', () => {
    const state = signoffState(doubleInspection([signed(quinn)]), quinn);
    expect(state.blockedReason).toMatch(/^You signed this .*; the next signature must come from someone else\.$/);
  });
});

describe('stepMessageLine: what a message step says about its message', () => {
  const reason = 'held back: 2 updates already sent this week; its news goes with the next update';
  it.each([
    [
      'held back by the cadence guard',
      { status: 'done', outcome: { heldBack: { id: 'm1', to: 'jane@c.test', subject: 'S', reason } } },
      `Update to jane@c.test ${reason}.`,
    ],
    [
      'sent',
      { status: 'done', outcome: { message: { id: 'm1', to: 'jane@c.test', subject: 'Order 1: production started', sentAt: 'x' } } },
      'Sent to jane@c.test: “Order 1: production started”',
    ],
    ['waiting', { status: 'open', outcome: { waitingFor: 'Queued to jane@c.test.' } }, 'Queued to jane@c.test.'],
    ['a done step’s old wait is not shown', { status: 'done', outcome: { waitingFor: 'Queued.' } }, null],
    ['nothing', { status: 'open', outcome: null }, null],
  ] as const)('%s', (_, task, expected) => {
    expect(stepMessageLine(task as unknown as Pick<Task, 'status' | 'outcome'>)).toBe(expected);
  });
});

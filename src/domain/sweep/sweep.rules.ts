// The daily sweep's rules (docs/domain.md §4): late risk by stage times, and the day each episode began.
// Pure: "today", the calendar and the settings are passed in. sweep-sql.ts selects the same orders
// and accounts set-based; test/integration/sweep.test.ts checks that the two agree.
import { DateTime } from 'luxon';
import { STAGE_KEYS, type StageDays } from '../../../contract/settings.js';

export interface WorkCalendar {
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** Calendar dates (YYYY-MM-DD) that are not working days. */
  holidays: readonly string[];
}

const DAY_MS = 86_400_000;
/** Calendar dates as whole days since 1970-01-01: plain integer maths, no date library per day (the sweep runs this for every open order). */
const toDay = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const fromDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday (1 = Monday … 7 = Sunday); 1970-01-01 was a Thursday. */
const weekdayOf = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;
/** A calendar with no working day at all must not loop forever (ten years of days). */
const GUARD = 3660;

const holidaySets = new WeakMap<readonly string[], Set<number>>();
function isWorkdayNumber(n: number, cal: WorkCalendar): boolean {
  let holidays = holidaySets.get(cal.holidays);
  if (!holidays) holidaySets.set(cal.holidays, (holidays = new Set(cal.holidays.map(toDay))));
  return cal.workdays.includes(weekdayOf(n)) && !holidays.has(n);
}

export function isWorkday(date: string, cal: WorkCalendar): boolean {
  return isWorkdayNumber(toDay(date), cal);
}

/** `date` plus (or, negative, minus) `n` calendar days. */
export function addDays(date: string, n: number): string {
  return fromDay(toDay(date) + n);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string): number => toDay(to) - toDay(from);

/** Working days d with from < d ≤ to; 0 when to ≤ from. */
export function businessDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  let n = 0;
  for (let d = toDay(from) + 1, end = toDay(to); d <= end; d++) if (isWorkdayNumber(d, cal)) n += 1;
  return n;
}

/** The date `n` working days after (n > 0) or before (n < 0) `date`; n = 0 is `date` itself. */
export function shiftBusinessDays(date: string, n: number, cal: WorkCalendar): string {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = toDay(date);
  for (let guard = 0; left > 0; guard++) {
    d += step;
    if (isWorkdayNumber(d, cal)) left -= 1;
    if (guard > GUARD) throw new Error('the business calendar has no working days');
  }
  return fromDay(d);
}

export function isOpenStage(status: string): status is (typeof STAGE_KEYS)[number] {
  return (STAGE_KEYS as readonly string[]).includes(status);
}

/**
 * Working days an order still needs before it can ship: what is left of its current stage's
 * typical time (less the working days already spent in that stage) plus the whole typical time
 * of every later stage up to ready_to_ship. Time spent beyond a stage's typical time is not
 * "credited" to later stages.
 */
export function remainingStageDays(status: string, stageDays: StageDays, spentInStage: number): number {
  const i = STAGE_KEYS.indexOf(status as (typeof STAGE_KEYS)[number]);
  if (i < 0) return 0;
  const later = STAGE_KEYS.slice(i + 1).reduce((sum, k) => sum + stageDays[k], 0);
  return Math.max(0, stageDays[STAGE_KEYS[i]!] - spentInStage) + later;
}

export interface LateRiskFacts {
  status: string;
  promisedDate: string | null;
  expectedShipDate: string | null;
  /** The date (account timezone) the order entered its current status: last change to it, else placed. */
  stageEnteredOn: string;
}

export type LateRiskReason = 'expected_after_promised' | 'stage_times';

/**
 * Whether, on `today`, the order's current status can no longer reach shipped by its promised
 * date: a promised date already past, or fewer working days left until it than the stages still
 * need. With the remaining-days arithmetic above this holds from some day on and stays true
 * (both sides shrink together while the stage is within its typical time), which lateRiskSince uses.
 */
export function isBehindStageTimes(facts: LateRiskFacts, today: string, stageDays: StageDays, cal: WorkCalendar): boolean {
  if (!isOpenStage(facts.status) || facts.promisedDate === null) return false;
  if (facts.promisedDate < today) return true;
  const entered = facts.stageEnteredOn < today ? facts.stageEnteredOn : today;
  const remaining = remainingStageDays(facts.status, stageDays, businessDaysBetween(entered, today, cal));
  return businessDaysBetween(today, facts.promisedDate, cal) < remaining;
}

/** Late risk (docs/domain.md §4) for an open order with a promised date: the reasons that hold today. */
export function lateRiskReasons(facts: LateRiskFacts, today: string, stageDays: StageDays, cal: WorkCalendar): LateRiskReason[] {
  if (!isOpenStage(facts.status) || facts.promisedDate === null) return [];
  const out: LateRiskReason[] = [];
  if (facts.expectedShipDate !== null && facts.expectedShipDate > facts.promisedDate) out.push('expected_after_promised');
  if (isBehindStageTimes(facts, today, stageDays, cal)) out.push('stage_times');
  return out;
}

/**
 * The first day the stage-times risk held, found by bisection between the day the order entered
 * its stage and today (the condition is monotone in the day, see isBehindStageTimes). The expected
 * date rule has no known start (the estimate's history is not kept), so it starts today.
 */
export function lateRiskSince(
  facts: LateRiskFacts,
  reasons: readonly LateRiskReason[],
  today: string,
  stageDays: StageDays,
  cal: WorkCalendar,
): string {
  if (!reasons.includes('stage_times')) return today;
  let lo = facts.stageEnteredOn < today ? facts.stageEnteredOn : today;
  if (isBehindStageTimes(facts, lo, stageDays, cal)) return lo;
  let hi = today; // behind on `hi`, not on `lo`
  while (daysFrom(lo, hi) > 1) {
    const mid = addDays(lo, Math.floor(daysFrom(lo, hi) / 2));
    if (isBehindStageTimes(facts, mid, stageDays, cal)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The first day a customer counts as neglected: more than neglectDays after its last order date. */
export function neglectedSince(lastOrderDate: string, neglectDays: number): string {
  return addDays(lastOrderDate, neglectDays + 1);
}

/** The first day the rhythm is overdue: days since the last order > factor × median gap. */
export function rhythmOverdueSince(lastOrderDate: string, medianGapDays: number, rhythmFactor: number): string {
  return addDays(lastOrderDate, Math.floor(rhythmFactor * medianGapDays) + 1);
}

/**
 * An episode's occurred_at: the start of the day it began, in the subject's timezone — never the
 * day the sweep noticed it. This is what keeps imported history quiet: a customer neglected since
 * 2023 gets one account.neglected event dated 2023, which the playbooks' horizon (14 days by
 * default) treats as history, so a first sweep after importing years of orders starts no
 * re-engage run for it, while one that crossed the line this week does.
 */
export function episodeOccurredAt(since: string, zone: string): Date {
  // Fast path with one cached Intl formatter per zone (luxon costs ~50 µs a call, and a first
  // sweep dates thousands of episodes); luxon decides when midnight sits next to an offset change.
  const midnightUtc = toDay(since) * DAY_MS;
  const offset = offsetMs(zone, midnightUtc);
  const start = midnightUtc - offset;
  const isClearOfChanges = offsetMs(zone, start - 3 * 3_600_000) === offset && offsetMs(zone, start + 3 * 3_600_000) === offset;
  if (isClearOfChanges) return new Date(start);
  return DateTime.fromISO(since, { zone }).startOf('day').toJSDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC at an instant, in ms (local wall time − UTC). */
function offsetMs(zone: string, instant: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day'], p['hour'], p['minute'], p['second']);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** schedule.daily has no business subject: a stable id per day, so the outbox row and runs are once per day. */
export function daySubjectId(date: string): string {
  return `00000000-0000-4000-8000-0000${date.replaceAll('-', '')}`;
}

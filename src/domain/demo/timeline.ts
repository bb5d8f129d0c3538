// Shared by the history generators. Time is counted in "stamps": minutes from today 00:00 in the
// organisation's timezone (negative = past). Only what happened before CUTOFF is history.
import { DateTime } from 'luxon';
import type { Role } from '../../../contract/common.js';
import type { ContactRole } from '../../../contract/accounts.js';
import type { OrderStatus } from '../../../contract/orders.js';
import type { DemoCalendar } from './calendar.js';
import type { DemoData, Rand } from './types.js';

export type PlanKind =
  'steady' | 'neglected' | 'slipping' | 'quiet_lately' | 'one_off' | 'second' | 'new_first' | 'quote_only' | 'prospect' | 'supplier';
export type StaffPools = Record<Exclude<Role, 'admin'>, string[]>;

export interface AccountPlan {
  id: string;
  kind: 'customer' | 'prospect' | 'supplier';
  plan: PlanKind;
  name: string;
  externalRef: string;
  location: { city: string; country: string; timezone: string };
  phone: string;
  tier: string | null;
  potential: number | null;
  acquisitionCost: number | null;
  team: { role: Role; userId: string }[];
  contacts: {
    id: string;
    name: string;
    email: string;
    phone: string;
    title: string;
    roleAtCustomer: ContactRole | 'other';
    isPrimary: boolean;
  }[];
  products: { sku: string; description: string; unitPrice: number }[];
}

export interface HistoryContext {
  r: Rand;
  cal: DemoCalendar;
  staff: StaffPools;
  data: DemoData;
  auditionMinSpend: number;
}

export const DAY = 1440;
/** Today 07:00: the moment the demo history stops. Orders placed today arrived overnight (EDI). */
export const CUTOFF = 7 * 60;

/**
 * When the sample company is made: `now`, unless it is before CUTOFF in `zone` — made at 00:20 it
 * would hold the work of the hours until 07:00, dated in the future. Then it is the company as it
 * stood at the end of yesterday: nothing in the future, whatever the hour (Europe's morning is the
 * night in Chicago).
 */
export function demoMoment(now: Date, zone: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  return local.hour * 60 + local.minute >= CUTOFF ? now : local.minus({ days: 1 }).endOf('day').toJSDate();
}
export const HISTORY_DAYS = 3 * 365;

export interface DraftOrder {
  id: string;
  plan: AccountPlan;
  placed: number;
  isFirst: boolean;
  isAudition: boolean;
  number: string;
  status: OrderStatus;
  /** Status changes that happened, in order. */
  stages: { status: OrderStatus; stamp: number; actorId: string | null; note: string | null }[];
  revised: { stamp: number; from: string; to: string } | null;
  deliveredStamp: number | null;
  row: DemoData['orders'][number];
}

export const dayOf = (stamp: number) => Math.floor(stamp / DAY);
export const minuteOf = (stamp: number) => ((stamp % DAY) + DAY) % DAY;
export const teamMember = (p: AccountPlan, role: Role): string | undefined => p.team.find((m) => m.role === role)?.userId;

/** The first workday on or after `d`, but never today or later (then the last workday before today). */
export function pastWorkday(cal: DemoCalendar, d: number): number {
  const w = cal.workdayOnOrAfter(Math.min(d, -1));
  return w < 0 ? w : cal.subtractWorkdays(0, 1);
}

export const at = (ctx: HistoryContext, stamp: number): Date => ctx.cal.at(dayOf(stamp), minuteOf(stamp));

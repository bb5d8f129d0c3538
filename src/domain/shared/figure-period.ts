// The period a figure counts over (docs/analytics.md): days in the organisation's timezone, as the
// data stood at the end of asOf. `to` never runs past asOf; no `from` means all time up to `to`.
import { sql, type SQL } from 'drizzle-orm';
import type { FigurePeriodQuery } from '../../../contract/common.js';
import { dateIn } from './time.js';

export interface FigurePeriod {
  asOf: string;
  from: string | null;
  to: string;
  /** The column's day (organisation's timezone) falls in the period. */
  inPeriod: (column: string) => SQL;
  /** The end of asOf, an instant: nothing at or after it counts. */
  end: SQL;
}

export function figurePeriod(now: Date, timezone: string, q: FigurePeriodQuery): FigurePeriod {
  const asOf = q.asOf ?? dateIn(now, timezone);
  const to = q.to && q.to < asOf ? q.to : asOf;
  const from = q.from ?? null;
  const day = (column: string) => sql`(${sql.raw(column)} at time zone ${timezone}::text)::date`;
  return {
    asOf,
    from,
    to,
    inPeriod: (column) => (from ? sql`${day(column)} between ${from}::date and ${to}::date` : sql`${day(column)} <= ${to}::date`),
    end: sql`((${asOf}::date + 1)::timestamp at time zone ${timezone}::text)`,
  };
}

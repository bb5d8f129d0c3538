// The view a figure is computed in: the as-of day, the period, the rep and the settings' thresholds.
import { eq } from 'drizzle-orm';
import type { AnalyticsQuery } from '../../../contract/analytics.js';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { getCachedSettings } from '../settings/index.js';
import { dateIn, invalid, type ReadContext } from '../shared/index.js';
import type { FigureScope } from './figures-sql.js';

/** asOf defaults to today in the organisation's timezone; the period to all time up to asOf. Throws analytics.unknown_rep. */
export async function resolveScope({ db, now }: ReadContext, query: AnalyticsQuery): Promise<FigureScope> {
  const settings = await getCachedSettings(db);
  const asOf = query.asOf ?? dateIn(now, settings.timezone);
  // The query schema checks from ≤ asOf when asOf is given; here the default asOf (today) too.
  if (query.from !== undefined && query.from > asOf)
    throw invalid('validation.invalid', [{ path: 'from', message: `is after asOf (${asOf}): nothing had happened in that period yet` }]);
  if (query.rep !== undefined) await assertUserExists(db, query.rep);
  return {
    asOf,
    from: query.from ?? null,
    to: query.to ?? asOf,
    repId: query.rep ?? null,
    orgTimezone: settings.timezone,
    currency: settings.currency,
    neglectDays: settings.neglectDays,
    rhythmFactor: settings.rhythmFactor,
  };
}

async function assertUserExists(db: Db, id: string): Promise<void> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
  // analytics.unknown_rep: the rep filter names no user.
  if (!row) throw invalid('analytics.unknown_rep', [{ path: 'rep', message: 'is not a user of Rapport' }]);
}

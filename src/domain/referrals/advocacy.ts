// Advocacy figures (docs/referrals.md "Figures"): testimonials asked in the period and usable at the
// end of asOf by the credit the customer chose; referrals asked and given in the period, and the
// accounts that pass the gate now. Days in the organisation's timezone.
import { sql } from 'drizzle-orm';
import type { AdvocacyFigures, AdvocacyQuery } from '../../../contract/referrals.js';
import { getCachedSettings } from '../settings/index.js';
import { figurePeriod, rowsOf, type ReadContext } from '../shared/index.js';
import { listEligibleAccounts } from './eligibility.js';

export async function getAdvocacyFigures(ctx: ReadContext, q: AdvocacyQuery): Promise<AdvocacyFigures> {
  const { db, now } = ctx;
  const { timezone } = await getCachedSettings(db);
  const { asOf, from, to, inPeriod, end } = figurePeriod(now, timezone, q);
  const [t] = await rowsOf<{ asked: number; full_name: number; initials: number; pseudonym: number }>(
    db,
    sql`
    select count(*) filter (where ${inPeriod('requested_at')})::int as asked,
           count(*) filter (where usable and credit = 'full_name')::int as full_name,
           count(*) filter (where usable and credit = 'initials')::int as initials,
           count(*) filter (where usable and credit = 'pseudonym')::int as pseudonym
      from (select requested_at, credit,
                   approved_at < ${end} and (withdrawn_at is null or withdrawn_at >= ${end}) as usable
              from testimonials) x`,
  );
  const [r] = await rowsOf<{ asked: number; given: number }>(
    db,
    sql`
    select count(*) filter (where ${inPeriod('requested_at')})::int as asked,
           count(*) filter (where given_at is not null and ${inPeriod('given_at')})::int as given
      from referral_requests`,
  );
  const usable = { full_name: t!.full_name, initials: t!.initials, pseudonym: t!.pseudonym };
  return {
    asOf,
    from,
    to,
    testimonials: { asked: t!.asked, usable: { ...usable, total: usable.full_name + usable.initials + usable.pseudonym } },
    referrals: { eligibleAccounts: (await listEligibleAccounts(ctx)).items.length, asked: r!.asked, given: r!.given },
  };
}

// The facts behind the referral gate (docs/referrals.md), set-based: each account's delivered
// orders, its last ones with their promise and ship day (in its timezone, else the organisation's),
// its problems not yet fixed and its latest detractor's answer.
import { sql } from 'drizzle-orm';
import type { ReferralEligibility, ReferralEvidence } from '../../../contract/referrals.js';
import type { Db } from '../../db/client.js';
import { getSettings, type SettingsRow } from '../settings/index.js';
import { dateIn, notFound, rowsOf, type ReadContext } from '../shared/index.js';
import { isOnTime, referralReasons, type ReferralPolicy } from './referral.rules.js';

export function referralPolicy(settings: SettingsRow, now: Date): ReferralPolicy {
  return {
    minOrders: settings.referralMinOrders,
    onTimeLast: settings.referralOnTimeLast,
    today: dateIn(now, settings.timezone),
    orgTimezone: settings.timezone,
  };
}

interface AccountFacts {
  name: string;
  evidence: ReferralEvidence;
}

/**
 * The evidence of the customer accounts that are not lost: these ids, or (ids null) every one with
 * at least `minOrders` orders — no account with fewer can pass.
 */
async function evidenceOf(db: Db, ids: string[] | null, policy: ReferralPolicy): Promise<Map<string, AccountFacts>> {
  const which = ids
    ? sql`a.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql`a.kind = 'customer' and not a.is_lost and a.order_count >= ${policy.minOrders}`;
  const accounts = await rowsOf<{ id: string; name: string; last_detractor_at: Date | string | null; open_problems: number }>(
    db,
    sql`select a.id, a.name, a.last_detractor_at,
               (select count(*)::int from problems p where p.account_id = a.id and p.status in ('open', 'fixing')) as open_problems
          from accounts a where ${which}`,
  );
  const facts = new Map<string, AccountFacts>();
  for (const a of accounts)
    facts.set(a.id, {
      name: a.name,
      evidence: {
        deliveredOrders: 0,
        lastOrders: [],
        openProblems: a.open_problems,
        lastDetractorAt: a.last_detractor_at === null ? null : new Date(a.last_detractor_at).toISOString(),
      },
    });
  if (facts.size === 0) return facts;
  const orders = await rowsOf<{ account_id: string; number: string; promised_date: string | null; shipped_on: string | null; n: number }>(
    db,
    sql`select account_id, number, promised_date::text as promised_date, shipped_on::text as shipped_on, n::int as n from (
          select o.account_id, o.number, o.promised_date,
                 (o.shipped_at at time zone coalesce(a.timezone, ${policy.orgTimezone}::text))::date as shipped_on,
                 row_number() over (partition by o.account_id order by o.delivered_at desc, o.number desc) as rn,
                 count(*) over (partition by o.account_id) as n
            from orders o join accounts a on a.id = o.account_id
           where o.delivered_at is not null and o.status in ('delivered', 'closed') and ${which}
        ) d where rn <= ${policy.onTimeLast} order by account_id, rn`,
  );
  for (const o of orders) {
    const f = facts.get(o.account_id);
    if (!f) continue;
    f.evidence.deliveredOrders = o.n;
    const last = { number: o.number, promisedDate: o.promised_date, shippedOn: o.shipped_on };
    f.evidence.lastOrders.push({ ...last, onTime: isOnTime(last) });
  }
  return facts;
}

/** One account's standing: may it be asked, and if not, why — each unmet condition. */
export async function getReferralEligibility({ db, now }: ReadContext, accountId: string): Promise<ReferralEligibility> {
  const policy = referralPolicy(await getSettings(db), now);
  const facts = (await evidenceOf(db, [accountId], policy)).get(accountId);
  // accounts.not_found: no account has this id.
  if (!facts) throw notFound('accounts.not_found', `No account has the id ${accountId}.`);
  const reasons = referralReasons(facts.evidence, policy);
  return { accountId, accountName: facts.name, eligible: reasons.length === 0, reasons, evidence: facts.evidence };
}

/** The accounts that may be asked for a referral now, with the evidence, by name. */
export async function listEligibleAccounts({
  db,
  now,
}: ReadContext): Promise<{ items: { accountId: string; accountName: string; evidence: ReferralEvidence }[] }> {
  const policy = referralPolicy(await getSettings(db), now);
  const facts = await evidenceOf(db, null, policy);
  const items = [...facts.entries()]
    .filter(([, f]) => referralReasons(f.evidence, policy).length === 0)
    .map(([accountId, f]) => ({ accountId, accountName: f.name, evidence: f.evidence }))
    .sort((a, b) => a.accountName.localeCompare(b.accountName));
  return { items };
}

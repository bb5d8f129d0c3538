// SQL mirror of deriveAccountStatus (account-status.rules.ts) for filtering lists in the database.
// NOTE: keep the two in step; test/integration/accounts.test.ts checks they agree for every status.
import { sql, type SQL } from 'drizzle-orm';
import type { AccountStatus } from '../../../contract/accounts.js';
import { accounts } from '../../db/schema/index.js';
import type { AccountStatusPolicy } from './account-status.rules.js';

/** The calendar date of the last order in the account's (else the organisation's) timezone. */
function lastOrderDateSql(orgTimezone: string): SQL {
  return sql`(${accounts.lastOrderAt} at time zone coalesce(${accounts.timezone}, ${orgTimezone}::text))::date`;
}

/** A CASE expression giving each account row its status. */
export function accountStatusSql(policy: AccountStatusPolicy): SQL<AccountStatus> {
  return sql<AccountStatus>`(case
    when ${accounts.isLost} then 'lost'
    when ${accounts.orderCount} = 0 then 'prospect'
    when ${isNeglectedSql(policy)} then 'dormant'
    when ${isRhythmOverdueSql(policy)} then 'at_risk'
    when ${accounts.orderCount} = 1 then 'new'
    else 'active' end)`;
}

/** Neglected (docs/domain.md §4): a customer whose last order is more than neglectDays before today. */
export function isNeglectedSql(policy: AccountStatusPolicy): SQL {
  return sql`(${accounts.kind} = 'customer' and ${accounts.lastOrderAt} is not null
    and ${lastOrderDateSql(policy.orgTimezone)} < ${policy.today}::date - ${policy.neglectDays}::int)`;
}

/**
 * Rhythm overdue (docs/domain.md §4) from the account row's median_gap_days. The product is taken in
 * float8 with the factor as JavaScript holds it, so SQL and isRhythmOverdue agree to the bit.
 */
export function isRhythmOverdueSql(policy: AccountStatusPolicy): SQL {
  return sql`(${accounts.kind} = 'customer' and ${accounts.orderCount} >= 3 and ${accounts.lastOrderAt} is not null
    and ${accounts.medianGapDays} is not null
    and (${policy.today}::date - ${lastOrderDateSql(policy.orgTimezone)})::float8 > ${policy.rhythmFactor}::float8 * ${accounts.medianGapDays}::float8)`;
}

/** A WHERE condition selecting accounts of one status. */
export function accountStatusIs(status: AccountStatus, policy: AccountStatusPolicy): SQL {
  return sql`${accountStatusSql(policy)} = ${status}`;
}

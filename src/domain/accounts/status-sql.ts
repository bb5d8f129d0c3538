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
    when ${accounts.orderCount} = 1 then 'new'
    else 'active' end)`;
}

/** Neglected (DESIGN §4): a customer whose last order is more than neglectDays before today. */
export function isNeglectedSql(policy: AccountStatusPolicy): SQL {
  return sql`(${accounts.kind} = 'customer' and ${accounts.lastOrderAt} is not null
    and ${lastOrderDateSql(policy.orgTimezone)} < ${policy.today}::date - ${policy.neglectDays}::int)`;
}

/** A WHERE condition selecting accounts of one status. */
export function accountStatusIs(status: AccountStatus, policy: AccountStatusPolicy): SQL {
  // TODO(at_risk): no account is at risk until the rule in account-status.rules.ts derives it.
  if (status === 'at_risk') return sql`false`;
  return sql`${accountStatusSql(policy)} = ${status}`;
}

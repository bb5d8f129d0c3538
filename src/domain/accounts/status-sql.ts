// SQL mirror of deriveAccountStatus (account-status.rules.ts) for filtering lists in the database.
// NOTE: keep the two in step; test/integration/accounts.test.ts checks they agree for every status.
import { sql, type SQL } from 'drizzle-orm';
import type { AccountStatus } from '../../../contract/accounts.js';
import { accounts } from '../../db/schema/index.js';
import { DETRACTOR_DAYS, type AccountStatusPolicy } from './account-status.rules.js';

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
    when ${isAtRiskSql(policy)} then 'at_risk'
    when ${accounts.orderCount} = 1 then 'new'
    else 'active' end)`;
}

/** The facts of an account the neglect and rhythm rules read, as SQL expressions of the caller's query. */
export interface AccountOrderFactsSql {
  kind: SQL;
  /** Orders the account has (as of the day judged). */
  orderCount: SQL;
  /** The calendar date of its last order in the account's (else the organisation's) timezone; null without orders. */
  lastOrderOn: SQL;
  /** The median of its gaps between consecutive order dates, in days; null below two orders. */
  medianGapDays: SQL;
}

/**
 * Neglected (docs/domain.md §4) in SQL — THE definition, shared by the account status, the daily sweep
 * (src/domain/sweep) and the figures (src/domain/analytics): a customer whose last order date is
 * more than neglectDays before `today`.
 */
export function neglectedWhenSql(facts: AccountOrderFactsSql, today: SQL, neglectDays: number): SQL {
  return sql`(${facts.kind} = 'customer' and ${facts.lastOrderOn} is not null
    and ${facts.lastOrderOn} < ${today} - ${neglectDays}::int)`;
}

/**
 * Rhythm overdue (docs/domain.md §4) in SQL — THE definition, shared like neglectedWhenSql: a customer with
 * ≥ 3 orders whose days since its last order date exceed rhythmFactor × its median gap. The product
 * is taken in float8 with the factor as JavaScript holds it, so SQL and isRhythmOverdue agree to the bit.
 */
export function rhythmOverdueWhenSql(facts: AccountOrderFactsSql, today: SQL, rhythmFactor: number): SQL {
  return sql`(${facts.kind} = 'customer' and ${facts.orderCount} >= 3 and ${facts.lastOrderOn} is not null
    and ${facts.medianGapDays} is not null
    and (${today} - ${facts.lastOrderOn})::float8 > ${rhythmFactor}::float8 * (${facts.medianGapDays})::float8)`;
}

/** The account row's own facts (kept in step with its orders, src/domain/order-stats/account-stats.ts). */
function rowFacts(orgTimezone: string): AccountOrderFactsSql {
  return {
    kind: sql`${accounts.kind}`,
    orderCount: sql`${accounts.orderCount}`,
    lastOrderOn: lastOrderDateSql(orgTimezone),
    medianGapDays: sql`${accounts.medianGapDays}`,
  };
}

/** Neglected (docs/domain.md §4) from the account row: a customer whose last order is more than neglectDays before today. */
export function isNeglectedSql(policy: AccountStatusPolicy): SQL {
  return neglectedWhenSql(rowFacts(policy.orgTimezone), sql`${policy.today}::date`, policy.neglectDays);
}

/** Rhythm overdue (docs/domain.md §4) from the account row's median_gap_days. */
export function isRhythmOverdueSql(policy: AccountStatusPolicy): SQL {
  return rhythmOverdueWhenSql(rowFacts(policy.orgTimezone), sql`${policy.today}::date`, policy.rhythmFactor);
}

/** An open problem past due (hasProblemPastDue): the due day of its earliest unfixed problem, in the organisation's timezone, is before today. */
export function hasProblemPastDueSql(policy: AccountStatusPolicy): SQL {
  return sql`(${accounts.problemDueAt} is not null
    and (${accounts.problemDueAt} at time zone ${policy.orgTimezone}::text)::date < ${policy.today}::date)`;
}

/** A detractor's answer in the last 90 days (hasRecentDetractor): its day, in the organisation's timezone, at most 89 days before today. */
export function hasRecentDetractorSql(policy: AccountStatusPolicy): SQL {
  return sql`(${accounts.lastDetractorAt} is not null
    and ${policy.today}::date - (${accounts.lastDetractorAt} at time zone ${policy.orgTimezone}::text)::date < ${DETRACTOR_DAYS})`;
}

/** At risk (isAtRisk): rhythm overdue, an open problem past due, or a detractor's answer in the last 90 days. */
export function isAtRiskSql(policy: AccountStatusPolicy): SQL {
  return sql`(${isRhythmOverdueSql(policy)} or ${hasProblemPastDueSql(policy)} or ${hasRecentDetractorSql(policy)})`;
}

/** A WHERE condition selecting accounts of one status. */
export function accountStatusIs(status: AccountStatus, policy: AccountStatusPolicy): SQL {
  return sql`${accountStatusSql(policy)} = ${status}`;
}

// Checks and converts the fields of an account as the API gives them (decimal money, codes) into
// row values (minor units). The fields stored as they come are copied from the declaration
// (contract/accounts.ts, AccountEntity); the ones converted here are listed in `customFields`
// calls, which the compiler checks against it. Pure apart from the team check, which asks the
// database once.
import { inArray } from 'drizzle-orm';
import { AccountEntity, type CreateAccount, type UpdateAccount } from '../../../contract/accounts.js';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import {
  columnPatch,
  columnValues,
  customFields,
  formatMoney,
  isKnownCurrency,
  isValidTimezone,
  parseMoney,
  type FieldErrors,
} from '../shared/index.js';
import type { AccountRow } from './present.js';

/** Money in minor units of the account's currency. */
export const MONEY_FIELDS = ['potentialAnnualSpend', 'acquisitionCost'] as const;
// Every field of a create and a PATCH that is not copied as it comes: converted below.
customFields(AccountEntity, 'create', ['currency', ...MONEY_FIELDS]);
customFields(AccountEntity, 'update', ['currency', ...MONEY_FIELDS]);

type TeamInput = NonNullable<CreateAccount['team']>;

function parseAmount(field: string, text: string | null | undefined, currency: string, errors: FieldErrors): number | null | undefined {
  if (text === undefined || text === null) return text;
  const m = parseMoney(text, currency);
  if (m.ok) return m.minor;
  errors.add(field, m.message);
  return undefined;
}

function checkCodes(input: { currency?: string | undefined; timezone?: string | null | undefined }, errors: FieldErrors): void {
  if (input.currency !== undefined && !isKnownCurrency(input.currency))
    errors.add('currency', `is not an ISO 4217 currency: "${input.currency}"`);
  if (input.timezone && !isValidTimezone(input.timezone)) errors.add('timezone', `is not an IANA time zone: "${input.timezone}"`);
}

export type NewAccountValues = Omit<
  AccountRow,
  | 'id'
  | 'isLost'
  | 'orderCount'
  | 'firstOrderId'
  | 'firstOrderAt'
  | 'secondOrderId'
  | 'secondOrderAt'
  | 'firstOrderOn'
  | 'secondOrderOn'
  | 'lastOrderOn'
  | 'lastOrderAt'
  | 'medianGapDays'
  | 'problemDueAt'
  | 'lastDetractorAt'
  | 'createdAt'
  | 'updatedAt'
>;

export function newAccountValues(input: CreateAccount, defaultCurrency: string, errors: FieldErrors): NewAccountValues {
  const currency = input.currency ?? defaultCurrency;
  checkCodes({ currency, timezone: input.timezone }, errors);
  // Without a known currency its decimals are unknown: the money fields wait for a good one.
  const known = isKnownCurrency(currency);
  const money = (k: (typeof MONEY_FIELDS)[number]) => (known ? (parseAmount(k, input[k], currency, errors) ?? null) : null);
  return {
    ...columnValues(AccountEntity, input),
    potentialAnnualSpend: money('potentialAnnualSpend'),
    acquisitionCost: money('acquisitionCost'),
    currency,
  };
}

/** The changed columns of a PATCH; undefined fields stay, null clears. */
export function accountPatch(input: UpdateAccount, current: AccountRow, errors: FieldErrors): Partial<AccountRow> {
  checkCodes(input, errors);
  const currency = input.currency ?? current.currency;
  const patch: Partial<AccountRow> = columnPatch(AccountEntity, input);
  if (!isKnownCurrency(currency)) return patch;
  if (input.currency !== undefined) patch.currency = currency;
  for (const k of MONEY_FIELDS) {
    if (input[k] !== undefined) {
      const minor = parseAmount(k, input[k], currency, errors);
      if (minor !== undefined) patch[k] = minor;
    } else if (currency !== current.currency && current[k] !== null) {
      // A currency change keeps the amount as written ("1863.40"), re-expressed in the new minor units.
      const minor = parseAmount(k, formatMoney(current[k], current.currency), currency, errors);
      if (minor !== undefined) patch[k] = minor;
    }
  }
  return patch;
}

/** Team entries without repeats; each user must exist (errors name `team.<i>.userId`). */
export async function checkTeam(db: Db, team: TeamInput, errors: FieldErrors): Promise<TeamInput> {
  if (team.length === 0) return [];
  const ids = [...new Set(team.map((m) => m.userId))];
  const found = new Set((await db.select({ id: users.id }).from(users).where(inArray(users.id, ids))).map((r) => r.id));
  team.forEach((m, i) => {
    if (!found.has(m.userId)) errors.add(`team.${i}.userId`, `is not a known user: "${m.userId}"`);
  });
  const seen = new Set<string>();
  return team.filter((m) => {
    const key = `${m.userId}/${m.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

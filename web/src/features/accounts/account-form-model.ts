// The account form's values (what the inputs hold) and their mapping to and from the API.
import type { FormErrors } from '@mantine/form';
import type { Account, AccountKind } from '../../../../contract/accounts';
import { blankToNull } from '../../lib/zod-form';

export interface TeamRow {
  userId: string;
  role: string;
}

export interface AccountFormValues {
  kind: AccountKind;
  name: string;
  externalRef: string;
  tier: string;
  potentialAnnualSpend: string;
  acquisitionCost: string;
  currency: string;
  timezone: string;
  phone: string;
  city: string;
  country: string;
  team: TeamRow[];
}

export const ACCOUNT_FORM_FIELDS = [
  'kind',
  'name',
  'externalRef',
  'tier',
  'potentialAnnualSpend',
  'acquisitionCost',
  'currency',
  'timezone',
  'phone',
  'city',
  'country',
  'team',
] as const;

export function emptyAccount(currency: string): AccountFormValues {
  return {
    kind: 'customer',
    name: '',
    externalRef: '',
    tier: '',
    potentialAnnualSpend: '',
    acquisitionCost: '',
    currency,
    timezone: '',
    phone: '',
    city: '',
    country: '',
    team: [],
  };
}

export function fromAccount(a: Account): AccountFormValues {
  return {
    kind: a.kind,
    name: a.name,
    externalRef: a.externalRef ?? '',
    tier: a.tier ?? '',
    potentialAnnualSpend: a.potentialAnnualSpend ?? '',
    acquisitionCost: a.acquisitionCost ?? '',
    currency: a.currency,
    timezone: a.timezone ?? '',
    phone: a.phone ?? '',
    city: a.city ?? '',
    country: a.country ?? '',
    team: a.team.map((m) => ({ userId: m.userId, role: m.role })),
  };
}

/** The request body: blanks become null (cleared), an empty currency is left to the organisation's default. */
export function toAccountInput(v: AccountFormValues) {
  return {
    kind: v.kind,
    name: v.name,
    externalRef: blankToNull(v.externalRef),
    tier: blankToNull(v.tier),
    potentialAnnualSpend: blankToNull(v.potentialAnnualSpend),
    acquisitionCost: blankToNull(v.acquisitionCost),
    ...(v.currency.trim() !== '' && { currency: v.currency }),
    timezone: blankToNull(v.timezone),
    phone: blankToNull(v.phone),
    city: blankToNull(v.city),
    country: blankToNull(v.country),
    team: v.team,
  };
}

/** Rules only the form has: a half-filled team row asks for what is missing, in words. */
export function teamRowErrors(v: AccountFormValues): FormErrors {
  const errors: FormErrors = {};
  v.team.forEach((m, i) => {
    if (!m.userId) errors[`team.${i}.userId`] = 'Pick a person';
    if (!m.role) errors[`team.${i}.role`] = 'Pick their role on this account';
  });
  return errors;
}

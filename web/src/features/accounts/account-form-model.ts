// The account form's values (what the inputs hold) and their mapping to and from the API: the
// fields, their defaults and blanks follow the declaration (AccountEntity, web/src/lib/entity-form.ts).
import type { FormErrors } from '@mantine/form';
import { AccountEntity, type Account } from '../../../../contract/accounts';
import { formDefaults, formFields, formInput, formValuesOf, type FormValues } from '../../lib/entity-form';

export interface TeamRow {
  userId: string;
  role: string;
}

/** A team row's role is '' until one is picked. */
export type AccountFormValues = Omit<FormValues<typeof AccountEntity.fields>, 'team'> & { team: TeamRow[] };

export const ACCOUNT_FORM_FIELDS = formFields(AccountEntity);

export function emptyAccount(currency: string): AccountFormValues {
  return { ...formDefaults(AccountEntity), currency };
}

export function fromAccount(a: Account): AccountFormValues {
  return { ...formValuesOf(AccountEntity, a), team: a.team.map((m) => ({ userId: m.userId, role: m.role })) };
}

/** The request body: blanks become null (cleared), an empty currency is left to the organisation's default. */
export function toAccountInput(v: AccountFormValues) {
  return formInput(AccountEntity, v, 'create');
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

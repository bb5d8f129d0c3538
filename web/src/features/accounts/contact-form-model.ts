// The contact form's values (what the inputs hold) and its request, for a new contact and a changed
// one alike: the fields, their defaults and blanks follow the declaration (ContactEntity,
// web/src/lib/entity-form.ts), so a field declared there is in this model without a line here;
// account-contacts.tsx places its input. Pure: no DOM, no React.
import { ContactEntity, type Contact } from '../../../../contract/accounts';
import { formDefaults, formFields, formInput, formValuesOf, type FormValues } from '../../lib/entity-form';

/** An empty progress-update limit is '': the organisation's setting applies. */
export type ContactFormValues = FormValues<typeof ContactEntity.fields>;

/** The form's field names, for placing the server's errors. */
export const CONTACT_FORM_FIELDS = formFields(ContactEntity);

/** A new contact. The form starts at buyer, whom people add first (a contact created without a role is "other"). */
export function emptyContact(): ContactFormValues {
  return { ...formDefaults(ContactEntity), roleAtCustomer: 'buyer' };
}

export function fromContact(c: Contact): ContactFormValues {
  return formValuesOf(ContactEntity, c);
}

/** The request body, a create's or a PATCH's: blanks become null (cleared). */
export function toContactInput(v: ContactFormValues): Record<string, unknown> {
  return formInput(ContactEntity, v, 'create');
}

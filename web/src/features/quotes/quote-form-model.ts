// The new-quote form's values (what the inputs hold) and its request: the fields, their defaults and
// blanks follow the declaration (QuoteEntity, web/src/lib/entity-form.ts), so a field declared there
// is in this model without a line here; quote-form-modal.tsx places its input. Pure: no DOM, no React.
import type { FormErrors } from '@mantine/form';
import { QuoteEntity } from '../../../../contract/quotes';
import { formDefaults, formFields, formInput, type FormValues } from '../../lib/entity-form';

export type QuoteFormValues = FormValues<typeof QuoteEntity.fields>;

/** The form's field names, for placing the server's errors. */
export const QUOTE_FORM_FIELDS = formFields(QuoteEntity);

/** A new quote: for the account it was started from (if any), sent `today`, by `repId` (the user, when a rep). */
export function emptyQuote(start: { accountId: string | null; repId: string | null; today: string }): QuoteFormValues {
  return { ...formDefaults(QuoteEntity), accountId: start.accountId, repId: start.repId, sentAt: start.today };
}

/** The create body. Blanks are left out: the server fills them (nothing, the account's currency, now), as it always did for this form. */
export function toQuoteInput(v: QuoteFormValues): Record<string, unknown> {
  return formInput(QuoteEntity, v, 'create', { shouldOmitBlanks: true });
}

/** Rules only the form has: what it asks for first, in words. */
export function quoteFormErrors(v: QuoteFormValues): FormErrors {
  return {
    ...(v.accountId ? {} : { accountId: 'Pick an account' }),
    ...(v.amount.trim() ? {} : { amount: 'Enter the quoted amount' }),
  };
}

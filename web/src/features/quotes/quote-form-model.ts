// The new-quote form's values (what the inputs hold) and its request: the fields, their defaults and
// blanks follow the declaration (QuoteEntity, web/src/lib/entity-form.ts), so a field declared there
// is in this model without a line here; quote-form-modal.tsx places its input. Pure: no DOM, no React.
import type { FormErrors } from '@mantine/form';
import { QuoteEntity, type Quote } from '../../../../contract/quotes';
import { formDefaults, formFields, formInput, formValuesOf, type FormValues } from '../../lib/entity-form';

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

/** What the edit form of a sent quote changes (its number, currency and sent date stay; deciding is its own form). */
export const QUOTE_EDIT_FIELDS = ['amount', 'validUntil', 'repId', 'externalRef'] as const;
type EditField = (typeof QUOTE_EDIT_FIELDS)[number];
export type QuoteEditValues = Pick<FormValues<typeof QuoteEntity.fields, 'update'>, EditField>;

/** A quote in its edit form. Its rep is read as `rep` (id and name) and written as `repId`. */
export function fromQuote(q: Quote): QuoteEditValues {
  const all = formValuesOf(QuoteEntity, q, 'update');
  return { amount: all.amount, validUntil: all.validUntil, externalRef: all.externalRef, repId: q.rep?.id ?? null };
}

/** The PATCH of an edit: only the fields whose values changed, so the quote's history records real changes. */
export function quotePatch(q: Quote, v: QuoteEditValues): Record<string, unknown> {
  const before = formInput(QuoteEntity, fromQuote(q), 'update');
  const after = formInput(QuoteEntity, v, 'update');
  return Object.fromEntries(
    QUOTE_EDIT_FIELDS.filter((n) => JSON.stringify(after[n]) !== JSON.stringify(before[n])).map((n) => [n, after[n]]),
  );
}

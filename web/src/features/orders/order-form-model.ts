// The order forms' values (what the inputs hold) and their requests: a new order with its lines, and
// an order's PATCH. The fields, their defaults and blanks follow the declarations (OrderEntity,
// OrderLineEntity; web/src/lib/entity-form.ts), so a field declared there is in these models
// without a line here; the form pages place its input. Pure: no DOM, no React.
import type { FormErrors } from '@mantine/form';
import { OrderEntity, OrderLineEntity, type OrderDetail } from '../../../../contract/orders';
import { formDefaults, formFields, formInput, formValuesOf, type FormValues } from '../../lib/entity-form';

/** A line as its inputs hold it; `key` keeps its row in place while lines are added and removed (never sent). */
export type OrderLineFormValues = FormValues<typeof OrderLineEntity.fields> & { key: string };
export type OrderFormValues = Omit<FormValues<typeof OrderEntity.fields>, 'lines'> & { lines: OrderLineFormValues[] };
/** The fields a PATCH takes, as the order's edit form holds them. */
export type OrderEditValues = FormValues<typeof OrderEntity.fields, 'update'>;

/** The forms' field names, for placing the server's errors (`lines.0.unitPrice` lands under `lines`). */
export const ORDER_FORM_FIELDS = formFields(OrderEntity);
export const ORDER_EDIT_FIELDS = formFields(OrderEntity, 'update');

/** A new line: one of something, its price still to type. */
export function emptyLine(key: string = crypto.randomUUID()): OrderLineFormValues {
  return { ...formDefaults(OrderLineEntity), quantity: 1, key };
}

/** A new order: for the account it was started from (if any), placed `today`, with one line to fill in. */
export function emptyOrder(accountId: string | null, today: string): OrderFormValues {
  return { ...formDefaults(OrderEntity), accountId, placedAt: today, lines: [emptyLine()] };
}

const OMIT_BLANKS = { shouldOmitBlanks: true };

/**
 * The create body. Blanks are left out, the order's and each line's: the server then fills them
 * (nothing, the account's currency, today, the sum of the lines), as it always did for this form.
 */
export function toOrderInput(v: OrderFormValues): Record<string, unknown> {
  const lines = v.lines.map((l) => formInput(OrderLineEntity, l, 'create', OMIT_BLANKS));
  return formInput(OrderEntity, { ...v, lines }, 'create', OMIT_BLANKS);
}

/** Rules only the form has: an account is picked from a list, so its message says so. */
export function orderFormErrors(v: { accountId: string | null }): FormErrors {
  return v.accountId ? {} : { accountId: 'Pick an account' };
}

/** An order in its edit form. Its people are read as `rep` and `csr` (id and name) and written as `repId` and `csrId`. */
export function fromOrder(o: OrderDetail): OrderEditValues {
  return { ...formValuesOf(OrderEntity, o, 'update'), repId: o.rep?.id ?? null, csrId: o.csr?.id ?? null };
}

/** The PATCH of every field the form holds: a blank clears its field. */
function toOrderPatch(v: OrderEditValues): Record<string, unknown> {
  return formInput(OrderEntity, v, 'update');
}

/**
 * The PATCH of an edit: only the fields whose values changed, so the order's timeline records real
 * changes (and what the form holds without an input, as the order has it, is never sent).
 */
export function orderPatch(order: OrderDetail, v: OrderEditValues): Record<string, unknown> {
  const before = toOrderPatch(fromOrder(order));
  return Object.fromEntries(Object.entries(toOrderPatch(v)).filter(([k, value]) => before[k] !== value));
}

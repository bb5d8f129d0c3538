// The API's own length limits, applied to every cell of an import (issue 9, defect 11): a field
// the API caps at 200 characters is capped at 200 in a file too, read off the contract's schemas
// so the two never disagree. Pure: no db.
import type { z } from 'zod';
import { CreateAccountSchema, CreateContactSchema } from '../../../contract/accounts.js';
import { CreateUserSchema } from '../../../contract/auth.js';
import { CreateOrderSchema, OrderLineInputSchema, UpdateOrderSchema } from '../../../contract/orders.js';
import { CreateQuoteSchema, UpdateQuoteSchema } from '../../../contract/quotes.js';
import type { ImportKind } from './fields.js';

/** A cell of a field the API sets no length on (references, dates, numbers): longer is no value of it. */
export const DEFAULT_CELL_LIMIT = 1000;
/** RFC 5321: a forward path (an address) is at most 256 octets with its brackets. */
const EMAIL_LIMIT = 254;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** The max length of each string field of an object schema (through optional, nullable, default, pipe). */
export function maxLengthsOf(schema: z.ZodObject): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, value] of Object.entries(schema.shape)) {
    let t = value as z.ZodType;
    for (let depth = 0; depth < 10; depth++) {
      const def = t._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
      if (WRAPPERS.has(def.type) && def.innerType) t = def.innerType;
      else if (def.type === 'pipe' && def.in) t = def.in;
      else break;
    }
    const max = (t as z.ZodString).maxLength as number | null | undefined;
    if (typeof max === 'number') out[field] = max;
  }
  return out;
}

const accounts = maxLengthsOf(CreateAccountSchema);

/** Import field → its max length, per kind (the fields named like the API's). */
export const TEXT_LIMITS: Record<ImportKind, Record<string, number>> = {
  // A line of a sales export holds an order, its line and its customer (prefixed `account`).
  sales: {
    ...maxLengthsOf(CreateOrderSchema),
    ...maxLengthsOf(UpdateOrderSchema),
    ...maxLengthsOf(OrderLineInputSchema),
    ...Object.fromEntries(Object.entries(accounts).map(([f, n]) => [`account${f.charAt(0).toUpperCase()}${f.slice(1)}`, n])),
  },
  accounts,
  suppliers: accounts,
  users: { ...maxLengthsOf(CreateUserSchema), email: EMAIL_LIMIT },
  contacts: { ...maxLengthsOf(CreateContactSchema), email: EMAIL_LIMIT },
  orders: { ...maxLengthsOf(CreateOrderSchema), ...maxLengthsOf(UpdateOrderSchema) },
  'order-lines': maxLengthsOf(OrderLineInputSchema),
  quotes: { ...maxLengthsOf(CreateQuoteSchema), ...maxLengthsOf(UpdateQuoteSchema) },
};

/** What is wrong with a cell before any field reads it: a NUL character, or more characters than the field holds. */
export function cellProblem(kind: ImportKind, field: string, text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\0), which cannot be stored: remove it';
  const limit = TEXT_LIMITS[kind][field] ?? DEFAULT_CELL_LIMIT;
  return text.trim().length > limit ? `is ${text.trim().length} characters long; at most ${limit} fit` : null;
}

/** A cell as shown in a problem: cut at 200 characters, a NUL shown as ␀ (jsonb cannot hold \u0000). */
export function shownValue(text: string): string {
  const safe = text.replaceAll('\u0000', '\u2400');
  return safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
}

/**
 * A cell written to a rejects file, which people open in a spreadsheet: one that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first — OWASP "CSV injection") gets a leading `'`;
 * a plain signed number stays as it is.
 */
export function neutralisedCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d.,\s]*$/.test(text) ? `'${text}` : text;
}

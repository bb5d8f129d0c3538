// Shared zod schemas: used by the server to validate and by the web client to validate as you type.
// No node or DOM imports here.
import { z } from 'zod';
import { ROLES } from './roles.js';

// Each closed set is ONE `as const` list here in contract/: the zod enum, the TypeScript type and
// the database column (text enum with a CHECK constraint, src/db/schema) are made from it.

export { ROLES, isRole, type Role } from './roles.js';
export const RoleSchema = z.enum(ROLES);

/** Who acted (audit_log.actor_kind): a signed-in user, an API token, the system itself, the command line. */
export const ACTOR_KINDS = ['user', 'token', 'system', 'cli'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const IdSchema = z.uuid({ message: 'must be a UUID' });

/** Money crosses the API as a decimal string ("1863.40"); the server checks decimals per currency. */
export const MoneySchema = z
  .string({ message: 'must be a decimal string such as "1863.40"' })
  .trim()
  .regex(/^-?\d{1,13}(\.\d+)?$/, 'must be a decimal string such as "1863.40"');

/**
 * An amount that cannot be below zero (an order, a quote, an account's spend or cost): credit notes
 * are not modelled, so a negative one is refused rather than counted as revenue. Order lines may be
 * negative (a discount line).
 */
export const AmountSchema = z
  .string({ message: 'must be a decimal string such as "1863.40"' })
  .trim()
  .regex(/^-?\d{1,13}(\.\d+)?$/, 'must be a decimal string such as "1863.40"')
  .refine((v) => !v.startsWith('-') || /^-0+(\.0+)?$/.test(v), 'must not be negative (credit notes are not supported)');

export const CurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"');

/** A calendar date, YYYY-MM-DD. */
export const DateSchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/**
 * A figure's view as of a day, over a period of days [from, to] (both included): the query of the
 * survey, advocacy and executive-call figures. Each says what an absent day means.
 */
export const FigurePeriodQuerySchema = z
  .object({ asOf: DateSchema.optional(), from: DateSchema.optional(), to: DateSchema.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['to'],
    message: 'is before from: a period runs from one day to another, both included',
  });
export type FigurePeriodQuery = z.infer<typeof FigurePeriodQuerySchema>;

/** A point in time: ISO 8601 with offset, or a date alone (00:00 in the account's timezone). */
export const TimestampInputSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  message: 'must be an ISO 8601 date-time with offset, or a date YYYY-MM-DD',
});

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }));

export const TextSchema = (max: number) => z.string().trim().max(max);
export const NonEmptyTextSchema = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const PersonRefSchema = z.object({ id: IdSchema, name: z.string() });
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
/** A problem as answered: some carry `meta` (an import's rejected rows and total, a retry's wait …). */
export type Problem = z.infer<typeof ProblemSchema> & { meta?: Record<string, unknown> };

// Column names (lower case, letters and digits only) that usually hold a field in an ERP or
// spreadsheet export, shared by the fields of several entities: the import wizard's guess.
export const NAME_SYNONYMS = ['companyname', 'company', 'customername', 'accountname', 'fullname', 'contactname'] as const;
export const PHONE_SYNONYMS = ['telephone', 'tel', 'phonenumber'] as const;
export const EMAIL_SYNONYMS = ['emailaddress', 'mail'] as const;
export const CURRENCY_SYNONYMS = ['currencycode', 'curr'] as const;
export const AMOUNT_SYNONYMS = ['ordertotal', 'total', 'totalamount', 'grandtotal', 'quotetotal', 'value'] as const;

// Messages a person can act on: "is required" rather than "expected string, received undefined".
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      return issue.input === undefined
        ? 'is required'
        : `must be ${issue.expected === 'number' ? 'a number' : issue.expected === 'boolean' ? 'true or false' : issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    }
    if (issue.code === 'unrecognized_keys') return 'is not a known field';
    return undefined;
  },
});

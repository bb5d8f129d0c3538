import { z } from 'zod';
import { AccountEntity, ContactEntity } from './accounts.js';
import { UserEntity } from './auth.js';
import { IdSchema, PageQuerySchema } from './common.js';
import { DATE_FORMAT_HINT, luxonDateFormat } from './date-formats.js';
import type { EntityInfo, ImportField } from './entity.js';
import { OrderEntity, OrderLineEntity } from './orders.js';
import { QuoteEntity } from './quotes.js';

export type { ImportField } from './entity.js';

// The kinds of CSV import (docs/domain.md §5, "Import fields"): each reads the import fields of one
// entity's declaration, so a field declared with `import` is a field of the file too.

interface KindInfo {
  /** The entity whose import fields the kind reads; `fields` instead when a kind composes several. */
  entity?: EntityInfo;
  fields?: readonly ImportField[];
  label: string;
  /** One line on what the kind is for. */
  purpose: string;
  /** Column names that hold a field in this kind's files, instead of the entity's (suppliers' ids). */
  synonyms?: Record<string, readonly string[]>;
}

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Account fields the `sales` kind reads, prefixed `account` (the reference is the order's accountRef). */
const SALES_ACCOUNT_FIELDS = AccountEntity.importFields
  .filter((f) => !['externalRef', 'kind'].includes(f.name) && !f.name.startsWith('team'))
  .map((f): ImportField => ({
    ...f,
    name: `account${capitalised(f.name)}`,
    label: `Customer ${f.label.toLowerCase()}`,
    help: f.name === 'name' ? 'Required on the lines of a customer not yet in Rapport.' : f.help,
    isRequired: false,
    synonyms:
      f.name === 'name'
        ? ['customername', 'companyname', 'company', 'accountname', 'client', 'clientname']
        : [`customer${f.name.toLowerCase()}`, `account${f.name.toLowerCase()}`, ...f.synonyms],
  }));

/**
 * The `sales` kind: one row per order line, as ERPs and spreadsheets export sales (docs/imports.md,
 * "One file with everything"). The orders fields (the amount, when not mapped, is the sum of the
 * lines), the order-lines fields without orderRef (a unit price or a line amount per line), and
 * the account fields prefixed `account`.
 */
const SALES_FIELDS: readonly ImportField[] = [
  ...OrderEntity.importFields.map((f): ImportField =>
    f.name === 'amount'
      ? {
          ...f,
          isRequired: false,
          help: 'The order’s total; when not mapped, the sum of its lines.',
          synonyms: ['ordertotal', 'totalamount', 'grandtotal'],
        }
      : f.name === 'accountRef'
        ? { ...f, label: 'Customer', help: 'The customer’s reference (its id in your ERP).' }
        : f,
  ),
  ...OrderLineEntity.importFields
    .filter((f) => f.name !== 'orderRef')
    .map((f): ImportField =>
      f.name === 'unitPrice'
        ? { ...f, isRequired: false, help: 'A unit price or a line amount per line; with both, the line amount is kept as given.' }
        : f.name === 'lineAmount'
          ? {
              ...f,
              help: 'Quantity × unit price when left out.',
              synonyms: [...f.synonyms, 'sales', 'salesamount', 'revenue', 'netsales', 'amount'],
            }
          : f,
    ),
  ...SALES_ACCOUNT_FIELDS,
];

const KIND_INFO = {
  sales: {
    fields: SALES_FIELDS,
    label: 'One file with everything',
    purpose:
      'A sales export with one row per order line — customer, order and product on each row: creates the customers, the orders and their lines in one pass.',
  },
  accounts: {
    entity: AccountEntity,
    label: 'Accounts',
    purpose:
      'Your customers and prospects, each with the reference your ERP gives it and, if you like, who serves it (import users first).',
  },
  suppliers: {
    entity: AccountEntity,
    label: 'Suppliers',
    purpose: 'The companies you buy from, kept as supplier accounts.',
    synonyms: { externalRef: ['supplierid', 'vendorid', 'suppliercode', 'id'] },
  },
  users: {
    entity: UserEntity,
    label: 'Users',
    purpose: 'Staff (reps, CSRs) that orders and quotes name; without an email they cannot sign in yet.',
  },
  contacts: { entity: ContactEntity, label: 'Contacts', purpose: 'People at your accounts, linked to their account by its reference.' },
  orders: {
    entity: OrderEntity,
    label: 'Orders',
    purpose: 'Order history with placed, promised and shipped dates; import accounts (and users) first.',
  },
  'order-lines': {
    entity: OrderLineEntity,
    label: 'Order lines',
    purpose: 'The items of orders already imported, linked by order number.',
  },
  quotes: { entity: QuoteEntity, label: 'Quotes', purpose: 'Quotes sent, with their outcome; import accounts first.' },
} satisfies Record<string, KindInfo>;

export const IMPORT_KIND_VALUES = ['sales', 'accounts', 'suppliers', 'users', 'contacts', 'orders', 'order-lines', 'quotes'] as const;
export const ImportKindSchema = z.enum(IMPORT_KIND_VALUES);
export type ImportKind = z.infer<typeof ImportKindSchema>;

/** Every kind, in the order people pick them: the flat file with everything first, then accounts before what names them. */
export const IMPORT_KIND_INFO: readonly { kind: ImportKind; label: string; purpose: string }[] = IMPORT_KIND_VALUES.map((kind) => ({
  kind,
  label: KIND_INFO[kind].label,
  purpose: KIND_INFO[kind].purpose,
}));

function byKind<T>(of: (kind: ImportKind) => T): Record<ImportKind, T> {
  const out = {} as Record<ImportKind, T>;
  for (const kind of IMPORT_KIND_VALUES) out[kind] = of(kind);
  return out;
}

/** The mapping's keys per kind, required ones marked; `…Ref` fields name another record by its external reference. */
export const IMPORT_FIELDS: Record<ImportKind, readonly ImportField[]> = byKind((kind) => {
  const info: KindInfo = KIND_INFO[kind];
  return (info.fields ?? info.entity?.importFields ?? []).map((f) => ({ ...f, synonyms: info.synonyms?.[f.name] ?? f.synonyms }));
});

// The mapping document ---------------------------------------------------------------------------
// Which column of the CSV holds each Rapport field, plus how the file writes dates and numbers
// (docs/imports.md). Two forms:
//   flat:  {"externalRef": "customer_id", "name": "company_name"}
//   full:  {"fields": {...}, "defaults": {"currency": "USD"}, "dateFormat": "dd/MM/yyyy",
//           "decimal": ",", "delimiter": ";", "encoding": "windows-1252", "round": true, "sheet": "Orders"}
// A field's column may be a list of columns, joined with a space ("name": ["first_name", "last_name"]).

export const MAPPING_OPTIONS = ['fields', 'defaults', 'dateFormat', 'decimal', 'delimiter', 'encoding', 'round', 'sheet'] as const;

/**
 * The encodings a file may declare; Latin-1 is read as Windows-1252, as browsers do. UTF-16 is
 * what Excel's "Unicode text" writes: its byte-order mark names it, so such a file is read as
 * UTF-16 whatever is declared.
 */
export const CSV_ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Names people give the encodings (WHATWG labels). */
const ENCODING_NAMES: Record<string, CsvEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  unicode: 'utf-16le',
};

/** The encoding a file's first bytes name by their byte-order mark; null when they name none. */
export function encodingOfBom(bytes: Uint8Array): CsvEncoding | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The separators a file may use: Excel's "Unicode text" separates with tabs. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The separator of a header line: the one it holds most of outside quotes (`,` on a tie or none). */
export function detectDelimiter(headText: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headText.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as CsvDelimiter]++;
  }
  return counts['\t'] > counts[','] && counts['\t'] > counts[';'] ? '\t' : counts[';'] > counts[','] ? ';' : ',';
}

/** An encoding's name as given (any case) → the encoding, or null when it is not one Rapport reads. */
export function encodingNamed(name: string): CsvEncoding | null {
  return ENCODING_NAMES[name.trim().toLowerCase()] ?? null;
}

const COLUMN = 'must name a column of the file (or a list of columns)';
const SHEET = "must be a sheet's name or its number (1 for the first)";
const ENCODING = 'must be "utf-8", "windows-1252" (also for Latin-1) or "utf-16"';
const trimmed = (v: string | string[]) => (Array.isArray(v) ? v.map((c) => c.trim()) : v.trim());
const ColumnsSchema = z
  .union([z.string(), z.array(z.string())], { error: COLUMN })
  .transform(trimmed)
  .refine((v) => (Array.isArray(v) ? v.length > 0 && v.every((c) => c !== '') : v !== ''), COLUMN);

const mappingSchemaOf = (names: readonly string[]) => {
  const fields = Object.fromEntries(names.map((n) => [n, ColumnsSchema.optional()]));
  const defaults = Object.fromEntries(names.map((n) => [n, z.string({ error: 'must be a string' }).optional()]));
  return z
    .strictObject({
      fields: z.strictObject(fields, { error: 'must be an object {"<rapport field>": "<column>"}' }).default({}),
      defaults: z.strictObject(defaults, { error: 'must be an object {"<rapport field>": "<value>"}' }).default({}),
      encoding: z
        .string({ error: ENCODING })
        .transform((name, ctx) => {
          const encoding = encodingNamed(name);
          if (encoding) return encoding;
          ctx.addIssue({ code: 'custom', message: ENCODING });
          return z.NEVER;
        })
        .default('utf-8'),
      /** As people write it ("DD/MM/YY", or luxon's "dd/MM/yy"); read as the luxon format it stands for (date-formats.ts). */
      dateFormat: z
        .string({ error: DATE_FORMAT_HINT })
        .transform((text, ctx) => {
          const format = luxonDateFormat(text);
          if (format) return format;
          ctx.addIssue({ code: 'custom', message: DATE_FORMAT_HINT });
          return z.NEVER;
        })
        .nullable()
        .default(null),
      decimal: z.enum(['.', ','], { error: 'must be "." or ","' }).default('.'),
      /** Amounts with more decimals than their currency allows: rounded half to even (and counted) instead of refused. */
      round: z.boolean({ error: 'must be true or false' }).default(false),
      /** Detected from the header line when not given. */
      delimiter: z.enum(CSV_DELIMITERS, { error: 'must be ",", ";" or a tab' }).nullable().default(null),
      /** A workbook's sheet, by name or number (1 for the first); the first when not given. CSV files have none. */
      sheet: z
        .union([z.string().trim().min(1, SHEET), z.number().int(SHEET).min(1, SHEET)], { error: SHEET })
        .nullable()
        .default(null),
    })
    .refine((m) => !(m.decimal === ',' && m.delimiter === ','), {
      path: ['decimal'],
      message: 'cannot be "," when the delimiter is "," too',
      // Checked even when another option is wrong: every problem is named at once.
      when: (payload) => {
        const v = payload.value as { decimal?: unknown; delimiter?: unknown };
        return v.decimal === ',' && v.delimiter === ',';
      },
    });
};

const MAPPING_SCHEMAS = byKind((kind) => mappingSchemaOf(IMPORT_FIELDS[kind].map((f) => f.name)));

/** A mapping as a file or the import wizard writes it (the full form). */
export type ImportMappingDoc = z.input<(typeof MAPPING_SCHEMAS)[ImportKind]>;
/** A checked mapping, every option filled in. */
export type ImportMapping = z.output<(typeof MAPPING_SCHEMAS)[ImportKind]>;

export interface MappingProblem {
  path: string;
  message: string;
}

// The order problems are named in: unknown options, then fields, defaults and the options, each
// in the order the document gives them.
const RANK = ['(option)', 'fields', 'defaults', 'encoding', 'dateFormat', 'decimal', 'round', 'delimiter', 'sheet'];

/**
 * Reads a mapping document (JSON already parsed) for `kind`: every problem named at once, each at
 * its path (`fields.nummer`, `decimal`; the flat form's fields without `fields.`). `mapping` is what
 * remains once the wrong parts are left out (null when nothing can be read): the server refuses a
 * mapping with problems, the web wizard loads the rest and says what it left out.
 */
export function readImportMapping(kind: ImportKind, doc: unknown): { mapping: ImportMapping | null; problems: MappingProblem[] } {
  const schema = MAPPING_SCHEMAS[kind];
  if (doc === undefined || doc === null) return { mapping: schema.parse({}), problems: [] };
  if (typeof doc !== 'object' || Array.isArray(doc))
    return { mapping: null, problems: [{ path: '(root)', message: 'must be a JSON object {"<rapport field>": "<column>"}' }] };
  const given = doc as Record<string, unknown>;
  const isFull = 'fields' in given;
  const options = new Set<string>(MAPPING_OPTIONS);
  const full: Record<string, unknown> = isFull
    ? { ...given }
    : {
        ...Object.fromEntries(Object.entries(given).filter(([k]) => options.has(k))),
        fields: Object.fromEntries(Object.entries(given).filter(([k]) => !options.has(k))),
      };
  const result = schema.safeParse(full);
  if (result.success) return { mapping: result.data, problems: [] };

  const known = IMPORT_FIELDS[kind].map((f) => f.name).join(', ');
  const found: { path: (string | number)[]; message: string }[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code !== 'unrecognized_keys') found.push({ path, message: issue.message });
    else
      for (const key of issue.keys)
        found.push({
          path: [...path, key],
          message:
            path.length === 0
              ? `is not a mapping option (known: ${MAPPING_OPTIONS.join(', ')})`
              : `is not a field of ${kind} imports (known: ${known})`,
        });
  }
  const rank = (p: (string | number)[]) => {
    const top = p.length === 1 && !options.has(String(p[0])) ? '(option)' : String(p[0]);
    const inner = p.length > 1 ? Object.keys((full[top] as Record<string, unknown> | undefined) ?? {}).indexOf(String(p[1])) : -1;
    return RANK.indexOf(top) * 1e6 + inner;
  };
  found.sort((a, b) => rank(a.path) - rank(b.path));
  const problems = found.map(({ path, message }) => {
    const shown = (isFull || path[0] !== 'fields' ? path : path.slice(1)).map((p) => (p === '' ? '""' : String(p)));
    return { path: shown.join('.') || '(root)', message };
  });

  // What is left once every wrong part is left out.
  const rest: Record<string, unknown> = { ...full };
  for (const { path } of found) {
    const [top, inner] = path.map(String);
    if (top === undefined) return { mapping: null, problems };
    if (inner === undefined) delete rest[top];
    else if (typeof rest[top] === 'object' && rest[top] !== null) {
      const copy = { ...(rest[top] as Record<string, unknown>) };
      delete copy[inner];
      rest[top] = copy;
    }
  }
  const left = schema.safeParse(rest);
  return { mapping: left.success ? left.data : null, problems };
}

// Import records ---------------------------------------------------------------------------------

export const ImportProblemSchema = z.object({
  line: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
  /** The rule the row broke when a use case enforces it too: orders.bad_transition, orders.gate_open, quotes.bad_transition … */
  code: z.string().optional(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

/** Amounts an import rounded (its `round` option), per currency: how many, and the total of rounded − written. */
export const RoundedAmountsSchema = z
  .object({
    currency: z.string(),
    count: z.number().int(),
    difference: z.string().meta({ description: 'Sum of (rounded − written), an exact decimal string, e.g. "0.012"' }),
  })
  .meta({ id: 'RoundedAmounts' });
export type RoundedAmounts = z.infer<typeof RoundedAmountsSchema>;

/** "3 amounts rounded to their currency's smallest unit (USD 2, in all +0.004; EUR 1, in all −0.002)" — the CLI and the import page say it alike. */
export function roundedSummary(rounded: readonly RoundedAmounts[], isDryRun = false): string | null {
  const count = rounded.reduce((n, r) => n + r.count, 0);
  if (count === 0) return null;
  const signed = (d: string) => (d.startsWith('-') ? `−${d.slice(1)}` : d === '0' ? '0' : `+${d}`);
  const parts = rounded.map((r) => `${r.currency} ${r.count.toLocaleString('en-US')}, in all ${signed(r.difference)}`);
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'amount' : 'amounts'} ${isDryRun ? 'would be ' : ''}rounded to their currency's smallest unit (${parts.join('; ')})`;
}

const WriteCountsSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

/** A `sales` import writes three kinds of record from its lines: what it did to each. */
export const ImportBreakdownSchema = z
  .object({ accounts: WriteCountsSchema, orders: WriteCountsSchema, lines: WriteCountsSchema })
  .meta({ id: 'ImportBreakdown' });
export type ImportBreakdown = z.infer<typeof ImportBreakdownSchema>;

/**
 * "12 customers (2 new, 10 unchanged), 12 new orders, 24 new lines" — what a sales import did, or
 * would do on a dry run; the CLI and the import page say it alike.
 */
export function breakdownSummary(b: ImportBreakdown): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const part = (counts: ImportBreakdown['accounts'], one: string, many: string) => {
    const total = counts.created + counts.updated + counts.unchanged;
    const noun = total === 1 ? one : many;
    const said = (
      [
        [counts.created, 'new'],
        [counts.updated, 'updated'],
        [counts.unchanged, 'unchanged'],
      ] as const
    ).filter(([v]) => v > 0);
    if (said.length === 0) return `no ${many}`;
    const [only] = said;
    if (said.length === 1 && only) return only[1] === 'new' ? `${n(total)} new ${noun}` : `${n(total)} ${noun} ${only[1]}`;
    return `${n(total)} ${noun} (${said.map(([v, word]) => `${n(v)} ${word}`).join(', ')})`;
  };
  return [part(b.accounts, 'customer', 'customers'), part(b.orders, 'order', 'orders'), part(b.lines, 'line', 'lines')].join(', ');
}

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'rejected'] as const;
/** Where an import was started: the command line or the API (the web's import screens use the API). */
export const IMPORT_SOURCES = ['cli', 'api'] as const;

export const ImportRecordSchema = z
  .object({
    id: IdSchema,
    kind: ImportKindSchema,
    fileName: z.string(),
    fileHash: z.string().meta({ description: 'SHA-256 of the file, hex' }),
    status: z.enum(IMPORT_STATUSES),
    isDryRun: z.boolean(),
    totalRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    rounded: z
      .array(RoundedAmountsSchema)
      .meta({ description: 'Amounts rounded to their currency by the `round` option, per currency; empty when none' }),
    breakdown: ImportBreakdownSchema.nullable().meta({
      description:
        'A sales import: the customers, orders and lines it created, updated or left unchanged (created/updated/unchanged above count its lines); null for other kinds',
    }),
    problems: z.array(ImportProblemSchema).meta({ description: 'The first bad rows (up to 100 kept)' }),
    error: z.string().nullable(),
    createdBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
    source: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportRecord' });
export type ImportRecord = z.infer<typeof ImportRecordSchema>;

// Saved mappings -----------------------------------------------------------------------------------

export const MAPPING_NAME_MAX = 80;

export const SavedMappingSchema = z
  .object({
    id: IdSchema,
    kind: ImportKindSchema,
    name: z.string(),
    mapping: z.record(z.string(), z.unknown()).meta({ description: 'The mapping document as saved: fields, defaults and the options' }),
    createdBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedMapping' });
export type SavedMapping = z.infer<typeof SavedMappingSchema>;

export const SaveMappingSchema = z
  .object({
    kind: ImportKindSchema,
    name: z
      .string({ error: 'must be a name' })
      .trim()
      .min(1, 'must not be empty')
      .max(MAPPING_NAME_MAX, `must be ${MAPPING_NAME_MAX} characters or fewer`),
    mapping: z.record(z.string(), z.unknown(), { error: 'must be a mapping document {"fields": {…}, …}' }),
  })
  .meta({ id: 'SaveMapping' });
export type SaveMapping = z.infer<typeof SaveMappingSchema>;

export const ListMappingsQuerySchema = z.object({ kind: ImportKindSchema.optional() });

export const ListImportsQuerySchema = PageQuerySchema.extend({ kind: ImportKindSchema.optional() });
export type ListImportsQuery = z.infer<typeof ListImportsQuerySchema>;

// Property-based API fuzzing (issue 9): fast-check arbitraries built from the OpenAPI document's
// JSON schemas — values that follow the schema, hostile ones that do not, and the request they
// travel in — plus a cheap snapshot of every public table to prove a refused request wrote nothing.
import fc from 'fast-check';
import type { Database } from '../../src/db/client.js';
import { encodeCursor } from '../../src/domain/shared/index.js';

/** The subset of JSON Schema (draft 2020-12, as zod 4 emits it) the OpenAPI document uses. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, `/api/v1/orders/{id}`. */
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
  /** The request body is multipart/form-data (declared by `consumes`, not as a JSON schema). */
  isMultipart: boolean;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; description?: string }>
  >;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: content['application/json']?.schema ?? null,
        isMultipart: 'multipart/form-data' in content || /multipart\/form-data/.test(op.description ?? ''),
      });
    }
  }
  return out;
}

/** What the generators draw existing things from (ids of fixtures, their references, a password …). */
export interface Pools {
  /** Existing ids by the field or path parameter they fit (`accountId`, `hotButtonId`, `id@/api/v1/orders/{id}` …). */
  byField: Record<string, readonly string[]>;
  /** Every existing id, of any kind. */
  ids: readonly string[];
  /** Cursors lists handed out (valid for their own list, wrong for most others). */
  cursors: readonly string[];
}

// ------------------------------------------------------------------------------------------------
// Hostile values

const UUID_JUNK = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '123',
  '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e ',
  '{6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e}',
  '6f1c1d6e8b0a4a5e9c1e3f1b2a4c5d6e',
  '6F1C1D6E-8B0A-4A5E-9C1E-3F1B2A4C5D6E',
  '6f1c1d6e-8b0a-0a5e-0c1e-3f1b2a4c5d6e',
];
const DATE_JUNK = [
  '2026-02-29',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '2026-1-1',
  '20260302',
  '2026-03-02T00:00:00Z',
  'today',
  '2024-02-29',
];
const DATETIME_JUNK = [
  '2026-03-02T25:00:00Z',
  '2026-03-02T10:00:60Z',
  '2026-03-02T10:00:00',
  '2026-03-02 10:00:00Z',
  '2026-03-02T10:00:00+24:00',
  '2026-03-02T10:00:00+14:00',
  '2026-03-02T10:00:00-12:59',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59.999999999Z',
  '9999-12-31T23:59:59-12:00',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01T00:00:00.1234567890123Z',
  '2026-02-29T00:00:00Z',
  '2024-02-29T12:00:00Z',
];
const MONEY_JUNK = [
  '0',
  '-0',
  '-0.00',
  '0.001',
  '1.999',
  '-5.00',
  '9999999999999',
  '9999999999999.99',
  '9999999999999.999999999',
  '99999999999999',
  '1e5',
  '0x10',
  ' 12.50 ',
  '+1',
  '.5',
  '5.',
  '١٢٣',
  '1,5',
  '00000000000001.10',
];
const NUMBER_JUNK = [
  -1,
  0,
  -0,
  0.5,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 63,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

/** Strings that broke something, somewhere, once: NUL, lone surrogates, RTL, SQL, paths, templates. */
export const STRING_JUNK = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800x',
  '\uFFFE\uFFFF',
  '\u202Eevil\u202C',
  'مرحبا',
  'ß',
  'İ',
  'ﬀ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '😀'.repeat(40),
  'e\u0301\u0301\u0301',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '1e999',
  "'; drop table users; --",
  '\\',
  '"',
  '%00',
  '%',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  ' padded ',
];

const deeplyNested = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Any JSON value at all, including the deep and the huge. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, '', [], {}, [null], { '': null }) },
  { weight: 1, arbitrary: fc.constantFrom(deeplyNested(40), deeplyNested(300)) },
  { weight: 1, arbitrary: fc.constantFrom(...NUMBER_JUNK) },
  { weight: 1, arbitrary: fc.constantFrom(...STRING_JUNK) },
);

const longString = (n: number) => fc.constantFrom('a', 'é', '😀', '\u0000', ' ').map((c) => c.repeat(Math.max(0, n)));

const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...STRING_JUNK) },
  { weight: 1, arbitrary: longString(100_000) },
);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

// ------------------------------------------------------------------------------------------------
// Schema → arbitrary

/** How hard a case pushes: `valid` follows the schemas everywhere (to reach the use cases), `fuzzy` does not. */
export type Mode = 'valid' | 'fuzzy';

export interface GenContext {
  pools: Pools;
  /** The field this value is for (the property name), to draw existing ids and references. */
  field?: string;
}

const ISO_DAY = (d: Date) => d.toISOString().slice(0, 10);
const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
const recentDates = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
const OFFSETS = ['Z', '+00:00', '+01:00', '-05:00', '+05:45', '+14:00', '-12:00'];

function uuidArb(ctx: GenContext, mode: Mode = 'fuzzy'): fc.Arbitrary<string> {
  const own = ctx.field ? ctx.pools.byField[ctx.field] : undefined;
  const hasOwn = own !== undefined && own.length > 0;
  const options: fc.WeightedArbitrary<string>[] = [{ weight: mode === 'valid' && hasOwn ? 1 : 2, arbitrary: fc.uuid() }];
  if (hasOwn) options.push({ weight: mode === 'valid' ? 12 : 6, arbitrary: fc.constantFrom(...own) });
  if (ctx.pools.ids.length > 0) options.push({ weight: mode === 'valid' && hasOwn ? 1 : 2, arbitrary: fc.constantFrom(...ctx.pools.ids) });
  return fc.oneof(...options);
}

function safeStringMatching(pattern: string): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return null;
  }
}

function stringValid(schema: JsonSchema, ctx: GenContext, mode: Mode): fc.Arbitrary<string> {
  const own = ctx.field ? ctx.pools.byField[ctx.field] : undefined;
  const base = ((): fc.Arbitrary<string> => {
    switch (schema.format) {
      case 'uuid':
        return uuidArb(ctx, mode);
      case 'date':
        return fc.oneof(recentDates.map(ISO_DAY), dates.map(ISO_DAY));
      case 'date-time':
        return fc.oneof(
          recentDates.map((d) => d.toISOString()),
          fc.tuple(dates, fc.constantFrom(...OFFSETS)).map(([d, o]) => d.toISOString().slice(0, 19) + o),
        );
    }
    if (schema.pattern) {
      const matching = safeStringMatching(schema.pattern);
      if (/\\d\{1,13\}/.test(schema.pattern))
        return fc.oneof(fc.constantFrom('0', '0.00', '12.50', '1863.40', '1000', '9999999999999.99'), matching ?? fc.constant('1.00'));
      if (matching) return matching;
    }
    const min = schema.minLength ?? 0;
    const max = Math.min(schema.maxLength ?? 40, 40);
    const arbs: fc.Arbitrary<string>[] = [
      fc.string({ minLength: min, maxLength: Math.max(min, max) }),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) }),
    ];
    if (schema.maxLength !== undefined && schema.maxLength <= 250_000)
      arbs.push(fc.constantFrom('x', 'é', '😀').map((c) => c.repeat(schema.maxLength!)));
    return fc.oneof(...arbs);
  })();
  // Existing things (a real account reference, a known currency) get a case past validation more often than random text.
  if (own && own.length > 0 && schema.format !== 'uuid')
    return fc.oneof(
      { weight: mode === 'valid' ? 5 : 3, arbitrary: fc.constantFrom(...own) },
      { weight: mode === 'valid' ? 1 : 2, arbitrary: base },
    );
  return base;
}

function numberValid(schema: JsonSchema, isInteger: boolean): fc.Arbitrary<number> {
  const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : -1e6);
  const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : 1e6);
  if (isInteger) {
    const min = Math.ceil(schema.exclusiveMinimum !== undefined && schema.minimum === undefined ? lo + 1 : lo);
    const max = Math.floor(schema.exclusiveMaximum !== undefined && schema.maximum === undefined ? hi - 1 : hi);
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
  }
  const double = fc.double({
    min: lo,
    max: hi,
    noNaN: true,
    noDefaultInfinity: true,
    minExcluded: schema.exclusiveMinimum !== undefined,
    maxExcluded: schema.exclusiveMaximum !== undefined,
  });
  // Quantities and factors are mostly whole or short decimals in real requests.
  const wholeMin = Math.ceil(lo + (schema.exclusiveMinimum !== undefined ? 1e-9 : 0));
  const wholeMax = Math.floor(Math.min(hi, 1e6));
  if (wholeMin > wholeMax) return double;
  const whole = fc.integer({ min: wholeMin, max: wholeMax });
  return fc.oneof(
    { weight: 2, arbitrary: whole },
    { weight: 1, arbitrary: whole.map((n) => n + 0.25).filter((n) => n <= hi) },
    { weight: 1, arbitrary: double },
  );
}

/** A value that follows the schema (as far as JSON Schema can say; refinements may still refuse it). */
export function validArb(schema: JsonSchema, ctx: GenContext, depth = 0): fc.Arbitrary<unknown> {
  return schemaArb(schema, ctx, depth, 'valid');
}

/** Mostly valid, with a hostile value anywhere in the tree now and then. */
export function fuzzyArb(schema: JsonSchema, ctx: GenContext, depth = 0): fc.Arbitrary<unknown> {
  return schemaArb(schema, ctx, depth, 'fuzzy');
}

function schemaArb(schema: JsonSchema, ctx: GenContext, depth: number, mode: Mode): fc.Arbitrary<unknown> {
  const valid = schemaValidArb(schema, ctx, depth, mode);
  if (mode === 'valid') return valid;
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostileArb(schema, ctx) });
}

function schemaValidArb(schema: JsonSchema, ctx: GenContext, depth: number, mode: Mode): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => schemaArb(b, ctx, depth, mode)));
  if (schema.allOf && schema.allOf.length > 0) return schemaArb(Object.assign({}, ...schema.allOf) as JsonSchema, ctx, depth, mode);
  const types = typesOf(schema);
  if (types.length === 0) return depth > 3 ? fc.constant(null) : anyJson;
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return numberValid(schema, true);
        case 'number':
          return numberValid(schema, false);
        case 'string':
          return stringValid(schema, ctx, mode);
        case 'array': {
          const item = schema.items ?? {};
          const minLength = schema.minItems ?? 0;
          const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
          return fc.array(schemaArb(item, { pools: ctx.pools, field: ctx.field }, depth + 1, mode), { minLength, maxLength });
        }
        case 'object':
          return objectArb(schema, ctx, depth, mode);
        default:
          return anyJson;
      }
    }),
  );
}

function objectArb(schema: JsonSchema, ctx: GenContext, depth: number, mode: Mode): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, inner] of Object.entries(props)) model[name] = schemaArb(inner, { pools: ctx.pools, field: name }, depth + 1, mode);
  const record = fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') {
    const keys = schema.propertyNames
      ? fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...STRING_JUNK))
      : fc.string({ maxLength: 20 });
    const dict = fc.dictionary(keys, schemaArb(extra, { pools: ctx.pools }, depth + 1, mode), { maxKeys: 4, noNullPrototype: true });
    return fc.tuple(record, dict).map(([r, d]) => ({ ...d, ...r }));
  }
  return record;
}

/** A value the schema refuses (or a value of the wrong kind altogether). */
export function hostileArb(schema: JsonSchema, ctx: GenContext): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [anyJson];
  const types = typesOf(schema);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) for (const b of branches) options.push(hostileArb(b, ctx));
  if (schema.enum)
    options.push(
      anyString,
      fc.constantFrom(
        ...schema.enum.map((e) => (typeof e === 'string' ? e.toUpperCase() : e)),
        ...schema.enum.map((e) => (typeof e === 'string' ? ` ${e}` : e)),
      ),
    );
  if (types.includes('string')) {
    options.push(anyString);
    if (schema.maxLength !== undefined) options.push(longString(schema.maxLength + 1));
    if (schema.minLength !== undefined && schema.minLength > 0)
      options.push(longString(schema.minLength - 1), fc.constant(' '.repeat(schema.minLength)));
    if (schema.format === 'uuid')
      options.push(
        fc.constantFrom(...UUID_JUNK),
        uuidArb(ctx).map((id) => id.toUpperCase()),
      );
    if (schema.format === 'date') options.push(fc.constantFrom(...DATE_JUNK));
    if (schema.format === 'date-time') options.push(fc.constantFrom(...DATETIME_JUNK, ...DATE_JUNK));
    if (schema.pattern && /\\d\{1,13\}/.test(schema.pattern)) options.push(fc.constantFrom(...MONEY_JUNK));
    if (schema.pattern === '^[A-Z]{3}$' || ctx.field === 'currency')
      options.push(fc.constantFrom('usd', 'XXX', 'ZZZ', 'JPY', 'BHD', 'EU', 'EURO', 'ßab', ' usd'));
  }
  if (types.includes('integer') || types.includes('number')) {
    const edges = [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum]
      .filter((v): v is number => v !== undefined)
      .flatMap((v) => [v - 1, v + 1, v - 0.5, v + 0.5]);
    options.push(fc.constantFrom(...NUMBER_JUNK, ...edges), fc.double(), fc.integer().map(String));
  }
  if (types.includes('array')) {
    const item = schema.items ?? {};
    options.push(fc.array(hostileArb(item, ctx), { minLength: 1, maxLength: 3 }));
    if (schema.maxItems !== undefined && schema.maxItems <= 1000)
      options.push(validArb(item, ctx, 5).map((v) => Array.from({ length: schema.maxItems! + 1 }, () => v)));
    if (schema.minItems) options.push(fc.constant([]));
  }
  if (types.includes('object') && schema.properties) options.push(...structuralHostile(schema, ctx));
  return fc.oneof(...options);
}

/** An object that breaks its shape: a required key missing, an unknown key, null, a list. */
function structuralHostile(schema: JsonSchema, ctx: GenContext): fc.Arbitrary<unknown>[] {
  const valid = validArb(schema, ctx, 1) as fc.Arbitrary<Record<string, unknown>>;
  const out: fc.Arbitrary<unknown>[] = [
    fc
      .tuple(
        valid,
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('extra', 'id', 'createdAt', 'isAdmin', '', ' ', 'constructor')),
        anyJson,
      )
      .map(([v, k, x]) => {
        const copy: Record<string, unknown> = { ...(v as object) };
        Object.defineProperty(copy, k, { value: x, enumerable: true, writable: true, configurable: true });
        return copy;
      }),
    fc.constantFrom(null, [], 'object', 0),
  ];
  const required = schema.required ?? [];
  if (required.length > 0)
    out.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => {
        const copy: Record<string, unknown> = { ...(v as object) };
        delete copy[k];
        return copy;
      }),
    );
  return out;
}

// ------------------------------------------------------------------------------------------------
// Queries, cursors, path parameters

/** Cursors nobody handed out: wrong shapes, wrong types, garbage that is not base64 or not JSON. */
export const craftedCursor: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    encodeCursor(['zz', '1']),
    encodeCursor([1, {}]),
    encodeCursor([null]),
    encodeCursor([]),
    encodeCursor([null, null]),
    encodeCursor(['a\u0000b', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor(['2026-13-45T00:00:00.000Z', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor(['0000-01-01T00:00:00.000Z', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor(['9999-12-31 23:59:59.999999+00', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor(['0000-01-01', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor([1e300, '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor(['999999999999999999', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor([-9007199254740991, '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor(['true', 'x', '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    encodeCursor([true, null, '6f1c1d6e-8b0a-4a5e-9c1e-3f1b2a4c5d6e']),
    'bm90LWpzb24',
    '====',
    '!!!',
    '',
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }).map(encodeCursor),
  fc
    .array(fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constantFrom(...DATETIME_JUNK, ...DATE_JUNK)), { minLength: 1, maxLength: 4 })
    .map(encodeCursor),
  fc.base64String({ maxLength: 60 }),
  fc.string({ maxLength: 40 }),
);

function mutateCursor(cursor: string, junk: unknown, at: number): string {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (!Array.isArray(values) || values.length === 0) return cursor;
    values[at % values.length] = junk;
    return encodeCursor(values);
  } catch {
    return cursor;
  }
}

function cursorArb(pools: Pools): fc.Arbitrary<string> {
  const options: fc.WeightedArbitrary<string>[] = [{ weight: 3, arbitrary: craftedCursor }];
  if (pools.cursors.length > 0) {
    options.push({ weight: 3, arbitrary: fc.constantFrom(...pools.cursors) });
    options.push({
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...pools.cursors), anyJson, fc.nat()).map(([c, j, i]) => mutateCursor(c, j, i)),
    });
  }
  return fc.oneof(...options);
}

/** One query parameter's value as it travels: a string, or several (`?a=1&a=2`). */
function queryValueArb(p: Parameter, pools: Pools): fc.Arbitrary<string | string[]> {
  const asText = (v: unknown): string =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  const valid = validArb(p.schema, { pools, field: p.name }).map(asText);
  const hostile = hostileArb(p.schema, { pools, field: p.name }).map(asText);
  const one: fc.Arbitrary<string> =
    p.name === 'cursor'
      ? fc.oneof({ weight: 4, arbitrary: cursorArb(pools) }, { weight: 1, arbitrary: hostile })
      : fc.oneof({ weight: 4, arbitrary: valid }, { weight: 2, arbitrary: hostile });
  return fc.oneof({ weight: 8, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) });
}

/** The query of an operation: each parameter present or not, plus (fuzzy) now and then an unknown one. */
export function queryArb(op: Operation, pools: Pools, mode: Mode): fc.Arbitrary<Record<string, string | string[]>> {
  const model: Record<string, fc.Arbitrary<string | string[]>> = {};
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    if (mode === 'fuzzy') model[p.name] = queryValueArb(p, pools);
    else if (p.name === 'cursor') model[p.name] = pools.cursors.length > 0 ? fc.constantFrom(...pools.cursors) : fc.constant('');
    else model[p.name] = validArb(p.schema, { pools, field: p.name }).map((v) => (typeof v === 'string' ? v : String(v)));
  }
  const required = op.parameters.filter((x) => x.in === 'query' && x.required).map((x) => x.name);
  const query = fc.record(model, { requiredKeys: required });
  if (mode === 'valid') return query;
  const extra = fc.oneof(
    { weight: 7, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknown', 'limit[]', '__proto__', 'q\u0000'), anyString) },
  );
  return fc.tuple(query, extra).map(([q, x]) => (x ? { ...q, [x[0]]: x[1] } : q));
}

/** Path segments sent as they are, not percent-encoded: broken escapes the router must refuse. */
export const RAW_PATH_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF'];

/** A path parameter: an existing id of the right kind, of another kind, a random uuid, or junk. */
export function pathParamArb(op: Operation, p: Parameter, pools: Pools, mode: Mode): fc.Arbitrary<string> {
  const own = pools.byField[`${p.name}@${op.path}`] ?? pools.byField[p.name] ?? [];
  if (mode === 'valid' && own.length > 0)
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...own) },
      { weight: 1, arbitrary: validArb(p.schema, { pools, field: p.name }) as fc.Arbitrary<string> },
    );
  if (mode === 'valid') return validArb(p.schema, { pools, field: p.name }) as fc.Arbitrary<string>;
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 1, arbitrary: fc.constantFrom(...UUID_JUNK, 'a'.repeat(300), '..', '%2F', ' ', '\u0000') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 70 }) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH_SEGMENTS, 'b'.repeat(1200)) },
  ];
  if (p.schema.format === 'uuid') options.push({ weight: 2, arbitrary: fc.uuid() });
  if (own.length > 0) options.push({ weight: 8, arbitrary: fc.constantFrom(...own) });
  if (pools.ids.length > 0) options.push({ weight: 2, arbitrary: fc.constantFrom(...pools.ids) });
  return fc.oneof(...options);
}

/** A request body: valid, mostly valid, structurally wrong, not JSON, or none at all. */
export type BodyCase = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string } | { kind: 'none' };

const RAW_BODIES = [
  '{',
  '{"a":',
  '[1,2',
  'null',
  '"text"',
  '123',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000',
  '{"a":"\\u0000"}',
  '{"a":1,"a":2}',
  '\uFEFF{}',
  '{"a":"\\ud800"}',
  // Over the 5 MB body limit.
  `{"a":"${'x'.repeat(5 * 1024 * 1024 + 1)}"}`,
];

export function bodyArb(schema: JsonSchema, pools: Pools, mode: Mode): fc.Arbitrary<BodyCase> {
  const ctx = { pools };
  if (mode === 'valid') return validArb(schema, ctx).map((value): BodyCase => ({ kind: 'json', value }));
  return fc.oneof(
    { weight: 6, arbitrary: validArb(schema, ctx).map((value): BodyCase => ({ kind: 'json', value })) },
    { weight: 6, arbitrary: fuzzyArb(schema, ctx).map((value): BodyCase => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: hostileArb(schema, ctx).map((value): BodyCase => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(...RAW_BODIES).map((text): BodyCase => ({ kind: 'raw', text, contentType: 'application/json' })),
        fc
          .tuple(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=latin1'),
          )
          .map(([text, contentType]): BodyCase => ({ kind: 'raw', text, contentType })),
      ),
    },
    { weight: 1, arbitrary: fc.constant<BodyCase>({ kind: 'none' }) },
  );
}

// ------------------------------------------------------------------------------------------------
// "Nothing written": one query that fingerprints every public table

/** Columns a read legitimately writes (a session's last sight, refreshed at most once a minute). */
const VOLATILE_COLUMNS = ['last_seen_at'];

export type Snapshot = Record<string, string>;

/** Builds a function that fingerprints every base table of the public schema: row count and an order-free hash of the rows. */
export async function snapshotter(database: Database): Promise<{ tables: string[]; take(): Promise<Snapshot> }> {
  const rows = await database.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const tables = rows.map((r) => r.table_name);
  const drop = VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
  const sql = tables
    .map(
      (t) =>
        `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtext((to_jsonb(x)${drop})::text)::bigint), 0)::text as h from "${t}" x`,
    )
    .join('\nunion all\n');
  return {
    tables,
    async take() {
      const result = await database.query<{ t: string; h: string }>(sql);
      return Object.fromEntries(result.map((r) => [r.t, r.h]));
    },
  };
}

/** The tables whose fingerprint differs between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

// ------------------------------------------------------------------------------------------------
// Reporting

/** JSON for a failure message, with long strings cut (a 100 000-character name stays readable). */
export function brief(value: unknown, max = 2000): string {
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v)) ??
      String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

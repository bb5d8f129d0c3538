// The mapping file: which column of the CSV holds each Rapport field, plus how the file writes
// dates and numbers. Two forms are accepted (docs/imports.md):
//   flat:  {"externalRef": "customer_id", "name": "company_name"}
//   full:  {"fields": {...}, "defaults": {"currency": "USD"}, "dateFormat": "dd/MM/yyyy",
//           "decimal": ",", "delimiter": ";", "encoding": "windows-1252"}
// A field's column may be a list of columns, joined with a space ("name": ["first_name", "last_name"]).
// A field left out of the mapping is read from a column of its own name when the header has one.
import { findBadText, invalid, type FieldError } from '../shared/index.js';
import type { CsvEncoding } from './csv-reader.js';
import { IMPORT_FIELDS, type ImportKind } from './fields.js';
import type { ValueOptions } from './values.js';

export interface ImportMapping extends ValueOptions {
  fields: Record<string, string | string[]>;
  /** A value for a field whose cell is empty or whose column is not mapped ("currency": "USD"). */
  defaults: Record<string, string>;
  /** `,` or `;`; detected from the header line when not given. */
  delimiter: ',' | ';' | null;
  /** The file's text encoding: UTF-8 (the default) or Windows-1252 (older Excel exports; Latin-1 is read as it). */
  encoding: CsvEncoding;
}

const OPTION_KEYS = new Set(['fields', 'defaults', 'dateFormat', 'decimal', 'delimiter', 'encoding']);

/** Names people give the encodings (WHATWG labels): Latin-1 is read as Windows-1252, as browsers do. */
const ENCODING_NAMES: Record<string, CsvEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
};

/** An encoding's name as given (any case) → the encoding, or null when it is not one Rapport reads. */
export function encodingNamed(name: string): CsvEncoding | null {
  return ENCODING_NAMES[name.trim().toLowerCase()] ?? null;
}

// imports.bad_mapping: the mapping file is not valid JSON, names an unknown field or column, or misses a required field.
const badMapping = (errors: FieldError[]) =>
  invalid('imports.bad_mapping', errors, `The mapping is wrong: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);

/** Reads a mapping document (already JSON-parsed) for `kind`; every problem is named at once. */
export function parseMapping(kind: ImportKind, doc: unknown): ImportMapping {
  const errors: FieldError[] = [];
  const mapping: ImportMapping = { fields: {}, defaults: {}, dateFormat: null, decimal: '.', delimiter: null, encoding: 'utf-8' };
  if (doc === undefined || doc === null) return mapping;
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw badMapping([{ path: '(root)', message: 'must be a JSON object {"<rapport field>": "<column>"}' }]);
  const obj = doc as Record<string, unknown>;
  const isFull = 'fields' in obj;
  const rawFields: Record<string, unknown> = isFull
    ? ((obj['fields'] ?? {}) as Record<string, unknown>)
    : Object.fromEntries(Object.entries(obj).filter(([k]) => !OPTION_KEYS.has(k)));
  if (isFull) {
    for (const k of Object.keys(obj))
      if (!OPTION_KEYS.has(k)) errors.push({ path: k || '""', message: `is not a mapping option (known: ${[...OPTION_KEYS].join(', ')})` });
    if (typeof obj['fields'] !== 'object' || obj['fields'] === null || Array.isArray(obj['fields']))
      errors.push({ path: 'fields', message: 'must be an object {"<rapport field>": "<column>"}' });
  }
  const known = new Set(IMPORT_FIELDS[kind].map((x) => x.name));
  const knownList = [...known].join(', ');
  for (const [field, column] of Object.entries(rawFields)) {
    // An empty key is named "" (an empty path names no field).
    const path = isFull ? `fields.${field || '""'}` : field || '""';
    if (!known.has(field)) errors.push({ path, message: `is not a field of ${kind} imports (known: ${knownList})` });
    else if (typeof column === 'string' && column.trim() !== '') mapping.fields[field] = column.trim();
    else if (Array.isArray(column) && column.length > 0 && column.every((c) => typeof c === 'string' && c.trim() !== ''))
      mapping.fields[field] = column.map((c: string) => c.trim());
    else errors.push({ path, message: 'must name a column of the file (or a list of columns)' });
  }
  const defaults = obj['defaults'];
  if (defaults !== undefined) {
    if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults))
      errors.push({ path: 'defaults', message: 'must be an object {"<rapport field>": "<value>"}' });
    else
      for (const [field, value] of Object.entries(defaults)) {
        if (!known.has(field))
          errors.push({ path: `defaults.${field || '""'}`, message: `is not a field of ${kind} imports (known: ${knownList})` });
        else if (typeof value !== 'string') errors.push({ path: `defaults.${field}`, message: 'must be a string' });
        else mapping.defaults[field] = value;
      }
  }
  const { dateFormat, decimal, delimiter, encoding } = obj;
  if (encoding !== undefined) {
    const named = typeof encoding === 'string' ? encodingNamed(encoding) : null;
    if (!named) errors.push({ path: 'encoding', message: 'must be "utf-8" or "windows-1252" (also for Latin-1)' });
    else mapping.encoding = named;
  }
  if (dateFormat !== undefined) {
    if (typeof dateFormat !== 'string' || !/[yY]/.test(dateFormat))
      errors.push({ path: 'dateFormat', message: 'must be a date format such as "dd/MM/yyyy"' });
    else mapping.dateFormat = dateFormat;
  }
  if (decimal !== undefined) {
    if (decimal !== '.' && decimal !== ',') errors.push({ path: 'decimal', message: 'must be "." or ","' });
    else mapping.decimal = decimal;
  }
  if (delimiter !== undefined) {
    if (delimiter !== ',' && delimiter !== ';') errors.push({ path: 'delimiter', message: 'must be "," or ";"' });
    else mapping.delimiter = delimiter;
  }
  if (mapping.decimal === ',' && mapping.delimiter === ',')
    errors.push({ path: 'decimal', message: 'cannot be "," when the delimiter is "," too' });
  if (errors.length > 0) throw badMapping(errors);
  return mapping;
}

/** Parses the text of a mapping file; bad JSON is a bad mapping that says where. */
export function parseMappingText(kind: ImportKind, text: string): ImportMapping {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw badMapping([{ path: '(file)', message: `is not valid JSON: ${(err as Error).message}` }]);
  }
  // The document is kept with the import (jsonb): a NUL or an unpaired surrogate escaped in it
  // ("\u0000", "\ud800") failed that write with a 500 (issue 9, API fuzzing).
  const bad = findBadText(doc);
  if (bad) throw badMapping([bad]);
  return parseMapping(kind, doc);
}

/** Where each mapped field is in a row: the column indexes and the column name shown in reports. */
export interface ColumnPlan {
  field: string;
  indexes: number[];
  column: string;
}

/** Matches the mapping against the file's header; every problem is named at once. */
export function planColumns(kind: ImportKind, mapping: ImportMapping, header: readonly string[]): ColumnPlan[] {
  const errors: FieldError[] = [];
  const plans: ColumnPlan[] = [];
  const indexOf = new Map<string, number>();
  header.forEach((h, i) => {
    if (!indexOf.has(h)) indexOf.set(h, i);
  });
  const columnsList = header.map((h) => `"${h}"`).join(', ');
  for (const def of IMPORT_FIELDS[kind]) {
    const mapped = mapping.fields[def.name];
    if (mapped !== undefined) {
      const cols = Array.isArray(mapped) ? mapped : [mapped];
      const missing = cols.filter((c) => !indexOf.has(c));
      if (missing.length > 0) {
        errors.push({
          path: `fields.${def.name}`,
          message: `names ${missing.map((c) => `"${c}"`).join(', ')}, not in the file's header (columns: ${columnsList})`,
        });
        continue;
      }
      plans.push({ field: def.name, indexes: cols.map((c) => indexOf.get(c)!), column: cols.join('+') });
    } else if (indexOf.has(def.name)) {
      plans.push({ field: def.name, indexes: [indexOf.get(def.name)!], column: def.name });
    } else if (def.isRequired && mapping.defaults[def.name] === undefined) {
      errors.push({ path: `fields.${def.name}`, message: `is required: map it to a column (columns: ${columnsList})` });
    }
  }
  if (errors.length > 0) throw badMapping(errors);
  return plans;
}

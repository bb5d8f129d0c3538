// The mapping file: which column of the CSV holds each Rapport field, plus how the file writes
// dates and numbers (docs/imports.md). Its two forms and their rules are a zod schema in
// contract/imports.ts, shared with the web's import wizard; here a wrong one is a bad mapping.
// A field left out of the mapping is read from a column of its own name when the header has one.
import { encodingNamed, readImportMapping, type ImportMapping } from '../../../contract/imports.js';
import { REPEATED_KEY, repeatedKeys } from '../../../contract/mapping-text.js';
import { findBadText, invalid, type FieldError } from '../shared/index.js';
import { IMPORT_FIELDS, type ImportKind } from './fields.js';

export { encodingNamed, type ImportMapping };

// imports.bad_mapping: the mapping file is not valid JSON, names an unknown field or column, or misses a required field.
const badMapping = (errors: FieldError[]) =>
  invalid('imports.bad_mapping', errors, `The mapping is wrong: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);

/** Reads a mapping document (already JSON-parsed) for `kind`; every problem is named at once. */
export function parseMapping(kind: ImportKind, doc: unknown): ImportMapping {
  const { mapping, problems } = readImportMapping(kind, doc);
  if (problems.length > 0 || !mapping) throw badMapping(problems);
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
  const repeated = repeatedKeys(text);
  if (repeated.length > 0) throw badMapping(repeated.map((path) => ({ path, message: REPEATED_KEY })));
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

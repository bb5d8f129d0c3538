// The kinds of CSV import and the fields each understands (docs/domain.md §5, "Import fields"): declared
// with the entities in contract/ (contract/imports.ts), shared with the web's import wizard.
import { IMPORT_KIND_VALUES, type ImportKind } from '../../../contract/imports.js';

export { IMPORT_FIELDS, type ImportField, type ImportKind } from '../../../contract/imports.js';

export const IMPORT_KINDS = IMPORT_KIND_VALUES;

export function isImportKind(text: string): text is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(text);
}

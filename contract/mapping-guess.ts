// Which column of a file holds which field, guessed from its header — a proposal the import page
// shows and the CLI prints for the user to check, never applied without them (docs/imports.md).
// No node or DOM imports here.
import { IMPORT_FIELDS, type ImportKind } from './imports.js';

export const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const LINE_FIELDS = new Set(['sku', 'description', 'quantity', 'unitPrice', 'lineAmount']);

/** Where a field belongs in a sales export: the order's, its line's or its customer's; other kinds have one group. */
export function fieldGroup(kind: ImportKind, name: string): 'Order' | 'Line' | 'Customer' | null {
  if (kind !== 'sales') return null;
  if (LINE_FIELDS.has(name)) return 'Line';
  return name.startsWith('account') && name !== 'accountRef' ? 'Customer' : 'Order';
}

/**
 * The field → column guess: same name ignoring case and separators first, then synonyms. A column is used once, except
 * `number`/`externalRef` sharing an id. In a sales export the customer's fields are often headed without "Customer"
 * (`City`, `Country`): last, an unused column named as the field without its `account` prefix (not `Name`, which may be
 * the product's).
 */
export function guessMapping(kind: ImportKind, columns: readonly string[]): Record<string, string> {
  const fields = IMPORT_FIELDS[kind];
  const byNorm = new Map(columns.map((c) => [normalise(c), c]));
  const result: Record<string, string> = {};
  const used = new Set<string>();
  for (const field of fields) {
    const exact = byNorm.get(normalise(field.name));
    if (exact) {
      result[field.name] = exact;
      used.add(exact);
    }
  }
  for (const field of fields) {
    if (result[field.name]) continue;
    for (const c of field.synonyms) {
      const col = byNorm.get(c);
      // An order's id is both its number and its external reference; anything else once.
      if (col && (!used.has(col) || field.name === 'externalRef')) {
        result[field.name] = col;
        used.add(col);
        break;
      }
    }
  }
  if (kind === 'sales')
    for (const field of fields) {
      if (result[field.name] || fieldGroup('sales', field.name) !== 'Customer' || field.name === 'accountName') continue;
      const col = byNorm.get(normalise(field.name.replace(/^account/, '')));
      if (col && !used.has(col)) {
        result[field.name] = col;
        used.add(col);
      }
    }
  return result;
}

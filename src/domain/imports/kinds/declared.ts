// Import fields a kind leaves to the entity's declaration: each is read by its declared value (a
// text as it is, a yes/no, a number, a date, one of a list), checked by the field's own zod
// schema — the API's rule — and written to the column of the same name. A field added to the
// declaration with `import` is imported without a line here.
import { getTableColumns, type Table } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { AnyField, EntityInfo, ValueKind } from '../../../../contract/entity.js';
import type { RowCells } from '../kind.js';
import { dateHint, parseBooleanValue, parseDateValue, readDecimal, type ValueOptions } from '../values.js';

export interface DeclaredColumn {
  field: string;
  /** The column in SQL (snake_case) and its type, for json_to_recordset. */
  column: string;
  sqlType: string;
  def: AnyField;
}

const READABLE: ReadonlySet<ValueKind> = new Set(['text', 'email', 'enum', 'bool', 'int', 'number', 'date']);

/**
 * The import fields of `entity` that its kind does not read by hand (`byHand`): each must be a
 * column of `table` (`store: 'column'`) holding a value read here, else the kind needs code for it
 * (thrown when the module loads, so a test fails before a file is read).
 */
export function declaredColumns(entity: EntityInfo, table: Table, byHand: readonly string[]): DeclaredColumn[] {
  const columns = getTableColumns(table) as Record<string, PgColumn | undefined>;
  return entity.importFields
    .filter((f) => !byHand.includes(f.name))
    .map((f) => {
      const def = entity.fields[f.name]!;
      const column = columns[f.name];
      if (def.store !== 'column' || !column || !READABLE.has(def.value.kind))
        throw new Error(`import field ${f.name} is not a column of a kind read here (${[...READABLE].join(', ')}): read it by hand`);
      return { field: f.name, column: column.name, sqlType: column.getSQLType(), def };
    });
}

/** A declared field's cell: its value, or null when empty or wrong (after naming the problem). */
export function readDeclared(c: RowCells, d: DeclaredColumn, opts: ValueOptions): unknown {
  const text = c.get(d.field);
  if (text === undefined) {
    // Left empty: the create's default (a contact's role is 'other'), else null.
    const create = d.def.options.create;
    return typeof create === 'object' ? create.default : null;
  }
  const bad = (reason: string) => {
    c.bad(d.field, reason);
    return null;
  };
  const { kind, input } = d.def.value;
  // A text's length was checked with every cell (limits.rules.ts, from the same schema).
  if (kind === 'text') return text;
  let v: unknown = text;
  if (kind === 'bool') {
    v = parseBooleanValue(text);
    if (v === null) return bad('must be yes or no (true/false, 1/0)');
  } else if (kind === 'int' || kind === 'number') {
    const n = readDecimal(text, opts.decimal);
    if ('reason' in n) return bad(n.reason);
    v = Number(n.value);
  } else if (kind === 'date') {
    v = parseDateValue(text, opts);
    if (v === null) return bad(`is not ${dateHint(opts)}`);
  } else if (kind === 'enum') {
    const options = (input as z.ZodEnum).options as readonly string[];
    v = text.toLowerCase().replace(/[\s-]+/g, '_');
    if (!options.includes(v as string)) return bad(`is not one of ${options.join(', ')}`);
  }
  // The API's own rule for the field (its length, its range).
  const checked = input.safeParse(v);
  return checked.success ? checked.data : bad(checked.error.issues[0]?.message ?? 'is not valid');
}

/** A kind whose SQL names every column by hand: each of its import fields must be in `byHand` (thrown when the module loads). */
export function assertReadByHand(entity: EntityInfo, byHand: readonly string[]): void {
  const rest = entity.importFields.filter((f) => !byHand.includes(f.name)).map((f) => f.name);
  if (rest.length > 0) throw new Error(`import fields read by no code: ${rest.join(', ')} (add them to the kind, by hand)`);
}

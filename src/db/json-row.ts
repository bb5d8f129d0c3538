// Whole rows read as one JSON value each (`row_to_json`), for read paths that return pages of wide
// rows. PGlite decodes every field of a result in JavaScript (a buffer copy and a TextDecoder call
// per field): a 25-row page of accounts cost more in decoding than in the query itself. One JSON
// value per row is decoded once; the columns' own drizzle mappings then give the usual row type.
import { getTableColumns, type Column, type InferSelectModel, type Table } from 'drizzle-orm';

const columnsOf = new WeakMap<Table, [string, Column][]>();
const IS_JSON = new Set(['PgJson', 'PgJsonb']);

/** A row of `table` from its `row_to_json` object (keys are the SQL column names). */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  let columns = columnsOf.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    columnsOf.set(table, columns);
  }
  const row: Record<string, unknown> = {};
  for (const [key, column] of columns) {
    const value = json[column.name];
    // json/jsonb values arrive parsed already (a jsonb string must not be parsed twice).
    row[key] = value === null || value === undefined ? null : IS_JSON.has(column.columnType) ? value : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}

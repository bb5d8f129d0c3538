// Keyset pagination over one sort expression plus the row id as tiebreaker (DESIGN §5). Nulls sort
// last in both directions. The cursor carries the sort name and the sort value as the database
// renders it (full microsecond precision for timestamps), so paging never skips or repeats a row.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor, invalid } from '../shared/index.js';

export type SortKind = 'text' | 'timestamp' | 'bigint' | 'boolean';

export interface SortKey {
  /** The expression ordered by. */
  expr: SQL;
  kind: SortKind;
  nullable: boolean;
}

export interface KeysetInput {
  /** A name for this ordering; a cursor from another ordering is refused. */
  name: string;
  keys: SortKey[];
  id: AnyPgColumn;
  direction: 'asc' | 'desc';
  cursor: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHAPES: Record<SortKind, RegExp> = {
  text: /^[\s\S]*$/,
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  bigint: /^-?\d{1,19}$/,
  boolean: /^(true|false)$/,
};

/** Renders a sort value as text that casts back to the same value. */
function asText(key: SortKey): SQL {
  if (key.kind === 'timestamp') return sql`to_char(${key.expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return sql`(${key.expr})::text`;
}

function param(kind: SortKind, value: string): SQL {
  switch (kind) {
    case 'timestamp':
      return sql`${value}::timestamptz`;
    case 'bigint':
      return sql`${value}::bigint`;
    case 'boolean':
      return sql`${value}::boolean`;
    case 'text':
      return sql`${value}::text`;
  }
}

function badCursor(): never {
  // pagination.bad_cursor: the cursor was not one this list handed out (or came from another sort).
  throw invalid('pagination.bad_cursor', [{ path: 'cursor', message: 'is not a cursor from this list' }]);
}

export interface Keyset {
  /** Extra select columns holding each key as text, for the next cursor. */
  select: Record<string, SQL<string | null>>;
  orderBy: SQL[];
  /** Rows after the cursor, or undefined on the first page. */
  where: SQL | undefined;
  cursorOf(row: Record<string, unknown>): unknown[];
}

export function keyset(input: KeysetInput): Keyset {
  const { keys, id, direction } = input;
  const dir = direction === 'asc' ? sql`asc` : sql`desc`;
  const op = direction === 'asc' ? sql`>` : sql`<`;
  const select: Record<string, SQL<string | null>> = {};
  keys.forEach((k, i) => {
    select[`_k${i}`] = sql<string | null>`${asText(k)}`;
  });
  const orderBy = [...keys.map((k) => sql`${k.expr} ${dir} nulls last`), sql`${id} ${dir}`];

  let where: SQL | undefined;
  const after = decodeCursor(input.cursor, keys.length + 2);
  if (after) {
    const [name, ...rest] = after;
    const cid = rest.pop();
    if (name !== input.name || typeof cid !== 'string' || !UUID.test(cid)) badCursor();
    const values = rest.map((v, i) => {
      const k = keys[i]!;
      if (v === null && k.nullable) return null;
      if (typeof v !== 'string' || !SHAPES[k.kind].test(v)) badCursor();
      return v;
    });
    where = after_(keys, values, sql`${id}`, sql`${cid}::uuid`, op);
  }
  return {
    select,
    orderBy,
    where,
    cursorOf: (row) => [input.name, ...keys.map((_, i) => row[`_k${i}`] ?? null), row['id']],
  };
}

/**
 * Rows strictly after (values…, id) in the order `keys… nulls last, id`, built key by key:
 * greater on this key, or equal on it and after on the rest. A null cursor value means the
 * previous row was in the nulls group, which comes last.
 */
function after_(keys: SortKey[], values: (string | null)[], idExpr: SQL, idValue: SQL, op: SQL): SQL {
  if (keys.length === 0) return sql`${idExpr} ${op} ${idValue}`;
  if (keys.every((k, i) => !k.nullable && values[i] != null)) {
    // A row comparison, which PostgreSQL can answer from an index on (keys…, id).
    const params = keys.map((k, i) => param(k.kind, values[i]!));
    return sql`(${sql.join([...keys.map((k) => k.expr), idExpr], sql`, `)}) ${op} (${sql.join([...params, idValue], sql`, `)})`;
  }
  const [k, ...restKeys] = keys;
  const [v, ...restValues] = values;
  const rest = after_(restKeys, restValues, idExpr, idValue, op);
  if (v === null || v === undefined) return sql`(${k!.expr} is null and ${rest})`;
  const p = param(k!.kind, v);
  const beyond = sql`${k!.expr} ${op} ${p}`;
  const equal = sql`${k!.expr} = ${p}`;
  const nullsAfter = k!.nullable ? sql` or ${k!.expr} is null` : sql``;
  return sql`(${beyond} or (${equal} and ${rest})${nullsAfter})`;
}

export function nextCursor(rows: Record<string, unknown>[], limit: number, ks: Keyset): string | null {
  if (rows.length <= limit) return null;
  return encodeCursor(ks.cursorOf(rows[limit - 1]!));
}

// Keyset ("seek") pagination over any sort: the cursor holds the last row's sort values, and the
// next page starts strictly after them — stable under inserts and fast at any depth with an index.
import { and, or, sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import type { CursorKind, CursorShape } from '../shared/index.js';

export interface SortKey {
  expr: AnyColumn | SQL;
  dir: 'asc' | 'desc';
  /** SQL type of the cursor value, so both engines compare typed values. */
  type: 'timestamptz' | 'date' | 'bigint' | 'text' | 'uuid';
  /** Nullable keys sort NULLS LAST in both directions. */
  nullable?: boolean;
}

const typed = (key: SortKey, value: unknown): SQL => sql`cast(${value} as ${sql.raw(key.type)})`;

function beyond(key: SortKey, value: unknown): SQL {
  if (value === null) return sql`false`;
  const cmp = key.dir === 'asc' ? sql`${key.expr} > ${typed(key, value)}` : sql`${key.expr} < ${typed(key, value)}`;
  return key.nullable ? sql`(${cmp} or ${key.expr} is null)` : cmp;
}

function equal(key: SortKey, value: unknown): SQL {
  return value === null ? sql`${key.expr} is null` : sql`${key.expr} = ${typed(key, value)}`;
}

const SHAPE_OF: Record<SortKey['type'], CursorKind> = {
  timestamptz: 'timestamp',
  date: 'date',
  bigint: 'bigint',
  text: 'text',
  uuid: 'uuid',
};

/** What each key's cursor value must look like (decodeCursor checks them). */
export function cursorShapes(keys: readonly SortKey[]): CursorShape[] {
  return keys.map((k): CursorShape => (k.nullable ? `${SHAPE_OF[k.type]}?` : SHAPE_OF[k.type]));
}

/** Rows strictly after `values` in the order of `keys` (lexicographic). */
export function keysetAfter(keys: readonly SortKey[], values: readonly unknown[]): SQL {
  const branches: SQL[] = keys.map((key, i) => and(...keys.slice(0, i).map((k, j) => equal(k, values[j])), beyond(key, values[i]))!);
  return or(...branches)!;
}

export function keysetOrderBy(keys: readonly SortKey[]): SQL[] {
  return keys.map((k) => sql`${k.expr} ${sql.raw(k.dir)}${sql.raw(k.nullable ? ' nulls last' : '')}`);
}

/** Escapes LIKE wildcards and wraps in %…% for a contains search. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[%_\\]/g, '\\$&')}%`;
}

/** Postgres unique violation on the named constraint (drizzle wraps driver errors in `cause`). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint: c, message } = e as { code?: string; constraint?: string; message?: string };
    if (code === '23505' && (c === constraint || (typeof message === 'string' && message.includes(constraint)))) return true;
  }
  return false;
}

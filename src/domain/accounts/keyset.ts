// Keyset pagination over sort expressions plus the row id as tiebreaker (docs/domain.md §5). Nulls sort
// last in both directions. The cursor carries the sort name and the sort values as the database
// renders them (timestamps with their microseconds), so paging never skips or repeats a row.
//
// NOTE: "desc nulls last" cannot walk an ascending btree index backwards, so a nullable key is read
// as two segments — rows with a value, then rows without — each one plain index order.
import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor, invalid, type CursorShape } from '../shared/index.js';

export type SortKind = 'text' | 'timestamp' | 'bigint' | 'boolean';

export interface SortKey {
  /** The expression ordered by. */
  expr: SQL;
  kind: SortKind;
  /** Only a sole key may be nullable. */
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

/** One part of the ordering, read after the parts before it are exhausted. */
export interface Segment {
  where: SQL | undefined;
  orderBy: SQL[];
}

export interface Keyset {
  /** Extra select columns holding each key as text, for the next cursor. */
  select: Record<string, SQL<string | null>>;
  segments: Segment[];
  cursorOf(row: Record<string, unknown>): unknown[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHAPES: Record<SortKind, RegExp> = {
  text: /^[\s\S]*$/,
  // As PostgreSQL renders timestamptz (DateStyle ISO): "2025-06-01 10:00:00.123456+00".
  timestamp: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})$/,
  bigint: /^-?\d{1,19}$/,
  boolean: /^(true|false)$/,
};

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

/** Decodes the cursor into the last row's sort values and id, checking each against its key. */
function readCursor(input: KeysetInput): { values: (string | null)[]; id: string } | null {
  const after = decodeCursor(input.cursor, ['text', ...input.keys.map((k): CursorShape => (k.nullable ? `${k.kind}?` : k.kind)), 'uuid']);
  if (!after) return null;
  const [name, ...rest] = after;
  const id = rest.pop();
  if (name !== input.name || typeof id !== 'string' || !UUID.test(id)) badCursor();
  const values = rest.map((v, i) => {
    const k = input.keys[i]!;
    if (v === null && k.nullable) return null;
    if (typeof v !== 'string' || !SHAPES[k.kind].test(v)) badCursor();
    return v;
  });
  return { values, id };
}

export function keyset(input: KeysetInput): Keyset {
  const { keys, id, direction } = input;
  if (keys.length > 1 && keys.some((k) => k.nullable)) throw new Error('keyset: only a sole sort key may be nullable');
  const dir = direction === 'asc' ? sql`asc` : sql`desc`;
  const op = direction === 'asc' ? sql`>` : sql`<`;
  const select: Record<string, SQL<string | null>> = {};
  keys.forEach((k, i) => {
    // The expression itself (no per-row function): both drivers hand timestamptz over as its text
    // with microseconds, which a JS Date would cut to milliseconds.
    select[`_k${i}`] = sql<string | null>`${k.expr}`;
  });
  const after = readCursor(input);
  const valued: Segment = {
    where: after && after.values.every((v) => v !== null) ? beyondCursor(keys, after.values, id, after.id, op) : undefined,
    orderBy: [...keys.map((k) => sql`${k.expr} ${dir}`), sql`${id} ${dir}`],
  };
  const key = keys[0];
  let segments: Segment[];
  if (!key?.nullable) {
    segments = [valued];
  } else {
    // A cursor inside the nulls (the last part) continues there; one among the values has every null still ahead.
    const inNulls = after !== null && after.values[0] === null;
    const nulls: Segment = {
      where: and(sql`${key.expr} is null`, inNulls ? sql`${id} ${op} ${after.id}::uuid` : undefined),
      orderBy: [sql`${id} ${dir}`],
    };
    valued.where = and(sql`${key.expr} is not null`, valued.where);
    segments = inNulls ? [nulls] : [valued, nulls];
  }
  return {
    select,
    segments,
    cursorOf: (row) => [input.name, ...keys.map((_, i) => cursorValue(row[`_k${i}`])), row['id']],
  };
}

function cursorValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** Rows after the cursor row: a row comparison, which PostgreSQL answers from an index on (keys…, id). */
function beyondCursor(keys: SortKey[], values: string[], id: AnyPgColumn, cursorId: string, op: SQL): SQL {
  const left = sql.join([...keys.map((k) => k.expr), sql`${id}`], sql`, `);
  const right = sql.join([...keys.map((k, i) => param(k.kind, values[i]!)), sql`${cursorId}::uuid`], sql`, `);
  return sql`(${left}) ${op} (${right})`;
}

/**
 * Runs the segments in order until `limit + 1` rows are in hand (one more than the page, to know
 * whether another page follows). `run` gets the segment and how many rows it may return.
 */
export async function readPage<T extends Record<string, unknown>>(
  ks: Keyset,
  limit: number,
  run: (segment: Segment, take: number) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (const segment of ks.segments) {
    rows.push(...(await run(segment, limit + 1 - rows.length)));
    if (rows.length > limit) break;
  }
  return rows;
}

export function nextCursor(rows: Record<string, unknown>[], limit: number, ks: Keyset): string | null {
  if (rows.length <= limit) return null;
  return encodeCursor(ks.cursorOf(rows[limit - 1]!));
}

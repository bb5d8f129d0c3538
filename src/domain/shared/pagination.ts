// Cursor pagination: the cursor is the sort values of the last row, opaque to clients. A cursor is
// checked value by value against what its list sorts by before any of it reaches SQL: a crafted one
// (["zz","1"], [1,{}]) is a 400 pagination.bad_cursor, never a failed cast and a 500 (issue 9, defect 11).
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { invalid } from './errors.js';

export type CursorKind = 'text' | 'uuid' | 'timestamp' | 'date' | 'bigint' | 'boolean';
/** A value's kind; `?` when it may be null. */
export type CursorShape = CursorKind | `${CursorKind}?`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// As PostgreSQL renders timestamptz (DateStyle ISO, "2025-06-01 10:00:00.123456+00") or JSON does ("…T10:00:00.000Z").
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDay(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** Whether a decoded cursor value is one of `kind` (as this list hands them out). */
export function isCursorValue(kind: CursorKind, v: unknown): boolean {
  switch (kind) {
    case 'text':
      return typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000');
    case 'uuid':
      return typeof v === 'string' && UUID.test(v);
    case 'timestamp': {
      const m = typeof v === 'string' ? TIMESTAMP.exec(v) : null;
      return m !== null && isCalendarDay(m[1]!, m[2]!, m[3]!);
    }
    case 'date': {
      const m = typeof v === 'string' ? DATE.exec(v) : null;
      return m !== null && isCalendarDay(m[1]!, m[2]!, m[3]!);
    }
    case 'bigint':
      return (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?\d{1,18}$/.test(v));
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false';
  }
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The last row's sort values from a cursor, each checked against `shapes`; null without a cursor. */
export function decodeCursor(cursor: string | undefined, shapes: readonly CursorShape[]): unknown[] | null {
  if (!cursor) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  const fits =
    Array.isArray(v) &&
    v.length === shapes.length &&
    shapes.every((shape, i) => {
      const isNullable = shape.endsWith('?');
      return (isNullable && v[i] === null) || isCursorValue(shape.replace('?', '') as CursorKind, v[i]);
    });
  // pagination.bad_cursor: the cursor was not one this list handed out.
  if (!fits) throw invalid('pagination.bad_cursor', [{ path: 'cursor', message: 'is not a cursor from this list' }]);
  return v as unknown[];
}

export function pageResult<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown[]): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}

/**
 * For a list newest first by (time, id): the rows after the cursor's last row — older, or as old
 * with a smaller id. Undefined without a cursor; a cursor of another shape is pagination.bad_cursor.
 */
export function olderThanCursor(cursor: string | undefined, at: AnyPgColumn, id: AnyPgColumn): SQL | undefined {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | null;
  if (!after) return undefined;
  return sql`(${at}, ${id}) < (cast(${after[0]} as timestamptz), cast(${after[1]} as uuid))`;
}

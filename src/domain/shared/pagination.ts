// Cursor pagination: the cursor is the sort values of the last row, opaque to clients.
import { invalid } from './errors.js';

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === length) return v as unknown[];
  } catch {
    // fall through
  }
  // pagination.bad_cursor: the cursor was not one this list handed out.
  throw invalid('pagination.bad_cursor', [{ path: 'cursor', message: 'is not a cursor from this list' }]);
}

export function pageResult<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown[]): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}

// A status or kind column is `text(name, { enum: LIST })` (the TypeScript type) with one of these
// CHECK constraints (the database refuses anything else), LIST being the one `as const` list in
// contract/ (docs/ARCHITECTURE.md "Data"). A changed list is a new migration: `npm run db:generate`.
import { sql } from 'drizzle-orm';
import { check, type AnyPgColumn } from 'drizzle-orm/pg-core';

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** CHECK (column in (…)): the column holds one of `values` (a null passes, as SQL has it). */
export function checkOneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  return check(name, sql`${column} in (${sql.raw(values.map(literal).join(', '))})`);
}

/** CHECK (column <@ array[…]): every element of a text[] column is one of `values`. */
export function checkAllOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  return check(name, sql`${column} <@ array[${sql.raw(values.map(literal).join(', '))}]::text[]`);
}

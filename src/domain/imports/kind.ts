// What each kind of import provides to the import loop (import-csv.ts), and the set-based upsert
// every kind writes with: one INSERT … SELECT FROM json_to_recordset($1) … ON CONFLICT … DO UPDATE
// … WHERE something changed per batch — no per-row round trips.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { CopyValue } from '../../db/copy.js';
import type { SettingsRow } from '../settings/index.js';
import type { Actor, ErrorCode } from '../shared/index.js';
import type { ImportKind } from './fields.js';
import type { ImportMapping } from './mapping.js';

export interface ImportProblem {
  line: number;
  column: string;
  value: string;
  reason: string;
  /** The rule the row broke, when it is one a use case also enforces (orders.gate_open, orders.bad_transition …). */
  code?: ErrorCode;
}

/** One data row of the file, read through the mapping. */
export interface RowCells {
  line: number;
  /** The trimmed cell of a field (or its default); undefined when empty or not mapped. */
  get(field: string): string | undefined;
  /** Marks the row bad; `field` names the column in the report; `code` says which rule (orders.gate_open …). */
  bad(field: string, reason: string, code?: ErrorCode): void;
  /** True once the row has a problem. */
  isBad(): boolean;
  /** An amount of the row was rounded to its currency (the `round` option): by how much, rounded − written. */
  rounded(currency: string, difference: string): void;
}

/** An amount a row rounded. */
export interface Rounding {
  currency: string;
  difference: string;
}

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface KindDeps {
  db: Db;
  /** The import record this run writes under (orders remember it: decision 0007). */
  importId: string;
  actor: Actor;
  now: Date;
  settings: SettingsRow;
  kind: ImportKind;
  mapping: ImportMapping;
  /** --skip-bad-rows: the good rows are written even when some are bad. */
  isSkippingBadRows: boolean;
  /** Written in steps of their own transactions, published by the last (transaction.ts, decision 0023). */
  isInSteps: boolean;
  /** The fields the file provides (mapped columns or defaults): only those are updated on re-import. */
  provided: ReadonlySet<string>;
  /** Orders: an admin's override of open playbook gates, with the reason (as POST /orders/:id/transitions). */
  overrideGates: { reason: string } | null;
}

export interface KindHandler<R> {
  /** The field whose value must be unique within the file, and the row's key (null: no check). */
  keyField: string;
  key(row: R): string | null;
  /** Loads what a chunk of rows refers to, in one query (e.g. the orders that order lines name). */
  lookup?(db: Db, rows: readonly RowCells[]): Promise<void>;
  /** Checks and converts one row; null when it is bad (after calling `cells.bad`). */
  convert(cells: RowCells): R | null;
  /** Writes one batch of good rows (kinds written as the file is read). */
  write?(tx: Db, rows: readonly R[]): Promise<WriteCounts>;
  /** Staged kinds: the good rows are copied into a staging table, then written from it (see Staging). */
  staging?: Staging<R>;
  /** After the last batch, inside the same transaction (in steps: the last step, which publishes the file). */
  finish?(tx: Db): Promise<void>;
  /**
   * In steps, once the file is published: what follows from it for the records it touched
   * (orders: the accounts' statistics), a part per step (`step` runs one). The import's record
   * says 'running' until it is done; a process that dies meanwhile has it done at the next start.
   */
  settle?(tx: Db, step: <T>(fn: () => Promise<T>) => Promise<T>): Promise<void>;
}

/** The temporary table a staged import copies its good rows into (dropped at the end of the transaction). */
export const STAGE_TABLE = 'import_stage';
/** An import in steps (transaction.ts): the staged lines whose row existed, changed by the last step (Staging.writeDeferred). */
export const EXISTING_TABLE = 'import_existing';

/**
 * The staged rows with line in (%FROM%, %TO%], each key (`keyColumn`) once. With --skip-bad-rows
 * a key that came on an earlier line is left out (the first occurrence is kept and written once;
 * the (key, line) index made with the table serves it). Without, a repeated key rejects the file
 * anyway, so a range only keeps its first row per key — a range never holds one key twice.
 */
export function stagedRange(keyColumn: string, isSkippingBadRows: boolean): string {
  const range = `select * from ${STAGE_TABLE} s where s.line > %FROM% and s.line <= %TO%`;
  return isSkippingBadRows
    ? `${range} and not exists (select 1 from ${STAGE_TABLE} e where e.${keyColumn} = s.${keyColumn} and e.line < s.line)`
    : `select distinct on (s.${keyColumn}) * from (${range}) s order by s.${keyColumn}, s.line`;
}

/** Column name (a key of the row) → SQL type, in COPY order. */
export type StageColumns<R> = readonly (readonly [keyof R & string, string])[];

/**
 * A staged kind: the good rows of each chunk go into STAGE_TABLE (`line` first, then `columns`)
 * with COPY, and are written from it set-based, a range of lines per statement (stagedRange),
 * while the process reads the next chunks; once the whole file is read, repeated keys are found
 * in SQL over that table. Memory stays flat whatever the file size: the database holds the rows,
 * not a map in the process.
 */
export interface Staging<R> {
  /** The first column is the key that must be unique within the file (reported as `keyField`). */
  columns: readonly (readonly [string, string])[];
  values(row: R): CopyValue[];
  /** Writes the staged rows with line in (from, to]; `touched` = created + updated. */
  write(tx: Db, from: number, to: number): Promise<{ created: number; updated: number; touched: number }>;
  /**
   * An import in steps (transaction.ts) writes only new rows per step, invisible until published;
   * a change to a row that exists would be seen at once, so `write` leaves those for this, which
   * the last step calls.
   */
  writeDeferred?(tx: Db): Promise<{ updated: number }>;
}

export async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  // node-postgres and PGlite both answer {rows}; the cast names what both drivers share.
  const r: unknown = await db.execute(query);
  return Array.isArray(r) ? (r as T[]) : ((r as { rows?: T[] }).rows ?? []);
}

export interface UpsertSpec {
  table: string;
  /** Column name → SQL type, in insert order; the JSON rows carry these keys. */
  columns: Record<string, string>;
  conflict: string;
  /** On conflict, column → new value expression (`excluded.x` by default). */
  update: Record<string, string>;
  /** Extra columns set on insert only, as SQL expressions (created_at …). */
  insertOnly?: Record<string, string>;
  /** Set on update when something changed (updated_at …). */
  touch?: Record<string, string>;
  /** Extra RETURNING expressions. */
  returning?: string;
}

/** The upsert statement; `$rows` is one json parameter holding the batch. */
export function upsertSql(spec: UpsertSpec, rowsJson: string) {
  const cols = Object.keys(spec.columns);
  const extra = spec.insertOnly ?? {};
  const recordType = cols.map((c) => `${c} ${spec.columns[c]}`).join(', ');
  const insertCols = [...cols, ...Object.keys(extra)].join(', ');
  const selectExprs = [...cols.map((c) => `r.${c}`), ...Object.values(extra)].join(', ');
  const upd = Object.entries(spec.update);
  const onConflict =
    upd.length === 0
      ? `on conflict ${spec.conflict} do nothing`
      : `on conflict ${spec.conflict} do update set ${[...upd, ...Object.entries(spec.touch ?? {})].map(([c, e]) => `${c} = ${e}`).join(', ')}
         where (${upd.map(([c]) => `${spec.table}.${c}`).join(', ')}) is distinct from (${upd.map(([, e]) => e).join(', ')})`;
  const text = `insert into ${spec.table} (${insertCols})
    select ${selectExprs} from json_to_recordset(`;
  const tail = `::json) as r(${recordType})
    ${onConflict}
    returning (xmax::text = '0') as inserted${spec.returning ? `, ${spec.returning}` : ''}`;
  return sql.join([sql.raw(text), sql`${rowsJson}`, sql.raw(tail)]);
}

export function countsOf(batchSize: number, returned: readonly { inserted: boolean }[]): WriteCounts {
  const created = returned.filter((r) => r.inserted).length;
  return { created, updated: returned.length - created, unchanged: batchSize - returned.length };
}

/**
 * An order or quote event's `changes` in SQL: one `{from, to}` per changed field and nothing for the
 * others. Nulls inside stay (a field filled for the first time is `{from: null, to: …}`): the
 * readers' schema requires both sides.
 */
export function changedFieldsJson(fields: readonly { key: string; changed: string; from: string; to: string }[]): string {
  const values = fields.map((f) => `('${f.key}', case when ${f.changed} then jsonb_build_object('from', ${f.from}, 'to', ${f.to}) end)`);
  return `(select coalesce(jsonb_object_agg(ch.k, ch.v), '{}'::jsonb) from (values ${values.join(', ')}) as ch(k, v) where ch.v is not null)`;
}

/** `update` entries for the provided fields: field name → column. */
export function updatesFor(provided: ReadonlySet<string>, fieldToColumn: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, column] of Object.entries(fieldToColumn)) if (provided.has(field)) out[column] = `excluded.${column}`;
  return out;
}

// "The same key twice in the file", found by the database instead of a map in the process, so
// memory stays flat whatever the file size. Written-as-read kinds check each chunk against a
// temporary table of the keys seen so far; staged kinds (orders) group the staging table once —
// or, in steps (transaction.ts), look up each range's keys among the lines staged before it.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf, STAGE_TABLE } from './kind.js';

const KEYS_TABLE = 'import_keys';
export const DUPS_TABLE = 'import_dups';

export async function createKeyTable(tx: Db): Promise<void> {
  await tx.execute(sql.raw(`create temp table ${KEYS_TABLE} (key text primary key, line int not null) on commit drop`));
}

/** The rows whose key came earlier in the file: line → the line it first appeared on. Records the new keys. */
export async function findRepeatedKeys(tx: Db, rows: readonly { key: string; line: number }[]): Promise<Map<number, number>> {
  const repeated = new Map<number, number>();
  const firstInChunk = new Map<string, number>();
  const fresh: { key: string; line: number }[] = [];
  for (const r of rows) {
    const first = firstInChunk.get(r.key);
    if (first !== undefined) repeated.set(r.line, first);
    else {
      firstInChunk.set(r.key, r.line);
      fresh.push(r);
    }
  }
  if (fresh.length === 0) return repeated;
  // NOTE: both CTEs read the table as it was before the statement; the insert runs even though
  // nothing selects from it (PostgreSQL runs data-modifying WITH parts exactly once).
  const earlier = await rowsOf<{ line: number; first: number }>(
    tx,
    sql`with r as (select * from json_to_recordset(${JSON.stringify(fresh)}::json) as r(key text, line int)),
         earlier as (select r.line, k.line as first from r join ${sql.raw(KEYS_TABLE)} k on k.key = r.key),
         ins as (insert into ${sql.raw(KEYS_TABLE)} (key, line) select key, line from r where not exists (select 1 from earlier e where e.line = r.line))
         select line, first from earlier`,
  );
  for (const e of earlier) repeated.set(Number(e.line), Number(e.first));
  return repeated;
}

/**
 * Staged kinds: every staged row whose key (`keyColumn`) appeared on an earlier line goes into a
 * temporary table (line, value, first); returns how many there are.
 */
export async function findStagedDuplicates(tx: Db, keyColumn: string): Promise<number> {
  const k = sql.raw(keyColumn);
  await tx.execute(sql`create temp table ${sql.raw(DUPS_TABLE)} on commit drop as
    select line, value, first from (
      select s.line, s.${k} as value, min(s.line) over (partition by s.${k}) as first
        from ${sql.raw(STAGE_TABLE)} s
       where s.${k} in (select ${k} from ${sql.raw(STAGE_TABLE)} group by ${k} having count(*) > 1)
    ) d where line <> first`);
  return countStagedDuplicates(tx);
}

/** A page of the duplicates, by line: the rows after `afterLine`. */
export async function pageStagedDuplicates(
  tx: Db,
  afterLine: number,
  limit: number,
): Promise<{ line: number; value: string; first: number }[]> {
  const rows = await rowsOf<{ line: number; value: string; first: number }>(
    tx,
    sql`select line, value, first from ${sql.raw(DUPS_TABLE)} where line > ${afterLine} order by line limit ${limit}`,
  );
  return rows.map((r) => ({ line: Number(r.line), value: r.value, first: Number(r.first) }));
}

/** In steps: the repeated keys' table, kept across the steps (transaction.ts drops it at the end). */
export async function createStepDuplicatesTable(tx: Db): Promise<void> {
  await tx.execute(
    sql.raw(`create temp table ${DUPS_TABLE} (line int primary key, value text, first int not null) on commit preserve rows`),
  );
}

/**
 * In steps: the staged rows of lines (from, to] whose key came on an earlier line go into the
 * repeated keys' table — one index lookup per row (the staging table's (key, line) index), not a
 * pass over the whole file in the last step.
 */
export async function addStagedDuplicates(tx: Db, keyColumn: string, from: number, to: number): Promise<void> {
  const k = sql.raw(keyColumn);
  await tx.execute(sql`insert into ${sql.raw(DUPS_TABLE)} (line, value, first)
    select s.line, s.${k}, f.first
      from ${sql.raw(STAGE_TABLE)} s
      cross join lateral (select min(e.line) as first from ${sql.raw(STAGE_TABLE)} e where e.${k} = s.${k}) f
     where s.line > ${from} and s.line <= ${to} and f.first < s.line`);
}

/** How many rows the repeated keys' table holds. */
export async function countStagedDuplicates(tx: Db): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(DUPS_TABLE)}`);
  return Number(row?.n ?? 0);
}

// The write stage of an import: one writer per import, inside its transaction. Two kinds of writer
// (docs/imports.md, "How an import runs"):
// - written as read (accounts, users, contacts, quotes, order lines): each chunk's good rows are
//   upserted at once, after the database said which keys came earlier in the file (keys.ts);
// - staged (orders): the good rows are copied into a staging table, a range of lines per COPY, and
//   written from it set-based while the next range is read and checked; repeated keys are found in
//   SQL once the whole file is read (kind.ts, Staging).
// Once a row is bad and bad rows are not skipped, nothing more is written (staged rows still are
// copied: the rest of the file is checked for repeated keys), and the transaction rolls back.
import { sql } from 'drizzle-orm';
import { copyCsv, copyField } from '../../db/copy.js';
import { addDecimals } from '../shared/index.js';
import { isGood, type CheckedRow } from './check.js';
import { rowsOf, STAGE_TABLE, type ImportProblem, type KindHandler, type Rounding, type Staging, type WriteCounts } from './kind.js';
import {
  addStagedDuplicates,
  countStagedDuplicates,
  createKeyTable,
  createStepDuplicatesTable,
  DUPS_TABLE,
  findRepeatedKeys,
  findStagedDuplicates,
  pageStagedDuplicates,
} from './keys.js';
import { MAX_PROBLEMS, RoundingTally } from './report.js';
import type { ImportTx } from './transaction.js';
import type { ImportBreakdown } from '../../../contract/imports.js';

/** Staged kinds: lines of the file written from the staging table per statement (while the next ones are read). */
const STAGED_WRITE_LINES = 20_000;

/** Rows found repeated only once the file was read: how many, the first ones, and a way to page through all. */
export interface LateProblems {
  count: number;
  shown: ImportProblem[];
  page: (afterLine: number) => Promise<ImportProblem[]>;
}

export interface ImportWriter<R> {
  readonly counts: WriteCounts;
  /** The amounts rounded in the rows written (complete after flush). */
  readonly rounding: RoundingTally;
  /** Staged kinds: rows created or updated so far (for progress). */
  readonly written: number | undefined;
  /** A kind that writes several records per row (sales): what it did to each (complete after flush). */
  readonly breakdown?: ImportBreakdown;
  /** Marks the rows of a chunk whose key came on an earlier line (written-as-read kinds; staged kinds find them at the end). */
  screen(rows: readonly CheckedRow<R>[]): Promise<void>;
  /** A checked chunk, after its bad rows were reported: writes (or stages) its good rows. */
  add(rows: readonly CheckedRow<R>[]): Promise<void>;
  /** The file is rejected: nothing more is written. */
  stopWriting(): void;
  /** The file is read: the rows found repeated only now (staged kinds). */
  endOfFile(): Promise<LateProblems | null>;
  /** Writes what is left, unless writing stopped, and completes the counts. */
  flush(): Promise<void>;
  /** Waits until what was added so far is written (an import in steps, before its step commits). */
  settle(): Promise<void>;
}

export interface WriterInput<R> {
  handler: KindHandler<R>;
  /** The column that names the key in the report. */
  keyColumn: string;
  isSkippingBadRows: boolean;
  /** Each chunk in its own transaction (transaction.ts): staged rows are kept across them and written per chunk. */
  isInSteps: boolean;
  onWritten: (written: number) => void;
  /** The column of the file that holds a field, as reports name it. */
  columnOf: (field: string) => string;
}

/** Staged rows carry their rounded amounts, so those of a repeated key's rows can be left out in SQL. */
export const ROUNDING_COLUMNS = [
  ['rounded_currency', 'text'],
  ['rounded_count', 'int'],
  ['rounded_difference', 'numeric'],
] as const;

export function roundingValues(rounded: readonly Rounding[]): (string | number | null)[] {
  if (rounded.length === 0) return [null, 0, null];
  return [rounded[0]!.currency, rounded.length, rounded.map((r) => r.difference).reduce(addDecimals, '0')];
}

export const repeatReason = (keyField: string, first: number) => `repeats the ${keyField} of line ${first}`;

/**
 * A kind that writes only once the whole file is read (sales: an order's lines may come anywhere
 * in the file) brings its own writer instead of `write` or `staging`.
 */
export interface KindWithWriter<R> extends KindHandler<R> {
  openWriter?(tx: ImportTx, input: WriterInput<R>): Promise<ImportWriter<R>>;
}

export async function openWriter<R>(tx: ImportTx, input: WriterInput<R> & { handler: KindWithWriter<R> }): Promise<ImportWriter<R>> {
  const { staging } = input.handler;
  if (input.handler.openWriter) return await input.handler.openWriter(tx, input);
  if (staging) return await StagedWriter.open(tx, input, staging);
  await createKeyTable(tx);
  return new WrittenAsRead(tx, input);
}

class WrittenAsRead<R> implements ImportWriter<R> {
  readonly counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  readonly rounding = new RoundingTally();
  readonly written = undefined;
  private isWriting = true;

  constructor(
    private readonly tx: ImportTx,
    private readonly input: WriterInput<R>,
  ) {}

  async screen(rows: readonly CheckedRow<R>[]): Promise<void> {
    const { handler } = this.input;
    // The same key twice: the database remembers the keys seen, not this process.
    const keyed: { key: string; line: number }[] = [];
    for (const row of rows) {
      const key = isGood(row) ? handler.key(row.value as R) : null;
      if (key !== null) keyed.push({ key, line: row.line });
    }
    const repeated = await findRepeatedKeys(this.tx, keyed);
    for (const row of rows) {
      const first = repeated.get(row.line);
      if (first !== undefined) row.cells.bad(handler.keyField, repeatReason(handler.keyField, first));
    }
  }

  async add(rows: readonly CheckedRow<R>[]): Promise<void> {
    const goodRows = rows.filter(isGood);
    for (const row of goodRows) this.rounding.addRow(row.rounded);
    const good = goodRows.map((r) => r.value as R);
    if (!this.isWriting || good.length === 0) return;
    const c = await this.input.handler.write!(this.tx, good);
    this.counts.created += c.created;
    this.counts.updated += c.updated;
    this.counts.unchanged += c.unchanged;
  }

  stopWriting(): void {
    this.isWriting = false;
  }

  endOfFile(): Promise<null> {
    return Promise.resolve(null);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  settle(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The checked rows of a range of lines are copied in ONE COPY and written while the process reads
 * and checks the next range (one range in flight; its error surfaces at the next wait). One COPY
 * per range, not per chunk: the database then waits on this process's event loop twice a range
 * instead of at every chunk. Lines (0, writtenThrough] are written.
 */
class StagedWriter<R> implements ImportWriter<R> {
  readonly counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  readonly rounding = new RoundingTally();
  written = 0;
  private isWriting = true;
  /** Good rows staged (repeats included until the end). */
  private staged = 0;
  private inflight: Promise<void> = Promise.resolve();
  private pendingCsv: string[] = [];
  private pendingThrough = 0;
  private cutThrough = 0;
  private stagedThrough = 0;
  private writtenThrough = 0;
  private readonly columns: string[];

  private constructor(
    private readonly tx: ImportTx,
    private readonly input: WriterInput<R>,
    private readonly staging: Staging<R>,
  ) {
    this.columns = ['line', ...ROUNDING_COLUMNS.map(([c]) => c), ...staging.columns.map(([c]) => c)];
  }

  static async open<R>(tx: ImportTx, input: WriterInput<R>, staging: Staging<R>): Promise<StagedWriter<R>> {
    const cols = [...ROUNDING_COLUMNS, ...staging.columns].map(([c, type]) => `${c} ${type}`).join(', ');
    // In steps the table outlives each step's transaction; transaction.ts drops it at the end.
    const onCommit = input.isInSteps ? 'preserve rows' : 'drop';
    await tx.execute(sql.raw(`create temp table ${STAGE_TABLE} (line int not null, ${cols}) on commit ${onCommit}`));
    // By line: the writes read a range of lines; by key (skipping bad rows): a range leaves out the keys of earlier lines.
    await tx.execute(sql.raw(`create index on ${STAGE_TABLE} (line)`));
    // (In steps, also to find each range's repeated keys as it is staged.)
    if (input.isSkippingBadRows || input.isInSteps)
      await tx.execute(sql.raw(`create index on ${STAGE_TABLE} (${staging.columns[0]![0]}, line)`));
    if (input.isInSteps) await createStepDuplicatesTable(tx);
    return new StagedWriter(tx, input, staging);
  }

  screen(): Promise<void> {
    return Promise.resolve();
  }

  async add(rows: readonly CheckedRow<R>[]): Promise<void> {
    // Staged even after a bad row: the rest of the file is still checked for repeated keys.
    let csv = '';
    for (const row of rows) {
      if (!isGood(row)) continue;
      const values = [...roundingValues(row.rounded), ...this.staging.values(row.value as R)];
      csv += `${row.line},${values.map(copyField).join(',')}\n`;
      this.staged += 1;
    }
    this.pendingCsv.push(csv);
    this.pendingThrough = rows[rows.length - 1]?.line ?? this.pendingThrough;
    // In steps, each chunk is written in its own step: the step's transaction stays short.
    const lines = this.input.isInSteps ? 0 : STAGED_WRITE_LINES;
    if (this.pendingThrough - this.cutThrough >= lines) await this.stagePending();
  }

  stopWriting(): void {
    this.isWriting = false;
  }

  private async stagePending(): Promise<void> {
    const csv = this.pendingCsv.join('');
    const through = this.pendingThrough;
    this.pendingCsv = [];
    this.cutThrough = through;
    await this.inflight;
    this.inflight = (async () => {
      await copyCsv(this.tx, STAGE_TABLE, this.columns, csv);
      // In steps, the range's repeated keys and rounded amounts are found now, by line and key
      // (indexed): the last step, which holds the connection, then reads none of the file.
      if (this.input.isInSteps) await this.screenStagedRange(this.stagedThrough, through);
      this.stagedThrough = through;
      if (this.isWriting) await this.writeStaged(through);
    })();
    // Seen at the next wait; until then it must not count as unhandled.
    this.inflight.catch(() => undefined);
  }

  private async screenStagedRange(from: number, to: number): Promise<void> {
    await addStagedDuplicates(this.tx, this.staging.columns[0]![0], from, to);
    const rounded = await rowsOf<{ currency: string; count: number; difference: string }>(
      this.tx,
      sql.raw(`select rounded_currency as currency, sum(rounded_count)::int as count, sum(rounded_difference)::text as difference
                 from ${STAGE_TABLE} where line > ${from} and line <= ${to} and rounded_count > 0
                group by rounded_currency`),
    );
    for (const t of rounded) this.rounding.add(t.currency, Number(t.count), addDecimals('0', String(t.difference)));
  }

  private async writeStaged(to: number): Promise<void> {
    const c = await this.staging.write(this.tx, this.writtenThrough, to);
    this.writtenThrough = to;
    this.counts.created += c.created;
    this.counts.updated += c.updated;
    this.written += c.touched;
    this.input.onWritten(this.written);
  }

  async endOfFile(): Promise<LateProblems | null> {
    // The last lines are copied, not yet written: repeated keys are looked for first.
    const csv = this.pendingCsv.join('');
    this.pendingCsv = [];
    await this.inflight;
    await copyCsv(this.tx, STAGE_TABLE, this.columns, csv);
    this.stagedThrough = this.pendingThrough;

    const count = this.input.isInSteps
      ? await countStagedDuplicates(this.tx)
      : await findStagedDuplicates(this.tx, this.staging.columns[0]![0]);
    if (count === 0) return null;
    this.staged -= count;
    const { keyColumn, handler } = this.input;
    const page = async (afterLine: number, limit = 5000) =>
      (await pageStagedDuplicates(this.tx, afterLine, limit)).map((d): ImportProblem => ({
        line: d.line,
        column: keyColumn,
        value: d.value,
        reason: repeatReason(handler.keyField, d.first),
      }));
    return { count, shown: await page(0, MAX_PROBLEMS), page };
  }

  async settle(): Promise<void> {
    await this.inflight;
  }

  async flush(): Promise<void> {
    // The lines after the last full range; repeated keys were never written (each range skips them).
    if (this.isWriting && this.stagedThrough > this.writtenThrough) await this.writeStaged(this.stagedThrough);
    // In steps, the changes to rows that existed are made now, in the last step (kind.ts, Staging).
    if (this.isWriting && this.staging.writeDeferred) {
      const c = await this.staging.writeDeferred(this.tx);
      this.counts.updated += c.updated;
      this.written += c.updated;
      this.input.onWritten(this.written);
    }
    this.counts.unchanged = this.staged - this.counts.created - this.counts.updated;
    // The rounded amounts of the rows written: a repeated key's later rows are not. In steps, the
    // ranges' amounts were added as they were staged, and the repeated rows' are taken out now.
    const totals = await rowsOf<{ currency: string; count: number; difference: string }>(
      this.tx,
      sql.raw(
        this.input.isInSteps
          ? `select rounded_currency as currency, -sum(rounded_count)::int as count, (-sum(rounded_difference))::text as difference
               from ${STAGE_TABLE} s join ${DUPS_TABLE} d on d.line = s.line
              where s.rounded_count > 0
              group by rounded_currency`
          : `select rounded_currency as currency, sum(rounded_count)::int as count, sum(rounded_difference)::text as difference
               from ${STAGE_TABLE} s
              where s.rounded_count > 0 and not exists (select 1 from ${DUPS_TABLE} d where d.line = s.line)
              group by rounded_currency`,
      ),
    );
    for (const t of totals) this.rounding.add(t.currency, Number(t.count), addDecimals('0', String(t.difference)));
  }
}

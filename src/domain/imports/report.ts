// What an import says about its bad rows: every one is counted, the first MAX_PROBLEMS are kept
// for the answer, and with a rejects path each bad row is written back out as CSV with a
// `problem` column, so the user can fix those rows and import them alone.
import { createWriteStream, type WriteStream } from 'node:fs';
import { csvField, openCsv, type FileReading } from './csv-reader.js';
import type { RoundedAmounts } from '../../../contract/imports.js';
import { addDecimals } from '../shared/index.js';
import type { ImportProblem, Rounding } from './kind.js';
import { neutralisedCell } from './limits.rules.js';

/** Problems kept in the result (all are counted); the import record keeps the first RECORDED_PROBLEMS. */
export const MAX_PROBLEMS = 1000;
export const RECORDED_PROBLEMS = 100;

export class BadRowReport {
  rejected = 0;
  problems: ImportProblem[] = [];
  private rejects: WriteStream | null = null;

  constructor(
    private readonly header: readonly string[],
    private readonly delimiter: string,
    private readonly rejectsPath: string | undefined,
  ) {}

  /** A bad row: counted, its first problems kept, its cells written to the rejects file. */
  add(values: readonly string[], rowProblems: readonly ImportProblem[]): void {
    this.rejected += 1;
    for (const p of rowProblems) if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    this.writeReject(values, rowProblems);
  }

  /** Problems found after the file was read (repeated keys of staged kinds), merged by line. */
  addLate(count: number, shown: readonly ImportProblem[]): void {
    this.rejected += count;
    this.problems = [...this.problems, ...shown].sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS);
  }

  writeReject(values: readonly string[], rowProblems: readonly ImportProblem[]): void {
    if (!this.rejectsPath) return;
    const d = this.delimiter;
    if (!this.rejects) {
      this.rejects = createWriteStream(this.rejectsPath);
      this.rejects.write([...this.header, 'problem'].map((h) => csvField(h, d)).join(d) + '\r\n');
    }
    const reason = rowProblems.map((p) => `line ${p.line}, column ${p.column}: ${p.reason}`).join('; ');
    this.rejects.write([...values, reason].map((v) => csvField(neutralisedCell(v), d)).join(d) + '\r\n');
  }

  get wantsRejects(): boolean {
    return this.rejectsPath !== undefined;
  }

  /** The rejects file's path, when one was written. */
  get writtenRejectsPath(): string | null {
    return this.rejects && this.rejectsPath ? this.rejectsPath : null;
  }

  async close(): Promise<void> {
    const r = this.rejects;
    if (r) await new Promise<void>((resolve) => r.end(resolve));
  }
}

/**
 * Staged kinds with a rejects file: repeated rows are found after the file was read, so their
 * cells are read again in a second pass, merged by line with `duplicates` (paged by line).
 */
export async function writeLateRejects(
  file: string,
  mapping: FileReading,
  nextPage: (afterLine: number) => Promise<ImportProblem[]>,
  report: BadRowReport,
): Promise<void> {
  const csv = await openCsv(file, mapping);
  let page = await nextPage(0);
  let next = 0;
  for await (const row of csv.rows) {
    if (next >= page.length) {
      page = await nextPage(page[page.length - 1]?.line ?? Infinity);
      next = 0;
      if (page.length === 0) break;
    }
    const problem = page[next]!;
    if (row.line !== problem.line) continue;
    next += 1;
    report.writeReject(row.values, [problem]);
  }
}

/** The amounts an import rounded (its `round` option), per currency: how many, and by how much in all. */
export class RoundingTally {
  private readonly byCurrency = new Map<string, RoundedAmounts>();

  add(currency: string, count: number, difference: string): void {
    const t = this.byCurrency.get(currency) ?? { currency, count: 0, difference: '0' };
    this.byCurrency.set(currency, { currency, count: t.count + count, difference: addDecimals(t.difference, difference) });
  }

  addRow(rounded: readonly Rounding[]): void {
    for (const r of rounded) this.add(r.currency, 1, r.difference);
  }

  get amounts(): RoundedAmounts[] {
    return [...this.byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  }
}

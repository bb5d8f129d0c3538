// The check stage of an import (docs/imports.md, "How an import runs"): a chunk of the file's rows,
// read through the mapping, becomes checked rows — each with its problems and, when good, the
// kind's converted value. Nothing here writes; the kind's lookup (the orders that order lines
// name …) is one read per chunk, and everything after it is pure.
import type { ImportKind } from './fields.js';
import type { ImportProblem, KindHandler, Rounding, RowCells } from './kind.js';
import { cellProblem, shownValue } from './limits.rules.js';
import type { ColumnPlan, ImportMapping } from './mapping.js';
import type { ImportTx } from './transaction.js';

/** One data row of the file as read: its line (the header is line 1) and its cells. */
export interface SourceRow {
  line: number;
  values: string[];
}

export interface CheckedRow<R> extends SourceRow {
  problems: ImportProblem[];
  /** The row read through the mapping; `cells.bad` adds to `problems`, `cells.rounded` to `rounded`. */
  cells: RowCells;
  /** The amounts of the row the `round` option rounded. */
  rounded: Rounding[];
  /** The kind's value for the row; null when the kind refused it. */
  value: R | null;
}

/** What checking a file needs: its kind, its handler, its column plans and header. */
export interface CheckPlan<R> {
  kind: ImportKind;
  handler: KindHandler<R>;
  plans: readonly ColumnPlan[];
  defaults: ImportMapping['defaults'];
  headerLength: number;
}

/** A row without problems that the kind converted. */
export const isGood = (row: CheckedRow<unknown>): boolean => row.problems.length === 0 && row.value !== null;

/** The row read through the mapping: a field's cells (several columns joined by a space) or its default; problems go to `row.problems`. */
function cellsOf(
  row: SourceRow & { problems: ImportProblem[]; rounded: Rounding[] },
  plansByField: ReadonlyMap<string, ColumnPlan>,
  defaults: ImportMapping['defaults'],
): RowCells {
  const raw = (field: string): string => {
    const plan = plansByField.get(field);
    return plan ? plan.indexes.map((ix) => row.values[ix] ?? '').join(' ') : '';
  };
  return {
    line: row.line,
    get(field) {
      const plan = plansByField.get(field);
      const v = plan
        ? plan.indexes
            .map((ix) => (row.values[ix] ?? '').trim())
            .filter(Boolean)
            .join(' ')
        : '';
      return v !== '' ? v : defaults[field];
    },
    bad(field, reason, code) {
      row.problems.push({
        line: row.line,
        column: plansByField.get(field)?.column ?? field,
        value: shownValue(raw(field)),
        reason,
        ...(code !== undefined && { code }),
      });
    },
    isBad: () => row.problems.length > 0,
    rounded(currency, difference) {
      row.rounded.push({ currency, difference });
    },
  };
}

/** The check stage for one chunk: the API's limits, the kind's lookup (one read), then each row's conversion. */
export async function checkChunk<R>(tx: ImportTx, plan: CheckPlan<R>, chunk: readonly SourceRow[]): Promise<CheckedRow<R>[]> {
  const plansByField = new Map(plan.plans.map((p) => [p.field, p]));
  const rows: CheckedRow<R>[] = chunk.map((r) => {
    const row = { line: r.line, values: r.values, problems: [] as ImportProblem[], rounded: [] as Rounding[] };
    return { ...row, cells: cellsOf(row, plansByField, plan.defaults), value: null };
  });
  // The API's limits before any field reads a cell: no NUL, no more characters than the field holds.
  for (const row of rows) {
    for (const p of plan.plans) {
      const problem = cellProblem(plan.kind, p.field, p.indexes.map((ix) => row.values[ix] ?? '').join(' '));
      if (problem) row.cells.bad(p.field, problem);
    }
  }
  if (plan.handler.lookup)
    await plan.handler.lookup(
      tx,
      rows.map((r) => r.cells),
    );
  for (const row of rows) {
    if (row.values.length !== plan.headerLength) {
      row.cells.bad('(row)', `has ${row.values.length} fields; the header has ${plan.headerLength}`);
    }
    row.value = plan.handler.convert(row.cells);
  }
  return rows;
}

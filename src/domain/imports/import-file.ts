// An import of a file as people give it: a CSV, or an Excel workbook (.xlsx) whose sheet is read
// through the same mapping and checks (workbook.ts, decision 0020). importCsv opens its file with
// the mapping's delimiter and encoding; a workbook's sheet, date format and decimal separator are
// said here, for the time of the import.
import { open } from 'node:fs/promises';
import { WORKBOOK_DATE_FORMAT } from '../../../contract/workbook-cells.js';
import type { UseCaseContext } from '../shared/index.js';
import { importCsv, type ImportCsvInput, type ImportResult } from './import-csv.js';
import { parseMapping, type ImportMapping } from './mapping.js';
import { withWorkbookReading, workbookKindOf } from './workbook.js';

export interface ImportFileInput extends Omit<ImportCsvInput, 'mapping'> {
  /** The checked mapping (parseMapping); none reads columns named as Rapport's fields. */
  mapping?: ImportMapping;
}

async function isWorkbook(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    return workbookKindOf(head.subarray(0, bytesRead)) !== null;
  } finally {
    await fh.close();
  }
}

/**
 * importCsv for a CSV; for a workbook, importCsv with the mapping's sheet, dates and decimals as
 * how the workbook is read. A workbook's date cells need no date format: with none in the mapping
 * they are written, and read, as YYYY-MM-DD (with HH:mm when they hold a time).
 */
export async function importWorkbookOrCsv(ctx: UseCaseContext, input: ImportFileInput): Promise<ImportResult> {
  if (!(await isWorkbook(input.file))) return importCsv(ctx, input);
  const checked = input.mapping ?? parseMapping(input.kind, null);
  const mapping = { ...checked, dateFormat: checked.dateFormat ?? WORKBOOK_DATE_FORMAT };
  const reading = { sheet: mapping.sheet, dateFormat: mapping.dateFormat, decimal: mapping.decimal };
  return withWorkbookReading(input.file, reading, () => importCsv(ctx, { ...input, mapping }));
}

// Excel workbooks (.xlsx) read with read-excel-file (decision 0020): one sheet's rows come out as a
// CSV's do — the sheet's row numbers as lines, every cell as the text the mapping reads
// (contract/workbook-cells.ts) — so the same mapping and checks apply. A workbook is known by its
// bytes (a zip archive), not by its name. An old binary .xls is refused, naming what to save it as.
//
// The workbook is read whole (the library has no streaming reader): memory grows with the sheet,
// unlike a CSV's flat stream (docs/imports.md, "Excel workbooks").
import { stat } from 'node:fs/promises';
import { InvalidInputError, readSheet, SheetNotFoundError } from 'read-excel-file/node';
import { sheetTable, XLS_REFUSED } from '../../../contract/workbook-cells.js';

export { workbookKindOf } from '../../../contract/workbook-cells.js';
import { DomainError } from '../shared/index.js';
import type { CsvFile, CsvRow, FileReading } from './file-rows.js';

/** The largest workbook read (compressed size): about 400,000 rows of an order export. Larger: CSV. */
export const WORKBOOK_MAX_BYTES = 20 * 2 ** 20;

// imports.bad_workbook: the workbook cannot be imported (an .xls, not an .xlsx, no such sheet, an empty sheet).
const badWorkbook = (detail: string, meta?: Record<string, unknown>) =>
  new DomainError({ code: 'imports.bad_workbook', category: 'unprocessable', detail, ...(meta ? { meta } : {}) });

const SAVE_AS = 'save it from Excel as an Excel Workbook (.xlsx) or as CSV';

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The sheet as the user named it, for messages. */
const sheetShown = (sheet: string | number | null) =>
  sheet === null ? 'The first sheet' : typeof sheet === 'number' ? `Sheet ${sheet}` : `Sheet "${sheet}"`;

async function readChosenSheet(path: string, sheet: string | number | null): Promise<unknown[][]> {
  const read = (which: string | number) => readSheet(path, which, { trim: false }) as Promise<unknown[][]>;
  try {
    if (sheet === null) return await read(1);
    try {
      return await read(sheet);
    } catch (err) {
      // "2" names the second sheet when no sheet is called "2" (a command line gives text).
      if (err instanceof SheetNotFoundError && typeof sheet === 'string' && /^\d+$/.test(sheet)) return await read(Number(sheet));
      throw err;
    }
  } catch (err) {
    if (err instanceof SheetNotFoundError) {
      const sheets = (err as SheetNotFoundError & { sheets: string[] }).sheets;
      throw badWorkbook(
        `The workbook has no sheet ${typeof sheet === 'number' ? sheet : `"${sheet}"`}: its sheets are ${quoted(sheets)} (name one, or its number, with "sheet" in the mapping or --sheet).`,
        { sheets },
      );
    }
    if (err instanceof InvalidInputError && err.code === 'XLS_FILE_NOT_SUPPORTED') throw xlsRefused();
    if (err instanceof InvalidInputError || (err instanceof Error && err.name === 'InvalidSpreadsheetError'))
      throw badWorkbook(`The file is a zip archive but not an Excel workbook Rapport can read: ${SAVE_AS}.`);
    throw err;
  }
}

const xlsRefused = () => badWorkbook(XLS_REFUSED);

/**
 * One sheet of the workbook at `path` as a CsvFile (sheetTable: the header is its first row with
 * anything in it, each later row that is not empty a row, its line the sheet's row number). The
 * delimiter and encoding are the caller's: a workbook has neither, but the rejects file is CSV.
 */
export async function openWorkbook(path: string, kind: 'xlsx' | 'xls', reading: FileReading): Promise<CsvFile> {
  if (kind === 'xls') throw xlsRefused();
  // Read whole, a large workbook would take the server's memory with it: such a file is a CSV's job.
  const { size } = await stat(path);
  if (size > WORKBOOK_MAX_BYTES)
    throw badWorkbook(
      `The workbook is ${(size / 2 ** 20).toFixed(1)} MB; Rapport reads workbooks up to ${WORKBOOK_MAX_BYTES / 2 ** 20} MB whole, in memory. Save the sheet as CSV (streamed, any size) and import that.`,
    );
  const table = sheetTable(await readChosenSheet(path, reading.sheet), reading);
  const shown = sheetShown(reading.sheet);
  if (!table) throw badWorkbook(`${shown} of the workbook is empty: an import needs a header row and data rows.`);
  const rows: CsvRow[] = table.rows.map((row) => ({ ...row, bytes: 0 }));
  if (rows.length === 0) throw badWorkbook(`${shown} of the workbook has a header row but no data rows: there is nothing to import.`);
  // Progress: the file was read whole, so each row stands for its share of the file's bytes.
  rows.forEach((row, i) => (row.bytes = Math.round((size * (i + 1)) / rows.length)));
  return {
    kind: 'workbook',
    header: table.header,
    delimiter: reading.delimiter ?? ',',
    encoding: reading.encoding,
    rows: {
      async *[Symbol.asyncIterator]() {
        yield* rows;
      },
    },
  };
}

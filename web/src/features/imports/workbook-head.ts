// Reading the head of an Excel workbook in the browser, for the preview and the mapping: one sheet's
// header and first rows, each cell as the import will read it (contract/workbook-cells.ts). Loaded
// only when a workbook is chosen (csv-head.ts imports it lazily): the reader stays out of the main bundle.
import readExcelFile from 'read-excel-file/browser';
import { sheetTable } from '../../../../contract/workbook-cells';

export interface WorkbookHead {
  columns: string[];
  /** Up to `sampleRows` rows, each cell as the import reads it. */
  sample: string[][];
  /** The sheet read and the sheets the workbook has. */
  workbook: { sheet: string; sheets: string[] };
}

/** The sheet `sheet` names (the first when null) of the workbook `file`: its header and up to `sampleRows` rows. */
export async function readWorkbookHead(file: File, sheet: string | null, sampleRows: number): Promise<WorkbookHead> {
  let sheets: Awaited<ReturnType<typeof readExcelFile>>;
  try {
    sheets = await readExcelFile(file, { trim: false });
  } catch {
    throw new Error('it is not an Excel workbook (.xlsx) this page can read: save it from Excel as an Excel Workbook (.xlsx) or as CSV.');
  }
  const chosen = sheets.find((s) => s.sheet === sheet) ?? sheets[0]!;
  // As the server reads it when the mapping names no date format: dates as YYYY-MM-DD, numbers with a point.
  const table = sheetTable(chosen.data, { dateFormat: null, decimal: '.' }, sampleRows);
  if (!table) throw new Error(`sheet “${chosen.sheet}” is empty: an import needs a header row and data rows.`);
  return {
    columns: table.header,
    sample: table.rows.map((r) => r.values),
    workbook: { sheet: chosen.sheet, sheets: sheets.map((s) => s.sheet) },
  };
}

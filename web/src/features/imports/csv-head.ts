// Reading the head of a CSV in the browser, for the preview and the column list of the mapping; an
// Excel workbook's is read by workbook-head.ts, loaded when one is chosen.
import { parse } from 'csv-parse/browser/esm/sync';
import { detectDelimiter, encodingOfBom, type CsvDelimiter, type CsvEncoding } from '../../../../contract/imports';
import { workbookKindOf, XLS_REFUSED } from '../../../../contract/workbook-cells';

export type { CsvEncoding } from '../../../../contract/imports';

/** Rows read for the suggestion of the dates' format: a day above 12 settles it, and 500 rows nearly always hold one. */
export const SAMPLE_ROWS = 500;

export interface CsvHead {
  columns: string[];
  rows: string[][];
  /** Up to SAMPLE_ROWS rows, for what a glance at five cannot settle (the dates' format). */
  sample: string[][];
  delimiter: CsvDelimiter;
  /** How the head read: not UTF-8 means the file is sent as windows-1252. */
  encoding: CsvEncoding;
  /** An Excel workbook's: the sheet read and the sheets it has. A CSV has none. */
  workbook?: { sheet: string; sheets: string[] };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: a multi-byte character cut at the end of the slice is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The header and first rows of a CSV, for the preview. Bytes that are not UTF-8 mean an older
 * export (Excel's "CSV" in Windows-1252/Latin-1): the head is then read that way and `encoding`
 * says so, so the upload can name it (the server refuses undeclared non-UTF-8 files).
 */
export async function readCsvHead(file: File, forced?: CsvEncoding, rowCount = 5): Promise<CsvHead> {
  // 256 KB is plenty for a header and a few rows, even with long quoted cells.
  const bytes = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  // A UTF-16 byte-order mark names the encoding (Excel's "Unicode text"); otherwise bytes that are not UTF-8 are Windows-1252.
  const encoding = encodingOfBom(bytes) ?? forced ?? (isUtf8(bytes) ? 'utf-8' : 'windows-1252');
  let text = new TextDecoder(encoding).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = detectDelimiter(text);
  // Cut at the last complete line so a row split by the slice does not fail the parse.
  if (file.size > 256 * 1024) text = text.slice(0, text.lastIndexOf('\n') + 1);
  const records: string[][] = parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    to: Math.max(rowCount, SAMPLE_ROWS) + 1,
  });
  const [header, ...sample] = records;
  if (!header || header.length === 0) throw new Error('The file has no header line.');
  return { columns: header.map((h) => h.trim()), rows: sample.slice(0, rowCount), sample, delimiter, encoding };
}

/**
 * The head of a CSV file or of an Excel workbook (known by its first bytes, as the server knows it):
 * `encoding` forces a CSV's, `sheet` names a workbook's sheet (the first by default). An old .xls is
 * refused as the server refuses it.
 */
export async function readFileHead(file: File, options: { encoding?: CsvEncoding; sheet?: string } = {}): Promise<CsvHead> {
  const kind = workbookKindOf(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
  if (kind === 'xls') throw new Error(XLS_REFUSED);
  if (kind === 'xlsx') {
    const { readWorkbookHead } = await import('./workbook-head');
    const { columns, sample, workbook } = await readWorkbookHead(file, options.sheet ?? null, SAMPLE_ROWS);
    // A workbook has no delimiter nor encoding: its cells are sent as they are.
    return { columns, rows: sample.slice(0, 5), sample, delimiter: ',', encoding: 'utf-8', workbook };
  }
  return readCsvHead(file, options.encoding);
}

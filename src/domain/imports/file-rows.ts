// What an import reads from its file, whatever the file: a header and rows of text cells, each row
// with its line — a CSV's (csv-reader.ts) or a workbook sheet's (workbook.ts).
import type { CsvDelimiter, CsvEncoding, ImportMapping } from '../../../contract/imports.js';

/** How a file is read: the mapping's options (a CSV's delimiter and encoding; a workbook's sheet, and the date format and decimal its cells are written in). */
export type FileReading = Pick<ImportMapping, 'delimiter' | 'encoding' | 'sheet' | 'dateFormat' | 'decimal'>;

export interface CsvRow {
  /** The line of the file where the row starts (the header is line 1). */
  line: number;
  values: string[];
  /** Bytes of the file read so far, for progress. */
  bytes: number;
}

export interface CsvFile {
  /** A CSV (or tab-separated text), or a sheet of an Excel workbook. */
  kind: 'csv' | 'workbook';
  header: string[];
  delimiter: CsvDelimiter;
  /** What the file was read as: the declared encoding, or UTF-16 when its byte-order mark says so. */
  encoding: CsvEncoding;
  rows: AsyncIterable<CsvRow>;
}

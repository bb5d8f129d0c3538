// How a cell of an Excel workbook becomes the text an import reads (docs/imports.md, "Excel
// workbooks"; decision 0020): a workbook's rows then go through the same mapping and checks as a
// CSV's. Shared by the server's reader and the import page's preview — one rule, not two.
import { DateTime } from 'luxon';

/** What a file's first bytes say it is: an .xlsx (a zip archive), an old .xls (an OLE2 compound file), or neither. */
export function workbookKindOf(head: Uint8Array): 'xlsx' | 'xls' | null {
  const starts = (magic: readonly number[]) => magic.every((b, i) => head[i] === b);
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  return null;
}

/** What an old .xls is told (the server's imports.bad_workbook and the import page alike). */
export const XLS_REFUSED =
  'The file is an Excel 97–2003 workbook (.xls), which Rapport does not read: save it from Excel as an Excel Workbook (.xlsx) or as CSV, and import that.';

/** A cell as the workbook reader gives it: text, a number, a yes/no, a date, or nothing. */
export type WorkbookCell = string | number | boolean | Date | null | undefined;

export interface CellTextOptions {
  /** The luxon format of the mapping's dateFormat (contract/date-formats.ts), or null for YYYY-MM-DD. */
  dateFormat: string | null;
  /** The decimal separator the mapping reads numbers with. */
  decimal: '.' | ',';
}

/** The luxon format of "YYYY-MM-DD": what a workbook's dates are read with when the mapping names no format. */
export const WORKBOOK_DATE_FORMAT = 'yyyy-M-d';

/** Excel keeps 15 significant digits: what it shows, and what a sum like 0.1 + 0.2 is (0.3). */
const EXCEL_DIGITS = 15;

/** A number in plain decimal notation, never with an exponent: 1e21 → "1000000000000000000000", 1e-7 → "0.0000001". */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Shortest text that reads back as the same number, once rounded to Excel's precision.
  const text = String(Number(n.toPrecision(EXCEL_DIGITS)));
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction = '', exp] = m;
  const digits = whole! + fraction;
  const point = whole!.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A date cell as text in the mapping's date format — day and month in two digits, the year in
 * four, so no century is lost to a YY format — with HH:mm (and :ss when it has seconds) only when
 * the cell holds a time of day. An Excel date has no time zone: the wall-clock values as written
 * are taken, which the reader gives as the UTC fields of the Date.
 */
export function dateCellText(date: Date, dateFormat: string | null): string {
  if (Number.isNaN(date.getTime())) return '';
  // To the second: a time stored as a fraction of a day may come back a millisecond short.
  const dt = DateTime.fromMillis(Math.round(date.getTime() / 1000) * 1000, { zone: 'utc' });
  const [day = WORKBOOK_DATE_FORMAT, time] = (dateFormat ?? WORKBOOK_DATE_FORMAT).split(' ');
  const dayFormat = day.replace(/y+/, 'yyyy').replace(/d+/, 'dd').replace(/M+/, 'MM');
  // A format that says a time is read with one, midnight included.
  if (time) return dt.toFormat(`${dayFormat} ${time.replace(/^H+/, 'HH')}`);
  if (dt.hour === 0 && dt.minute === 0 && dt.second === 0) return dt.toFormat(dayFormat);
  return dt.toFormat(`${dayFormat} HH:mm${dt.second === 0 ? '' : ':ss'}`);
}

/** One cell as the import reads it: text as is, a number in plain decimals with the mapping's separator, a yes/no as true/false, a date as dateCellText says, an empty cell as "". */
export function cellText(cell: WorkbookCell, options: CellTextOptions): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') {
    const text = plainNumber(cell);
    return options.decimal === ',' ? text.replace('.', ',') : text;
  }
  return dateCellText(cell, options.dateFormat);
}

/** A sheet as an import reads it: the header, then each row with its line (the sheet's row number). */
export interface SheetTable {
  header: string[];
  rows: { line: number; values: string[] }[];
}

/**
 * A sheet's cells (rows of cells, its first row being the sheet's row 1) as an import reads them:
 * the header is the first row with anything in it, each later row with anything in it a row of its
 * own. A row is as wide as the header — the sheet is as wide as its widest row — or, past it, up to
 * its last filled cell (a filled cell with no column is a bad row, as in a CSV). Null when the sheet
 * holds nothing; `maxRows` stops early (the import page reads the first 500).
 */
export function sheetTable(cells: readonly (readonly unknown[])[], options: CellTextOptions, maxRows = Infinity): SheetTable | null {
  const texts = (row: readonly unknown[]) => row.map((c) => cellText(c as WorkbookCell, options));
  const isEmpty = (values: readonly string[]) => values.every((v) => v.trim() === '');
  let header: string[] | null = null;
  const rows: SheetTable['rows'] = [];
  for (let i = 0; i < cells.length && rows.length < maxRows; i++) {
    const values = texts(cells[i]!);
    if (isEmpty(values)) continue;
    if (!header) {
      header = values.map((h) => h.trim());
      while (header.length > 0 && header[header.length - 1] === '') header.pop();
      continue;
    }
    let width = values.length;
    while (width > header.length && values[width - 1]!.trim() === '') width--;
    while (values.length < header.length) values.push('');
    rows.push({ line: i + 1, values: values.slice(0, Math.max(width, header.length)) });
  }
  return header ? { header, rows } : null;
}

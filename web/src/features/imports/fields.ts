// The kinds of CSV import, their fields (with labels, help and the column names that usually
// hold them) and the mapping's rules all come from contract/imports.ts, as the server reads them;
// here: the guess of which column of the file holds which field, and reading a mapping file.
import { DATE_FORMAT_CHOICES, humanDateFormat, luxonDateFormat } from '../../../../contract/date-formats';
import { fieldGroup, guessMapping, normalise } from '../../../../contract/mapping-guess';
import { REPEATED_KEY, repeatedKeys } from '../../../../contract/mapping-text';
import {
  IMPORT_FIELDS,
  IMPORT_KIND_INFO,
  breakdownSummary,
  readImportMapping,
  type ImportProblem,
  type ImportRecord,
  type ImportKind,
  type ImportMapping,
  type ImportMappingDoc,
} from '../../../../contract/imports';

export type { ImportKind };
export const KINDS = IMPORT_KIND_INFO;
export const FIELDS = IMPORT_FIELDS;

export { fieldGroup, guessMapping, normalise };

/** Rows read for the shape of a file: enough to meet an order's second line. */
const SHAPE_ROWS = 50;

/**
 * Whether a file's first rows are a sales export with one row per order line: the column the sales
 * kind takes for the order number holds one number on several rows, with different products (its SKU
 * or description columns differ). The first such order, and its rows as a spreadsheet numbers them
 * (the header is row 1); null when none is seen. A file without a customer column is no sales export.
 */
export function looksLikeOrderLines(columns: string[], rows: string[][]): { number: string; rows: number[] } | null {
  const guess = guessMapping('sales', columns);
  const at = (field: string) => (guess[field] ? columns.indexOf(guess[field]) : -1);
  const number = at('number');
  const products = [at('sku'), at('description')].filter((i) => i >= 0);
  if (number < 0 || at('accountRef') < 0 || products.length === 0) return null;
  const seen = new Map<string, { rows: number[]; products: Set<string> }>();
  for (const [i, row] of rows.slice(0, SHAPE_ROWS).entries()) {
    const n = row[number]?.trim() ?? '';
    const product = products.map((p) => row[p]?.trim() ?? '');
    if (n === '') continue;
    const order = seen.get(n) ?? { rows: [], products: new Set<string>() };
    order.rows.push(i + 2);
    if (product.some((v) => v !== '')) order.products.add(JSON.stringify(product));
    seen.set(n, order);
  }
  for (const [n, order] of seen) if (order.products.size > 1) return { number: n, rows: order.rows };
  return null;
}

/** Row numbers as people say them: "2–4", "2, 3 and 7", "2–4 and 9". */
export function rowsText(rows: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${rows[i]}–${rows[j]}` : j > i ? `${rows[i]}, ${rows[j]}` : `${rows[i]}`);
    i = j + 1;
  }
  const parts = runs.join(', ').split(', ');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}

/** What the user chose, in the shape of the CLI's mapping file (docs/imports.md, full form). */
export type MappingDoc = ImportMappingDoc & { fields: Record<string, string | string[]> };
/** A mapping file as read, every option filled in. */
export type LoadedMapping = ImportMapping & { fields: Record<string, string | string[]>; defaults: Record<string, string> };

/**
 * Reads a mapping file (flat or full form) with the server's rules: what the server would refuse
 * is left out and said (`ignored`), the rest loads. Bad JSON, or a file that is no mapping, throws.
 */
export function readMappingDoc(kind: ImportKind, text: string): { doc: LoadedMapping; ignored: string[] } {
  const parsed = JSON.parse(text) as unknown;
  // A key given twice: JSON.parse kept the last; which one was meant is the user's to say.
  const repeated = repeatedKeys(text);
  if (repeated.length > 0) throw new Error(`${repeated.join(', ')} ${REPEATED_KEY}.`);
  const { mapping, problems } = readImportMapping(kind, parsed);
  const ignored = problems.map((p) => `${p.path} ${p.message}`);
  if (!mapping) throw new Error(`${ignored.join('; ')}.`);
  const given = <T>(record: Record<string, T | undefined>) =>
    Object.fromEntries(Object.entries(record).filter((e): e is [string, T] => e[1] !== undefined));
  return { doc: { ...mapping, fields: given(mapping.fields), defaults: given(mapping.defaults) }, ignored };
}

/** The choices of the dates' format, each with 31 March 2026 written that way. */
export const DATE_FORMATS = [
  { value: '', label: 'ISO (2026-03-31)' },
  ...DATE_FORMAT_CHOICES.map((f) => ({
    value: f,
    label: `${f} (${f.replace('YYYY', '2026').replace('YY', '26').replace('MM', '03').replace('DD', '31')})`,
  })),
];

/** A mapping's date format as the list above names it ("dd/MM/yyyy" → "DD/MM/YYYY"); as given when it is none of them. */
export function dateFormatChoice(format: string | null | undefined): string {
  if (!format) return '';
  const luxon = luxonDateFormat(format);
  return luxon ? humanDateFormat(luxon) : format;
}

/**
 * What a sales import did to customers, orders and lines, or would do on a dry run: "Would import 2 new customers,
 * 3 orders, 5 lines; 1 bad row would be left out." Null for the other kinds, whose counts say it.
 */
export function breakdownText(record: ImportRecord, dryRun = false): string | null {
  // A refused or failed import wrote nothing: its problems say why.
  if (!record.breakdown || record.status !== 'succeeded') return null;
  const bad = record.rejected;
  const badText =
    bad === 0
      ? ''
      : `; ${bad.toLocaleString('en-US')} bad ${bad === 1 ? 'row' : 'rows'} ${dryRun ? 'would be' : bad === 1 ? 'was' : 'were'} left out`;
  const { accounts, orders, lines } = record.breakdown;
  const counts = [accounts, orders, lines];
  if (counts.every((c) => c.created + c.updated === 0)) {
    const n = (c: (typeof counts)[number], one: string, many: string) =>
      `${c.unchanged.toLocaleString('en-US')} ${c.unchanged === 1 ? one : many}`;
    const held = `${n(accounts, 'customer', 'customers')}, ${n(orders, 'order', 'orders')} and ${n(lines, 'line', 'lines')}`;
    const said = lines.unchanged > 0 ? `: its ${held} are in Rapport as the file has them` : '';
    return `${dryRun ? 'Would change nothing' : 'Changed nothing'}${said}${badText}.`;
  }
  return `${dryRun ? 'Would import' : 'Imported'} ${breakdownSummary(record.breakdown)}${badText}.`;
}

/** The title over a refused file's problems: all its bad rows counted, though the answer lists only the first. */
export function problemTitle(problems: ImportProblem[], count: { rejected: number; totalRows: number } | null): string {
  const lines = new Set(problems.map((p) => p.line)).size;
  const n = (v: number) => v.toLocaleString('en-US');
  // A long list is cut at the first problems: the title counts them all.
  if (count && count.rejected > lines)
    return `${n(count.rejected)} of ${n(count.totalRows)} rows are wrong — the first ${n(problems.length)} problems are below`;
  return `${n(problems.length)} problem${problems.length === 1 ? '' : 's'} on ${n(lines)} line${lines === 1 ? '' : 's'}`;
}

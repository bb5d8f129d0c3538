// Streaming CSV (RFC 4180) with csv-parse: UTF-8 with or without BOM, `,` or `;` (detected from
// the header line), quoted fields that hold newlines. Memory stays flat whatever the file size.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { DomainError } from '../shared/index.js';

export interface CsvRow {
  /** The line of the file where the row starts (the header is line 1). */
  line: number;
  values: string[];
  /** Bytes of the file read so far, for progress. */
  bytes: number;
}

export interface CsvFile {
  header: string[];
  delimiter: ',' | ';';
  rows: AsyncIterable<CsvRow>;
}

// imports.bad_csv: the file is not readable CSV (an unclosed quote, an empty file, no header).
const badCsv = (detail: string, line?: number) =>
  new DomainError({ code: 'imports.bad_csv', category: 'unprocessable', detail, ...(line ? { meta: { line } } : {}) });

/** `;` when the header line holds more semicolons than commas outside quotes, else `,`. */
export function detectDelimiter(headText: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headText.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

async function readHead(path: string, bytes = 64 * 1024): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** Line breaks inside quoted fields; CRLF, CR and LF each count once. */
function lineBreaksIn(values: readonly string[]): number {
  let n = 0;
  for (const v of values) n += v.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

export async function openCsv(path: string, delimiter: ',' | ';' | null): Promise<CsvFile> {
  const head = await readHead(path);
  if (head.replace(/^\uFEFF/, '').trim() === '') throw badCsv('The file is empty: a CSV import needs a header row and data rows.');
  const delim = delimiter ?? detectDelimiter(head);
  const parser = createReadStream(path).pipe(
    parse({ bom: true, delimiter: delim, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number; bytes: number; empty_lines: number };
  }>;
  const next = async () => {
    try {
      return await iterator.next();
    } catch (err) {
      parser.destroy();
      if (err instanceof CsvError) {
        const line = (err as unknown as { lines?: number }).lines;
        throw badCsv(`The file is not valid CSV near line ${line ?? '?'}: ${err.message}`, line);
      }
      throw err;
    }
  };
  const first = await next();
  if (first.done) throw badCsv('The file has no header row.');
  const header = first.value.record.map((h) => h.trim());
  // NOTE: csv-parse's info.lines counts a CRLF inside a quoted field as two lines, so line
  // numbers are counted here: the previous record's last line + skipped empty lines + 1.
  let lastLine = first.value.info.empty_lines + 1 + lineBreaksIn(first.value.record);
  let emptySeen = first.value.info.empty_lines;
  const rows: AsyncIterable<CsvRow> = {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<CsvRow>> {
        const r = await next();
        if (r.done) return { done: true, value: undefined };
        const { record, info } = r.value;
        const line = lastLine + 1 + (info.empty_lines - emptySeen);
        emptySeen = info.empty_lines;
        lastLine = line + lineBreaksIn(record);
        return { done: false, value: { line, values: record, bytes: info.bytes } };
      },
      async return(): Promise<IteratorResult<CsvRow>> {
        parser.destroy();
        return { done: true, value: undefined };
      },
    }),
  };
  return { header, delimiter: delim, rows };
}

/** One CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

// Streaming CSV (RFC 4180) with csv-parse: UTF-8 with or without BOM (or a declared Windows-1252),
// UTF-16 named by its byte-order mark, `,`, `;` or a tab (detected from the header line), quoted fields that hold newlines. Memory stays flat
// whatever the file size. A file that is not the encoding it claims is refused with its line —
// never read with U+FFFD in place of its letters (issue 9, defect 13).
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { detectDelimiter, encodingOfBom, type CsvEncoding } from '../../../contract/imports.js';
import { DomainError } from '../shared/index.js';
import type { CsvFile, CsvRow, FileReading } from './file-rows.js';
import { openWorkbook, workbookKindOf } from './workbook.js';

export type { CsvFile, CsvRow, FileReading } from './file-rows.js';

/** The encodings a file may declare (mapping option `encoding`), with the mapping in contract/imports.ts. */
export { CSV_ENCODINGS, detectDelimiter, type CsvEncoding } from '../../../contract/imports.js';

// imports.bad_csv: the file is not readable CSV (an unclosed quote, an empty file, no header).
// imports.bad_encoding: a line of the file is not in the encoding it is read in (UTF-8 unless declared).
const badCsv = (detail: string, line?: number, code: 'imports.bad_csv' | 'imports.bad_encoding' = 'imports.bad_csv') =>
  new DomainError({ code, category: 'unprocessable', detail, ...(line ? { meta: { line } } : {}) });

async function readHead(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
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

/**
 * UTF-8: checks the bytes line by line (a line break byte is never inside a multi-byte sequence, so
 * only whole lines are checked) and passes them on; the first line that is not UTF-8 fails the
 * stream with its line number. Windows-1252: decodes to text (one byte a character, no carry).
 */
function decoder(encoding: CsvEncoding): Transform {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // fatal: a lone surrogate fails the stream with its line, never a U+FFFD in its place.
    const text = new TextDecoder(encoding, { fatal: true });
    let line = 1;
    const decode = (chunk: Buffer | undefined, done: TransformCallback) => {
      try {
        const out = chunk ? text.decode(chunk, { stream: true }) : text.decode();
        for (const ch of out) if (ch === '\n') line++;
        done(null, out);
      } catch {
        // The line of the first bad character: the chunk read leniently, up to the U+FFFD it holds.
        const lenient = chunk ? new TextDecoder(encoding).decode(chunk) : '';
        const bad = line + (lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).match(/\n/g)?.length ?? 0);
        done(
          badCsv(
            `Line ${bad} is not ${encoding.toUpperCase()} text: save the file again, as UTF-8 or as Unicode text.`,
            bad,
            'imports.bad_encoding',
          ),
        );
      }
    };
    return new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        decode(chunk, done);
      },
      flush(done: TransformCallback) {
        decode(undefined, done);
      },
    });
  }
  if (encoding === 'windows-1252') {
    const text = new TextDecoder('windows-1252');
    return new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        done(null, text.decode(chunk, { stream: true }));
      },
    });
  }
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  const check = (bytes: Buffer): Error | null => {
    if (isUtf8(bytes)) {
      for (const b of bytes) if (b === 0x0a) line++;
      return null;
    }
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      if (!isUtf8(bytes.subarray(start, i))) {
        return badCsv(
          `Line ${line} is not UTF-8 text (the file may be Windows-1252 or Latin-1, as older Excel exports are): declare its encoding ("encoding": "windows-1252" in the mapping, or --encoding windows-1252), or save it as UTF-8.`,
          line,
          'imports.bad_encoding',
        );
      }
      line++;
      start = i + 1;
    }
    return null;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const cut = bytes.lastIndexOf(0x0a) + 1;
      carry = Buffer.from(bytes.subarray(cut));
      const whole = bytes.subarray(0, cut);
      const err = check(whole);
      done(err, err ? undefined : whole);
    },
    flush(done: TransformCallback) {
      const err = check(carry);
      done(err, err ? undefined : carry);
    },
  });
}

export async function openCsv(path: string, reading: FileReading): Promise<CsvFile> {
  const { delimiter, encoding: declared } = reading;
  const headBytes = await readHead(path);
  // An Excel workbook, known by its bytes: one of its sheets, read through the same mapping and checks (workbook.ts).
  const workbook = workbookKindOf(headBytes);
  if (workbook) return openWorkbook(path, workbook, reading);
  // A UTF-16 byte-order mark names the encoding, whatever was declared (Excel's "Unicode text").
  const encoding = encodingOfBom(headBytes) ?? declared;
  const head = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding).decode(headBytes);
  if (head.replace(/^\uFEFF/, '').trim() === '') throw badCsv('The file is empty: a CSV import needs a header row and data rows.');
  const delim = delimiter ?? detectDelimiter(head);
  const source = createReadStream(path);
  const decoded = source.pipe(decoder(encoding));
  // A refused encoding reaches the parser as its error (see next()).
  decoded.on('error', (err) => parser.destroy(err));
  source.on('error', (err) => decoded.destroy(err));
  const parser = decoded.pipe(
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
      if (err instanceof DomainError) throw err;
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
  return { kind: 'csv', header, delimiter: delim, encoding, rows };
}

/** One CSV field, quoted when it must be (RFC 4180). */
/** A file's header alone (a CSV's first row, a workbook sheet's), the rest left unread. */
export async function readHeader(path: string, reading: FileReading): Promise<string[]> {
  const file = await openCsv(path, reading);
  await file.rows[Symbol.asyncIterator]().return?.();
  return file.header;
}

export function csvField(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

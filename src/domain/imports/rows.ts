// The read stage of an import: the file's rows (csv-reader.ts) gathered into chunks, so each
// later stage makes one round trip per chunk, not per row.
import type { SourceRow } from './check.js';
import type { CsvRow } from './csv-reader.js';

/** The rows in chunks of `size` (the last may be shorter); `onRead` hears the bytes read so far. */
export async function* chunksOf(rows: AsyncIterable<CsvRow>, size: number, onRead: (bytes: number) => void): AsyncGenerator<SourceRow[]> {
  let chunk: SourceRow[] = [];
  for await (const row of rows) {
    onRead(row.bytes);
    chunk.push({ line: row.line, values: row.values });
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

import { describe, expect, it } from 'vitest';
import { progressWriter } from './import.js';

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  const stream = { isTTY, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('the import progress line', () => {
  const totalBytes = 10 * 1024 * 1024;

  it('reports reading by share of the file, then writing by share of the rows, each from 0 % to 100 %', () => {
    const { stream, lines } = fakeStream(false);
    const progress = progressWriter(stream, performance.now() - 1000);
    for (let i = 1; i <= 4; i++) progress.update({ rows: i * 25_000, bytes: (i * totalBytes) / 4, totalBytes });
    for (let i = 1; i <= 2; i++) progress.update({ rows: 100_000, bytes: totalBytes, totalBytes, written: i * 50_000 });
    expect(lines[0]).toMatch(/^25% 25,000 rows read, [\d,]+ rows\/s, ETA /);
    expect(lines[3]).toMatch(/^100% 100,000 rows read/);
    // The write phase starts its own bar: it does not sit at 100 % while rows are written.
    expect(lines[4]).toMatch(/^50% writing 50,000 of 100,000 rows/);
    expect(lines[5]).toMatch(/^100% writing 100,000 of 100,000 rows/);
    expect(lines).toHaveLength(6);
  });

  it('rewrites one line in place on a terminal', () => {
    const { stream, lines } = fakeStream(true);
    const progress = progressWriter(stream);
    progress.update({ rows: 10, bytes: 512, totalBytes: 1024 });
    const clearLine = '\r\x1b[2K';
    expect(lines[0]!.startsWith(`${clearLine}[${'#'.repeat(15)}${'-'.repeat(15)}] 50% 10 rows read`)).toBe(true);
    progress.end();
    expect(lines[1]).toBe('\r\x1b[2K');
  });
});

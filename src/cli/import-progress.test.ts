import { describe, expect, it } from 'vitest';
import { progressWriter } from './import.js';

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  const stream = { isTTY, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('the import progress line', () => {
  const totalBytes = 10 * 1024 * 1024;

  it('reports reading by share of the file with the rows written so far, then writing the rest by share of the rows', () => {
    const { stream, lines } = fakeStream(false);
    const progress = progressWriter(stream, performance.now() - 1000);
    for (let i = 1; i <= 3; i++) progress.update({ rows: i * 25_000, bytes: (i * totalBytes) / 4, totalBytes, written: (i - 1) * 20_000 });
    for (const written of [60_000, 80_000, 100_000]) progress.update({ rows: 100_000, bytes: totalBytes, totalBytes, written });
    expect(lines[0]).toMatch(/^25% 25,000 rows read, 0 written, [\d,]+ rows\/s, ETA /);
    expect(lines[2]).toMatch(/^75% 75,000 rows read, 40,000 written, /);
    // Once the file is read, the write phase has its own bar: it does not sit at 100 % while the rest is written.
    expect(lines[3]).toMatch(/^60% writing 60,000 of 100,000 rows/);
    expect(lines[4]).toMatch(/^80% writing 80,000 of 100,000 rows/);
    expect(lines[5]).toMatch(/^100% writing 100,000 of 100,000 rows/);
    expect(lines).toHaveLength(6);
  });

  it('leaves out "written" for kinds written as they are read', () => {
    const { stream, lines } = fakeStream(false);
    progressWriter(stream, performance.now() - 1000).update({ rows: 50_000, bytes: totalBytes / 2, totalBytes });
    expect(lines[0]).toMatch(/^50% 50,000 rows read, [\d,]+ rows\/s/);
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

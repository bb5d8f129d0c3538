// docs/errors.md is what the catalogue renders: a code added, changed or removed without
// `npm run docs:errors` fails here (the script runs this test with --update).
import prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contract/errors.js';
import { renderErrorDocs } from './error-docs.js';

const DOC = '../../docs/errors.md';

describe('docs/errors.md', () => {
  it('is the catalogue as rendered (run `npm run docs:errors` after changing a code)', async () => {
    const path = new URL(DOC, import.meta.url).pathname;
    const options = await prettier.resolveConfig(path);
    const markdown = await prettier.format(renderErrorDocs(), { ...options, filepath: path });
    await expect(markdown).toMatchFileSnapshot(DOC);
  });

  it('lists every code of the catalogue once, with its status and category', () => {
    const rows = renderErrorDocs()
      .split('\n')
      .map((line) => line.match(/^\| `([^`]+)` \| ([^|]+) \| ([a-z_]+) \| /))
      .filter((m) => m !== null)
      .map(([, code, status, category]) => ({ code, status, category }));
    expect(rows.map((r) => r.code).sort()).toEqual([...ERROR_CODES].sort());
    expect(rows.find((r) => r.code === 'orders.gate_open')).toEqual({ code: 'orders.gate_open', status: '409', category: 'conflict' });
    expect(rows.find((r) => r.code === 'request.too_large')).toEqual({ code: 'request.too_large', status: '413', category: 'invalid' });
  });
});

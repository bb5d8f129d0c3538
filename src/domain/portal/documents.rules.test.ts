import { describe, expect, it } from 'vitest';
import { cleanFileName, declaredDocumentType, detectDocumentType } from './documents.rules.js';

const bytes = (...b: number[]) => Uint8Array.from([...b, 0x00, 0x01, 0x02]);

describe('detectDocumentType', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['HTML named .pdf', Buffer.from('<html><script>alert(1)</script>'), null],
    ['a GIF', Buffer.from('GIF89a'), null],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e), null],
    ['nothing', new Uint8Array(0), null],
  ])('%s → %s', (_what, content, type) => {
    expect(detectDocumentType(content)).toBe(type);
  });
});

describe('declaredDocumentType', () => {
  it.each([
    ['image/JPG', 'image/jpeg'],
    ['application/pdf; charset=binary', 'application/pdf'],
    [undefined, ''],
  ])('%s → %s', (declared, type) => {
    expect(declaredDocumentType(declared)).toBe(type);
  });
});

describe('cleanFileName', () => {
  it('keeps the last path segment without control characters or quotes', () => {
    expect(cleanFileName('C:\\Users\\ap\\tax "2026".pdf', 'application/pdf')).toBe('tax 2026.pdf');
    expect(cleanFileName('../../etc/passwd\u0000.png', 'image/png')).toBe('passwd.png');
    expect(cleanFileName('   ', 'image/jpeg')).toBe('certificate.jpg');
  });
});

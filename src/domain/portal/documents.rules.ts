// Which file a customer's upload is, by its first bytes (docs/portal.md): what the browser says
// (the part's Content-Type, the name's extension) is not trusted alone. Pure.
import type { PortalDocumentType } from '../../../contract/portal.js';

const SIGNATURES: { type: PortalDocumentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The type the content's first bytes say, or null for anything but PDF, PNG and JPEG. */
export function detectDocumentType(content: Uint8Array): PortalDocumentType | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => content[i] === b))?.type ?? null;
}

/** The declared type as the browser sends it, read leniently (`image/jpg`, parameters, case). */
export function declaredDocumentType(contentType: string | undefined): string {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return t === 'image/jpg' || t === 'image/pjpeg' ? 'image/jpeg' : t;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f"]/g;

/** A file name safe to show and to put in Content-Disposition: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string, type: PortalDocumentType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE_IN_NAME, '').trim().slice(0, 200);
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  return clean || `certificate.${ext}`;
}

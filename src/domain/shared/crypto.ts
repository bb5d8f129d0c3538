import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An opaque random secret, `bytes` long (≥ 16 = 128 bits), base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Constant-time comparison for secrets. */
export function safeEqualStrings(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

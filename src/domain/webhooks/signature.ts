// Standard Webhooks signatures (https://www.standardwebhooks.com/, spec/standard-webhooks.md):
// `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), where key is the
// base64-decoded part of a `whsec_…` secret; several space-separated signatures may be sent
// (rotation). Pure: the clock and the secrets are passed in.
//
// Decision (ours): node:crypto rather than the `standardwebhooks` package — the package verifies
// against one secret at a time and computes HMAC in JavaScript (fast-sha256); with node:crypto we
// check every live secret against every signature with timingSafeEqual, in a dozen lines.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Timestamps further than this from now, either way, are refused (replay window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck =
  { ok: true; secretIndex: number } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** The `v1,<base64>` signature of a payload (also what a sender computes). */
export function signWebhook(secret: string, id: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export interface VerifyWebhookInput {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  secrets: readonly string[];
  now: Date;
}

export function verifyWebhookSignature({ id, timestamp, signature, body, secrets, now }: VerifyWebhookInput): SignatureCheck {
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  const given = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (let i = 0; i < secrets.length; i++) {
    const expected = Buffer.from(signWebhook(secrets[i]!, id, timestamp, body).slice(3), 'base64');
    // Constant time per comparison; lengths are public (32 bytes for SHA-256).
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: true, secretIndex: i };
  }
  return { ok: false, reason: 'bad_signature' };
}

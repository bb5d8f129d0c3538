import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

// The example of the Standard Webhooks reference libraries.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = Buffer.from('{"test": 2432232314}');
const now = new Date(TS * 1000);

describe('Standard Webhooks signatures', () => {
  it('signs like the reference libraries', () => {
    expect(signWebhook(SECRET, ID, TS, BODY)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it.each([
    ['a valid signature', {}, { ok: true, secretIndex: 0 }],
    ['one valid signature among several', { signature: `v1,Zm9v ${signWebhook(SECRET, ID, TS, BODY)}` }, { ok: true, secretIndex: 0 }],
    ['a tampered body', { body: Buffer.from('{"test": 2432232315}') }, { ok: false, reason: 'bad_signature' }],
    ['another id', { id: 'msg_other' }, { ok: false, reason: 'bad_signature' }],
    ['a timestamp 5 min 1 s old', { now: new Date((TS + 301) * 1000) }, { ok: false, reason: 'stale_timestamp' }],
    ['a timestamp 5 min ahead', { now: new Date((TS - 300) * 1000) }, { ok: true, secretIndex: 0 }],
    ['no signature header', { signature: undefined }, { ok: false, reason: 'missing_headers' }],
    ['a non-numeric timestamp', { timestamp: 'yesterday' }, { ok: false, reason: 'bad_timestamp' }],
  ] as const)('%s', (_, over, expected) => {
    const input = {
      id: ID,
      timestamp: String(TS),
      signature: signWebhook(SECRET, ID, TS, BODY),
      body: BODY,
      secrets: [SECRET],
      now,
      ...over,
    };
    expect(verifyWebhookSignature(input)).toEqual(expected);
  });

  it('finds the secret that signed while two are live (rotation)', () => {
    const next = 'whsec_' + Buffer.from('another secret of 24 byte').toString('base64');
    const signature = signWebhook(next, ID, TS, BODY);
    expect(verifyWebhookSignature({ id: ID, timestamp: String(TS), signature, body: BODY, secrets: [SECRET, next], now })).toEqual({
      ok: true,
      secretIndex: 1,
    });
  });
});

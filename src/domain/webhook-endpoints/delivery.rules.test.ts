import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bodyOfEvent,
  disabledReasonOf,
  isSuccess,
  MAX_ATTEMPTS,
  retryDelayMs,
  signPayload,
  testBody,
  webhookHeaders,
} from './delivery.rules.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_dGhlIG90aGVyIHNlY3JldCBvZiB0aGlzIHRlc3Q=';

describe('retry schedule', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [7, 64 * 60_000],
    [30, 6 * 3_600_000],
  ])('waits after attempt %i for %i ms', (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });

  it('gives up after about two hours of attempts', () => {
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 60_000).toBe(127);
  });
});

describe('success', () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [302, false],
    [404, false],
    [500, false],
    [null, false],
  ])('HTTP %s counts as delivered: %s', (code, expected) => {
    expect(isSuccess(code)).toBe(expected);
  });
});

describe('signing', () => {
  afterEach(() => vi.useRealTimers());
  const now = new Date('2026-03-02T14:00:00Z');

  it('signs as the Standard Webhooks reference implementation verifies', () => {
    const body = JSON.stringify(testBody('0b7e0000-0000-4000-8000-000000000000', now));
    const headers = webhookHeaders({ id: 'msg_1', body, secrets: [SECRET], now });
    expect(headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    vi.useFakeTimers({ toFake: ['Date'], now });
    expect(new Webhook(SECRET).verify(body, headers)).toMatchObject({ type: 'webhook.test' });
    expect(new Webhook(SECRET).sign('msg_1', now, body)).toBe(signPayload(SECRET, 'msg_1', now.getTime() / 1000, body));
  });

  it('signs with every live secret, so a receiver holding either verifies', () => {
    const body = '{"type":"order.created"}';
    const headers = webhookHeaders({ id: 'msg_2', body, secrets: [SECRET, OTHER], now });
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    vi.useFakeTimers({ toFake: ['Date'], now });
    expect(new Webhook(OTHER).verify(body, headers)).toEqual({ type: 'order.created' });
    expect(new Webhook(SECRET).verify(body, headers)).toEqual({ type: 'order.created' });
  });
});

describe('bodies and words', () => {
  it('sends a domain event as {type, timestamp, data} with its details', () => {
    const occurredAt = new Date('2026-03-01T09:30:00Z');
    expect(
      bodyOfEvent({
        id: 41,
        type: 'order.created',
        subjectType: 'order',
        subjectId: 'o-1',
        accountId: 'a-1',
        occurredAt,
        payload: { number: 'SO-1' },
      }),
    ).toEqual({
      type: 'order.created',
      timestamp: '2026-03-01T09:30:00.000Z',
      data: { eventId: 41, subject: { type: 'order', id: 'o-1' }, accountId: 'a-1', details: { number: 'SO-1' } },
    });
  });

  it('says why an endpoint was turned off', () => {
    expect(disabledReasonOf(20, 'HTTP 500')).toBe('Turned off after 20 failed delivery attempts in a row (last: HTTP 500).');
    expect(disabledReasonOf(3, null)).toBe('Turned off after 3 failed delivery attempts in a row.');
  });
});

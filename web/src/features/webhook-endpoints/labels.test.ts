import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, type WebhookDelivery } from '../../../../contract/webhook-endpoints';
import { deliveryState, EVENT_LABELS, eventLabel } from './labels';

const now = new Date('2026-03-02T14:00:00Z');
const delivery = (patch: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: '00000000-0000-4000-8000-000000000001',
  endpointId: '00000000-0000-4000-8000-000000000002',
  eventId: 1,
  type: 'order.created',
  status: 'pending',
  attempts: 0,
  nextAttemptAt: null,
  lastStatusCode: null,
  lastError: null,
  deliveredAt: null,
  createdAt: now.toISOString(),
  payload: {},
  attemptLog: [],
  ...patch,
});

describe('delivery states in words', () => {
  it.each([
    [{ status: 'delivered' as const, attempts: 1 }, 'Delivered'],
    [{ status: 'failed' as const, attempts: 8 }, 'Failed'],
    [{ attempts: 0 }, 'Sending'],
    [{ attempts: 1, nextAttemptAt: '2026-03-02T13:59:00Z' }, 'Sending'],
    [{ attempts: 1, nextAttemptAt: '2026-03-02T14:00:30Z' }, 'Retrying within a minute'],
    [{ attempts: 3, nextAttemptAt: '2026-03-02T14:04:00Z' }, 'Retrying in 4 minutes'],
  ])('%o reads "%s"', (patch, label) => {
    expect(deliveryState(delivery(patch), now).label).toBe(label);
  });
});

describe('event words', () => {
  it('names every event an endpoint may choose, and the test event, in plain words', () => {
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) expect(eventLabel(type)).not.toContain('.');
    expect(eventLabel('webhook.test')).toBe('Test event');
  });
});

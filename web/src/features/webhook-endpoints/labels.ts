// Words for outbound webhooks: event types and delivery states in plain language.
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  type WebhookDelivery,
  type WebhookEventType,
} from '../../../../contract/webhook-endpoints';
import { formatRelative } from '../../lib/format';

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'order.created': 'Order placed',
  'order.status_changed': 'Order moved to another stage',
  'order.late_risk': 'Order at risk of being late',
  'order.shipped': 'Order shipped',
  'order.delivered': 'Order delivered',
  'quote.sent': 'Quote sent',
  'quote.won': 'Quote won',
  'quote.lost': 'Quote lost',
  'quote.expired': 'Quote expired',
  'account.neglected': 'Customer gone quiet',
  'account.rhythm_overdue': 'Customer’s next order overdue',
  'problem.opened': 'Problem reported',
  'survey.answered': 'Survey answered',
  'account.journey_started': 'Onboarding journey started by hand',
  'account.stage_changed': 'Customer moved to the next onboarding stage',
};

export const EVENT_OPTIONS = WEBHOOK_EVENT_TYPES.map((value) => ({ value, label: EVENT_LABELS[value] }));

export function eventLabel(type: string): string {
  if (type === WEBHOOK_TEST_EVENT) return 'Test event';
  return (EVENT_LABELS as Record<string, string>)[type] ?? type;
}

/** A delivery's state in words, with its colour (never the only signal: the words say it). */
export function deliveryState(d: WebhookDelivery, now = new Date()): { label: string; color: string } {
  if (d.status === 'delivered') return { label: 'Delivered', color: 'teal' };
  if (d.status === 'failed') return { label: 'Failed', color: 'red' };
  if (d.attempts === 0 || !d.nextAttemptAt || new Date(d.nextAttemptAt) <= now) return { label: 'Sending', color: 'blue' };
  const when = formatRelative(d.nextAttemptAt, now);
  return { label: `Retrying ${when === 'just now' ? 'within a minute' : when}`, color: 'orange' };
}

import { Stack, Text, Timeline } from '@mantine/core';
import type { OrderEvent } from '../../../../contract/orders';
import { formatDate, formatDateTime, formatWhen, ORDER_STATUS_LABELS } from '../../lib/format';
import { FIELD_LABELS } from './model';

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object' && v && 'name' in v) return String(v.name);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  if (field === 'status' && typeof v === 'string') return ORDER_STATUS_LABELS[v] ?? v;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function title(e: OrderEvent): string {
  switch (e.kind) {
    case 'created':
      return 'Order received';
    case 'imported':
      return 'Order placed (imported)';
    case 'status_changed':
      return `${e.fromStatus ? ORDER_STATUS_LABELS[e.fromStatus] : '—'} → ${e.toStatus ? ORDER_STATUS_LABELS[e.toStatus] : '—'}`;
    case 'line_added':
      return 'Line added';
    case 'message_sent':
      return 'Message sent to the customer';
    case 'correction':
      return 'Correction to the customer';
    default:
      return 'Details changed';
  }
}

/** Every change to the order, newest first, with who and when. */
export function OrderHistory({ events }: { events: OrderEvent[] }) {
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at));
  if (sorted.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing has happened to this order yet.
      </Text>
    );
  return (
    <Timeline bulletSize={12} lineWidth={1} active={sorted.length} data-testid="order-history">
      {sorted.map((e) => (
        <Timeline.Item
          key={e.id}
          title={
            <Text size="sm" fw={600}>
              {title(e)}
            </Text>
          }
          data-testid="order-event"
          data-kind={e.kind}
        >
          <Stack gap={2}>
            {e.changes &&
              e.kind !== 'message_sent' &&
              e.kind !== 'correction' &&
              Object.entries(e.changes).map(([field, c]) => (
                <Text size="xs" key={field}>
                  {e.kind === 'imported' ? (
                    <>
                      {FIELD_LABELS[field] ?? field}: <b>{typeof c.to === 'string' ? formatDateTime(c.to) : show(field, c.to)}</b>
                    </>
                  ) : (
                    <>
                      {FIELD_LABELS[field] ?? field}: {show(field, c.from)} → <b>{show(field, c.to)}</b>
                    </>
                  )}
                </Text>
              ))}
            {e.note && (
              <Text size="xs" fs="italic">
                “{e.note}”
              </Text>
            )}
            <Text size="xs" c="dimmed" title={formatDateTime(e.at)}>
              {e.actor?.name ?? 'System'} · {formatWhen(e.at)}
            </Text>
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

import { Text, Timeline } from '@mantine/core';
import type { OrderDetail, OrderEvent, OrderStatus } from '../../../../contract/orders';
import { formatDateTime, formatWhen, ORDER_STATUS_LABELS } from '../../lib/format';
import { LIFECYCLE } from './model';

/** When each step was reached (latest entry into it), from the order's events. */
function reachedAt(events: OrderEvent[]): Map<OrderStatus, OrderEvent> {
  const m = new Map<OrderStatus, OrderEvent>();
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  for (const e of sorted) {
    if (e.kind === 'created') m.set('received', e);
    if (e.kind === 'status_changed' && e.toStatus) m.set(e.toStatus, e);
    if (e.kind === 'imported') {
      // One event stands for the imported history: placed at its time, shipped and delivered at theirs.
      m.set('received', e);
      const at = (field: string) => e.changes?.[field]?.to;
      const shipped = at('shippedAt');
      const delivered = at('deliveredAt');
      if (typeof shipped === 'string') m.set('shipped', { ...e, at: shipped });
      if (typeof delivered === 'string') m.set('delivered', { ...e, at: delivered });
      if (e.toStatus && !m.has(e.toStatus)) m.set(e.toStatus, e);
    }
  }
  return m;
}

/** The scorecard's steps as a vertical timeline with who and when (docs/ux.md). */
export function OrderLifecycle({ order }: { order: OrderDetail }) {
  const reached = reachedAt(order.events);
  const cancelled = order.status === 'cancelled';
  const current = cancelled ? -1 : LIFECYCLE.indexOf(order.status);
  return (
    <Timeline
      active={current}
      bulletSize={22}
      lineWidth={2}
      color={cancelled ? 'gray' : 'indigo'}
      data-testid="order-lifecycle"
      aria-label="Order steps"
    >
      {LIFECYCLE.map((s, i) => {
        const e = reached.get(s);
        const isCurrent = i === current;
        const done = i < current;
        return (
          <Timeline.Item
            key={s}
            bullet={
              <Text fz={11} fw={700}>
                {done ? '✓' : i + 1}
              </Text>
            }
            title={
              <Text fw={isCurrent ? 800 : 500} size="sm" c={i > current ? 'dimmed' : undefined}>
                {ORDER_STATUS_LABELS[s]}
                {isCurrent ? ' — current step' : ''}
              </Text>
            }
            data-testid={`lifecycle-step-${s}`}
            data-state={isCurrent ? 'current' : done ? 'done' : 'upcoming'}
            aria-current={isCurrent ? 'step' : undefined}
          >
            {e && i <= current ? (
              <Text size="xs" c="dimmed" title={formatDateTime(e.at)}>
                {e.actor?.name ?? 'System'} · {formatWhen(e.at)}
              </Text>
            ) : null}
          </Timeline.Item>
        );
      })}
      {cancelled && (
        <Timeline.Item
          bullet={
            <Text fz={11} fw={700}>
              ×
            </Text>
          }
          color="red"
          title={
            <Text fw={800} size="sm" c="red.8">
              Cancelled
            </Text>
          }
          data-testid="lifecycle-step-cancelled"
        />
      )}
    </Timeline>
  );
}

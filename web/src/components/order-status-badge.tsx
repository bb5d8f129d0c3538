import { Badge } from '@mantine/core';
import type { OrderStatus } from '../../../contract/orders';
import { ORDER_STATUS_LABELS } from '../lib/format';

const COLORS: Record<OrderStatus, string> = {
  received: 'gray',
  data_review: 'blue',
  in_production: 'blue',
  inspection: 'cyan',
  ready_to_ship: 'teal',
  shipped: 'green',
  delivered: 'green',
  closed: 'dark',
  cancelled: 'gray',
};

/** An order's status as words (the colour only repeats them). */
export function OrderStatusBadge({ status, size = 'sm' }: { status: OrderStatus; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={COLORS[status]}
      variant={status === 'cancelled' ? 'outline' : 'light'}
      size={size}
      data-testid="order-status-badge"
      data-status={status}
    >
      {ORDER_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** Late is red AND says "Late" (docs/ux.md): never colour alone. */
export function LateBadge({ isLate, size = 'sm' }: { isLate: boolean; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  if (!isLate) return null;
  return (
    <Badge color="red" variant="filled" size={size} data-testid="late-badge">
      Late
    </Badge>
  );
}

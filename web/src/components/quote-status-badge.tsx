import { Badge } from '@mantine/core';
import type { QuoteStatus } from '../../../contract/quotes';

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost', expired: 'Expired' };
const COLORS: Record<QuoteStatus, string> = { open: 'blue', won: 'green', lost: 'red', expired: 'gray' };

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" size="sm" data-testid="quote-status-badge" data-status={status}>
      {QUOTE_STATUS_LABELS[status]}
    </Badge>
  );
}

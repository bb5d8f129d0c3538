import { Badge } from '@mantine/core';
import type { QuoteStatus } from '../../../contract/quotes';

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost', expired: 'Expired' };
const COLORS: Record<QuoteStatus, string> = { open: 'blue', won: 'green', lost: 'red', expired: 'gray' };

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  return (
    // A shade darker than Mantine's darkest on the light background: AA contrast for the small label (docs/ux.md "Accessible").
    <Badge
      color={COLORS[status]}
      style={{ '--badge-color': `color-mix(in srgb, var(--mantine-color-${COLORS[status]}-9) 75%, black)` }}
      variant="light"
      size="sm"
      data-testid="quote-status-badge"
      data-status={status}
    >
      {QUOTE_STATUS_LABELS[status]}
    </Badge>
  );
}

import { Badge, Tooltip } from '@mantine/core';
import type { AccountStatus } from '../../../contract/accounts';

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  prospect: 'Prospect',
  new: 'New',
  active: 'Active',
  at_risk: 'At risk',
  dormant: 'Dormant',
  lost: 'Lost',
};

const COLORS: Record<AccountStatus, string> = {
  prospect: 'gray',
  new: 'blue',
  active: 'green',
  at_risk: 'orange',
  dormant: 'yellow',
  lost: 'red',
};

const MEANING: Record<AccountStatus, string> = {
  prospect: 'No order yet',
  new: 'Exactly one order so far',
  active: 'Ordering regularly',
  at_risk: 'Ordering rhythm overdue, a problem past due, or an unhappy survey answer',
  dormant: 'No order for a long time (neglected)',
  lost: 'Marked as lost by a person',
};

/**
 * Light green, yellow and orange badges put their own colour's text under 4.5:1 contrast (axe: 4.06
 * for "Active"): their words are dark instead, the background still carries the colour.
 */
const DARK_TEXT: ReadonlySet<AccountStatus> = new Set(['active', 'dormant', 'at_risk']);

/** The derived account status (docs/domain.md §4), in words, with what it means on hover. */
export function AccountStatusBadge({ status, size = 'sm' }: { status: AccountStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Tooltip label={MEANING[status]}>
      <Badge
        color={COLORS[status]}
        c={DARK_TEXT.has(status) ? 'dark.7' : undefined}
        variant="light"
        size={size}
        data-testid="account-status-badge"
        data-status={status}
      >
        {ACCOUNT_STATUS_LABELS[status]}
      </Badge>
    </Tooltip>
  );
}

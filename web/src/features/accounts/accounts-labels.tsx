import { Badge, Tooltip } from '@mantine/core';
import type { AccountKind, AccountStatus } from '../../../../contract/accounts';

export const ACCOUNT_KIND_LABELS: Record<AccountKind, string> = { customer: 'Customer', prospect: 'Prospect', supplier: 'Supplier' };

/** Each status says itself in words; the colour only repeats it (docs/ux.md: colour is never the only signal). */
export const ACCOUNT_STATUS: Record<AccountStatus, { label: string; color: string; hint: string }> = {
  prospect: { label: 'Prospect', color: 'gray', hint: 'No order yet.' },
  new: { label: 'New', color: 'blue', hint: 'Exactly one order so far: the second order is the one to win.' },
  active: { label: 'Active', color: 'green', hint: 'Ordering at its usual rhythm.' },
  at_risk: {
    label: '⚠ At risk',
    color: 'orange',
    hint: 'Overdue for its usual rhythm, an open problem past due, or an unhappy survey answer in the last 90 days.',
  },
  dormant: { label: 'Dormant', color: 'yellow', hint: 'No order for longer than the neglect threshold in Settings.' },
  lost: { label: 'Lost', color: 'dark', hint: 'Marked lost by a person.' },
};

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const s = ACCOUNT_STATUS[status];
  return (
    <Tooltip label={s.hint} multiline w={260} openDelay={300}>
      <Badge
        color={s.color}
        variant={status === 'at_risk' || status === 'lost' ? 'filled' : 'light'}
        size="sm"
        style={{ whiteSpace: 'nowrap' }}
      >
        {s.label}
      </Badge>
    </Tooltip>
  );
}

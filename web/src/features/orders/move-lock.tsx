import { Alert, List, Text } from '@mantine/core';
import type { OrderStatus } from '../../../../contract/orders';
import type { Scorecard } from '../../../../contract/tasks';
import { ORDER_STATUS_LABELS } from '../../lib/format';
import { useScorecard } from '../tasks/api';
import { LockIcon } from '../tasks/lock-icon';

/** The playbook steps still locking the move to `to` (the scorecard's open gates): empty when none. */
export function useOpenGates(orderId: string, to: OrderStatus): Scorecard['gates'] {
  const scorecard = useScorecard(orderId);
  return (scorecard.data?.gates ?? []).filter((g) => g.isOpen && g.gateStatus === to);
}

/**
 * The lock shown at the top of a move's dialog, before anything is typed (docs/ux.md "A first
 * order in the shop"): which steps must be done first and what each still misses.
 */
export function MoveLock({ gates, to, canOverride }: { gates: Scorecard['gates']; to: OrderStatus; canOverride: boolean }) {
  if (gates.length === 0) return null;
  return (
    <Alert color="grape" variant="light" title={`Locked: ${ORDER_STATUS_LABELS[to]} needs these steps done first`} data-testid="move-lock">
      <List size="sm" spacing={4} icon={<LockIcon />}>
        {gates.map((g) => (
          <List.Item key={g.taskId} data-testid="move-lock-step">
            <b>{g.title}</b>
            {g.missing ? ` — ${g.missing}` : ''}
          </List.Item>
        ))}
      </List>
      <Text size="xs" mt="xs">
        {canOverride
          ? 'Moving on now is refused until they are done; as an admin you may then override it with a written reason.'
          : 'Only an admin can move an order past a lock, with a written reason.'}
      </Text>
    </Alert>
  );
}

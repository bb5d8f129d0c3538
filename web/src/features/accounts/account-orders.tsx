import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { FirstOrderMark } from '../../components/first-order-mark';
import { LateBadge, OrderStatusBadge } from '../../components/order-status-badge';
import { formatDate, formatMoney } from '../../lib/format';
import { useOrders } from '../orders/api';

/** This account's orders, newest first; the first order carries its mark here too. */
export function AccountOrders({ accountId }: { accountId: string }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const q = useOrders({ accountId, sort: '-placedAt', limit: 25, cursor });
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button component={Link} to={`/orders/new?accountId=${accountId}`} size="xs" data-testid="account-new-order">
          New order
        </Button>
      </Group>
      {q.isLoading && <Loader size="sm" aria-label="Loading orders" />}
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          No orders yet. The first one will be marked everywhere it appears, so the whole shop treats it with care.
        </Text>
      )}
      {q.data && q.data.items.length > 0 && (
        <Table verticalSpacing={4} striped data-testid="account-orders">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Placed</Table.Th>
              <Table.Th>Promised</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((o) => (
              <Table.Tr key={o.id} data-testid="order-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/orders/${o.id}`} size="sm" fw={600}>
                      {o.number}
                    </Anchor>
                    <FirstOrderMark isFirstOrder={o.isFirstOrder} isAudition={o.isAudition} />
                  </Group>
                </Table.Td>
                <Table.Td>{formatDate(o.placedAt)}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" c={o.isLate ? 'red.8' : undefined}>
                      {formatDate(o.promisedDate)}
                    </Text>
                    <LateBadge isLate={o.isLate} size="xs" />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <OrderStatusBadge status={o.status} />
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMoney(o.amount, o.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group gap="xs">
        {cursor && (
          <Button variant="default" size="xs" onClick={() => setCursor(undefined)}>
            Newest orders
          </Button>
        )}
        {q.data?.nextCursor && (
          <Button variant="default" size="xs" onClick={() => setCursor(q.data.nextCursor ?? undefined)}>
            Older orders
          </Button>
        )}
      </Group>
    </Stack>
  );
}

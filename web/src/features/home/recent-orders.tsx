import { Anchor, Badge, Box, Group, Paper, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { FirstOrderMark } from '../../components/first-order-mark';
import { formatDate, formatMoney, ORDER_STATUS_LABELS } from '../../lib/format';
import { TableMessage } from '../../lib/table-message';
import { useOrders } from '../orders/api';

const COLS = 5;

/** The ten newest orders, compact. */
export function RecentOrders() {
  const navigate = useNavigate();
  const orders = useOrders({ limit: 10, sort: '-placedAt' });
  const items = orders.data?.items ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4">
          Recent orders
        </Title>
        <Anchor component={Link} to="/orders" size="sm">
          All orders →
        </Anchor>
      </Group>
      {/* A native scroll box (Mantine's ScrollContainer would bring its custom scrollbars to My day's first screen). */}
      <Box style={{ overflowX: 'auto' }}>
        <Table verticalSpacing={6} highlightOnHover fz="sm" miw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Order</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Promised</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {orders.isLoading && <TableMessage colSpan={COLS}>Loading orders…</TableMessage>}
            {orders.isError && (
              <TableMessage colSpan={COLS}>
                <Text c="red" size="sm">
                  Could not load orders: {orders.error.message}
                </Text>
              </TableMessage>
            )}
            {orders.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed" size="sm">
                  No orders yet. They arrive from your ERP, or you enter them under Orders.
                </Text>
              </TableMessage>
            )}
            {items.map((o) => (
              <Table.Tr key={o.id} onClick={() => void navigate(`/orders/${o.id}`)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/orders/${o.id}`} fw={500} size="sm" onClick={(e) => e.stopPropagation()}>
                      {o.number}
                    </Anchor>
                    <FirstOrderMark isFirstOrder={o.isFirstOrder} isAudition={o.isAudition} />
                  </Group>
                </Table.Td>
                <Table.Td>{o.accountName}</Table.Td>
                <Table.Td>{ORDER_STATUS_LABELS[o.status] ?? o.status}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {formatDate(o.promisedDate)}
                    {o.isLate && (
                      <Badge color="red" size="sm" variant="light">
                        Late
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(o.amount, o.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
    </Paper>
  );
}

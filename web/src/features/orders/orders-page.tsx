import { Alert, Anchor, Button, Chip, Group, Loader, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ORDER_SORTS, ORDER_STATUSES, type Order } from '../../../../contract/orders';
import { FirstOrderMark } from '../../components/first-order-mark';
import { LateBadge, OrderStatusBadge } from '../../components/order-status-badge';
import { formatDate, formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '../../lib/format';
import { Pager, SearchInput, SortableTh, useCursorPaging } from '../../lib/list-controls';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { useOrders } from './api';

const KEYS = ['q', 'status', 'first', 'late', 'sort', 'cursor', 'prev'] as const;

export function OrdersPage() {
  const [state, setState] = useUrlState(KEYS);
  const sort = oneOf(ORDER_SORTS, state.sort) ?? '-placedAt';
  const paging = useCursorPaging(state, setState);
  const query = {
    q: state.q,
    status: oneOf(ORDER_STATUSES, state.status),
    isFirstOrder: state.first === '1' ? ('true' as const) : undefined,
    isLate: state.late === '1' ? ('true' as const) : undefined,
    sort,
    cursor: state.cursor,
    limit: 50,
  };
  const orders = useOrders(query, { keepPrevious: true });
  const items = orders.data?.items ?? [];
  const filtered = Boolean(state.q || state.status || state.first || state.late);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Orders</Title>
        <Button component={Link} to="/orders/new" data-testid="new-order">
          New order
        </Button>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SearchInput label="Search orders" placeholder="Number or account" value={state.q ?? ''} onChange={(q) => setState({ q })} />
        <Chip
          checked={state.first === '1'}
          onChange={(v) => setState({ first: v ? '1' : null })}
          wrapperProps={{ 'data-testid': 'filter-first' }}
        >
          First orders only
        </Chip>
        <Chip
          checked={state.late === '1'}
          onChange={(v) => setState({ late: v ? '1' : null })}
          color="red"
          wrapperProps={{ 'data-testid': 'filter-late' }}
        >
          Late only
        </Chip>
      </Group>
      <Group gap={6} role="group" aria-label="Filter by status">
        <Chip size="xs" variant="outline" checked={!state.status} onChange={() => setState({ status: null })}>
          Any status
        </Chip>
        {ORDER_STATUSES.map((s) => (
          <Chip key={s} size="xs" variant="outline" checked={state.status === s} onChange={(v) => setState({ status: v ? s : null })}>
            {ORDER_STATUS_LABELS[s]}
          </Chip>
        ))}
      </Group>

      {orders.isError && (
        <Alert color="red" title="Could not load orders">
          {orders.error.message}
        </Alert>
      )}
      {orders.isLoading ? (
        <Loader aria-label="Loading orders" />
      ) : items.length === 0 && !orders.isError ? (
        <Paper withBorder p="lg">
          <Text fw={600}>{filtered ? 'No orders match these filters.' : 'No orders yet.'}</Text>
          <Text size="sm" c="dimmed">
            {filtered
              ? 'Clear a filter or the search to see more.'
              : 'Orders arrive from your ERP (import or webhook), or you can enter one by hand.'}
          </Text>
          <Group mt="sm">
            {filtered ? (
              <Button variant="default" size="xs" onClick={() => setState({ q: null, status: null, first: null, late: null })}>
                Clear filters
              </Button>
            ) : (
              <Button size="xs" component={Link} to="/orders/new">
                New order
              </Button>
            )}
          </Group>
        </Paper>
      ) : (
        <ScrollArea>
          <Table striped highlightOnHover verticalSpacing={6} miw={900} aria-busy={orders.isFetching} data-testid="orders-table">
            <Table.Thead>
              <Table.Tr>
                <SortableTh field="number" sort={sort} onSort={(s) => setState({ sort: s })}>
                  Number
                </SortableTh>
                <Table.Th>Account</Table.Th>
                <SortableTh field="placedAt" sort={sort} onSort={(s) => setState({ sort: s })}>
                  Placed
                </SortableTh>
                <SortableTh field="promisedDate" sort={sort} onSort={(s) => setState({ sort: s })}>
                  Promised
                </SortableTh>
                <Table.Th>Status</Table.Th>
                <SortableTh field="amount" sort={sort} onSort={(s) => setState({ sort: s })} align="right">
                  Amount
                </SortableTh>
                <Table.Th>Rep</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <OrderRow key={o.id} order={o} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Pager paging={paging} nextCursor={orders.data?.nextCursor} shown={items.length} />
    </Stack>
  );
}

function OrderRow({ order: o }: { order: Order }) {
  return (
    <Table.Tr data-testid="order-row" data-order-id={o.id}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={`/orders/${o.id}`} fw={600} size="sm">
            {o.number}
          </Anchor>
          <FirstOrderMark isFirstOrder={o.isFirstOrder} isAudition={o.isAudition} />
        </Group>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm" c="inherit">
          {o.accountName}
        </Anchor>
      </Table.Td>
      <Table.Td title={formatDateTime(o.placedAt)}>
        <Text size="sm">{formatDate(o.placedAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" c={o.isLate ? 'red.8' : undefined} fw={o.isLate ? 600 : undefined}>
            {formatDate(o.promisedDate)}
          </Text>
          <LateBadge isLate={o.isLate} size="xs" />
        </Group>
      </Table.Td>
      <Table.Td>
        <OrderStatusBadge status={o.status} />
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" ff="monospace">
          {formatMoney(o.amount, o.currency)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{o.rep?.name ?? '—'}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

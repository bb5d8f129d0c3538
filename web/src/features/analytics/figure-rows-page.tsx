// The rows behind a number on the dashboard: the orders, accounts or quotes it counts, paged, with
// a CSV download of every row.
import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import type { FigureRows } from '../../../../contract/analytics';
import { formatDate, formatMoney } from '../../lib/format';
import { ListError, Pager, useCursorPaging } from '../../lib/list-controls';
import { TableMessage } from '../../lib/table-message';
import { useUrlState } from '../../lib/use-url-state';
import { figureCsvUrl, useFigureRows } from './api';
import { FIGURE_HELP, FIGURE_TITLES, isFigureKey, VIEW_KEYS, viewOf } from './model';

const KEYS = [...VIEW_KEYS, 'cursor', 'prev'] as const;

export function FigureRowsPage() {
  const { figure } = useParams();
  const [state, setState] = useUrlState(KEYS);
  const paging = useCursorPaging(state, setState);
  const view = viewOf(state);
  const key = isFigureKey(figure) ? figure : 'onTime';
  const rows = useFigureRows(key, view, paging.cursor);
  if (!isFigureKey(figure))
    return (
      <Alert color="red" title="No such figure">
        The dashboard has no figure called “{figure}”.
      </Alert>
    );
  const back = `/dashboard${window.location.search.replace(/([?&])(cursor|prev)=[^&]*/g, '$1')}`;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={back}>
          Dashboard
        </Anchor>
        <Text>{FIGURE_TITLES[figure]}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{FIGURE_TITLES[figure]}</Title>
          <Text size="sm" c="dimmed">
            {FIGURE_HELP[figure]} {view.asOf ? `As of ${formatDate(view.asOf)}.` : 'As of today.'}
            {view.from || view.to
              ? ` Period ${view.from ? formatDate(view.from) : 'from the start'} to ${view.to ? formatDate(view.to) : 'the as-of day'}.`
              : ''}
          </Text>
        </Stack>
        <Button component="a" href={figureCsvUrl(figure, view)} download variant="default" data-testid="download-csv">
          Download CSV
        </Button>
      </Group>
      <ScrollArea>
        <Table striped verticalSpacing={6} miw={760} aria-busy={rows.isFetching} data-testid="figure-rows">
          {rows.data ? <RowsTable list={rows.data} /> : null}
          {!rows.data && (
            <Table.Tbody>
              <TableMessage colSpan={8}>
                {rows.isError ? (
                  <ListError what="the rows" error={rows.error} onFirstPage={() => setState({ cursor: null, prev: null })} />
                ) : (
                  <Loader size="sm" aria-label="Loading the rows" />
                )}
              </TableMessage>
            </Table.Tbody>
          )}
        </Table>
      </ScrollArea>
      <Pager paging={paging} nextCursor={rows.data?.nextCursor} shown={rows.data?.items.length ?? 0} isBusy={rows.isFetching} />
    </Stack>
  );
}

function AccountLink({ id, name }: { id: string; name: string }) {
  return (
    <Anchor component={Link} to={`/accounts/${id}`} size="sm">
      {name}
    </Anchor>
  );
}

function RowsTable({ list }: { list: FigureRows }) {
  const empty = (n: number) => (
    <TableMessage colSpan={n}>
      <Text size="sm">No rows: nothing counts towards this figure in this view.</Text>
    </TableMessage>
  );
  if (list.rows === 'orders')
    return (
      <>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order</Table.Th>
            <Table.Th>Account</Table.Th>
            <Table.Th>Placed</Table.Th>
            <Table.Th>Promised</Table.Th>
            <Table.Th>Shipped</Table.Th>
            <Table.Th>On time</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.items.length === 0 && empty(7)}
          {list.items.map((o) => (
            <Table.Tr key={o.orderId} data-testid="figure-row">
              <Table.Td>
                <Anchor component={Link} to={`/orders/${o.orderId}`} size="sm" fw={600}>
                  {o.number}
                </Anchor>
                {o.isFirstOrder && (
                  <Badge size="xs" variant="light" ml={6}>
                    first order
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <AccountLink id={o.accountId} name={o.accountName} />
              </Table.Td>
              <Table.Td>{formatDate(o.placedOn)}</Table.Td>
              <Table.Td>{formatDate(o.promisedDate)}</Table.Td>
              <Table.Td>{o.shippedOn ? formatDate(o.shippedOn) : 'not shipped'}</Table.Td>
              <Table.Td>
                {o.outcome === null ? (
                  '—'
                ) : (
                  <Badge variant="light" color={o.outcome === 'on_time' ? 'teal' : 'red'}>
                    {o.outcome === 'on_time' ? 'on time' : 'late'}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatMoney(o.amount, o.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </>
    );
  if (list.rows === 'accounts')
    return (
      <>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            <Table.Th ta="right">Orders</Table.Th>
            <Table.Th>First order</Table.Th>
            <Table.Th>Second order</Table.Th>
            <Table.Th>Last order</Table.Th>
            <Table.Th ta="right">Days since</Table.Th>
            <Table.Th ta="right">Usual gap (days)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.items.length === 0 && empty(7)}
          {list.items.map((a) => (
            <Table.Tr key={a.accountId} data-testid="figure-row">
              <Table.Td>
                <AccountLink id={a.accountId} name={a.accountName} />
              </Table.Td>
              <Table.Td ta="right">{a.orderCount}</Table.Td>
              <Table.Td>{formatDate(a.firstOrderOn)}</Table.Td>
              <Table.Td>{a.secondOrderOn ? `${formatDate(a.secondOrderOn)} (${a.daysToSecondOrder} days later)` : 'not yet'}</Table.Td>
              <Table.Td>{formatDate(a.lastOrderOn)}</Table.Td>
              <Table.Td ta="right">{a.daysSinceLastOrder}</Table.Td>
              <Table.Td ta="right">{a.medianGapDays ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </>
    );
  return (
    <>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Quote</Table.Th>
          <Table.Th>Account</Table.Th>
          <Table.Th>Outcome</Table.Th>
          <Table.Th>Decided</Table.Th>
          <Table.Th>Rep</Table.Th>
          <Table.Th ta="right">Amount</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.items.length === 0 && empty(6)}
        {list.items.map((q) => (
          <Table.Tr key={q.quoteId} data-testid="figure-row">
            <Table.Td fw={600}>{q.number}</Table.Td>
            <Table.Td>
              <AccountLink id={q.accountId} name={q.accountName} />
            </Table.Td>
            <Table.Td>{q.status}</Table.Td>
            <Table.Td>{formatDate(q.decidedOn)}</Table.Td>
            <Table.Td>{q.repName ?? '—'}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {formatMoney(q.amount, q.currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </>
  );
}

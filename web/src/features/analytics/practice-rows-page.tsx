// The accounts behind one side of "does the practice work" (docs/analytics.md): the first orders a
// playbook ran for whose steps (or one step) were done on time — or not — and whether they came back.
import { Alert, Anchor, Breadcrumbs, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../../lib/format';
import { ListError, Pager, useCursorPaging } from '../../lib/list-controls';
import { TableMessage } from '../../lib/table-message';
import { useUrlState } from '../../lib/use-url-state';
import { usePractice, usePracticeRows, type PracticeSide } from './api';
import { VIEW_KEYS, viewOf } from './model';

const KEYS = [...VIEW_KEYS, 'playbook', 'step', 'side', 'cursor', 'prev'] as const;

export function PracticeRowsPage() {
  const [state, setState] = useUrlState(KEYS);
  const paging = useCursorPaging(state, setState);
  const view = viewOf(state);
  const side: PracticeSide = {
    ...view,
    playbook: state.playbook ?? '',
    side: state.side === 'missed' ? 'missed' : 'kept',
    ...(state.step ? { step: state.step } : {}),
  };
  const practice = usePractice(view);
  const rows = usePracticeRows(side, paging.cursor);
  if (!state.playbook)
    return (
      <Alert color="red" title="No playbook named">
        This page lists the accounts behind a playbook on the dashboard; open it from there.
      </Alert>
    );
  const book = practice.data?.playbooks.find((p) => p.key === side.playbook);
  const stepTitle = (key: string) => book?.steps.find((s) => s.key === key)?.title ?? key;
  const what = side.step ? `“${stepTitle(side.step)}”` : 'every step';
  const title = `${book?.name ?? side.playbook}: ${what} ${side.side === 'kept' ? 'done on time' : 'late, skipped or overdue'}`;
  const back = `/dashboard${new URLSearchParams(Object.entries(view)).size > 0 ? `?${new URLSearchParams(Object.entries(view)).toString()}` : ''}`;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={back}>
          Dashboard
        </Anchor>
        <Text>Does the practice work?</Text>
      </Breadcrumbs>
      <Stack gap={4}>
        <Title order={2}>{title}</Title>
        <Text size="sm" c="dimmed">
          Customers whose first order this playbook ran for, by first order date; a second order date means they came back.{' '}
          {view.asOf ? `As of ${formatDate(view.asOf)}.` : 'As of today.'}
        </Text>
      </Stack>
      <ScrollArea>
        <Table striped verticalSpacing={6} miw={720} aria-busy={rows.isFetching} data-testid="practice-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>First order</Table.Th>
              <Table.Th>Second order</Table.Th>
              <Table.Th>Steps not done on time</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!rows.data && (
              <TableMessage colSpan={4}>
                {rows.isError ? (
                  <ListError what="the accounts" error={rows.error} onFirstPage={() => setState({ cursor: null, prev: null })} />
                ) : (
                  <Loader size="sm" aria-label="Loading the accounts" />
                )}
              </TableMessage>
            )}
            {rows.data?.items.length === 0 && (
              <TableMessage colSpan={4}>
                <Text size="sm">No first order on this side in this view.</Text>
              </TableMessage>
            )}
            {rows.data?.items.map((r) => (
              <Table.Tr key={`${r.accountId}-${r.orderId}`} data-testid="practice-row">
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${r.accountId}`} size="sm">
                    {r.accountName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/orders/${r.orderId}`} size="sm" fw={600}>
                    {r.orderNumber}
                  </Anchor>{' '}
                  {formatDate(r.firstOrderOn)}
                </Table.Td>
                <Table.Td>{r.secondOrderOn ? `${formatDate(r.secondOrderOn)} (${r.daysToSecondOrder} days later)` : 'not yet'}</Table.Td>
                <Table.Td>{r.missedSteps.length === 0 ? '—' : r.missedSteps.map(stepTitle).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Pager paging={paging} nextCursor={rows.data?.nextCursor} shown={rows.data?.items.length ?? 0} isBusy={rows.isFetching} />
    </Stack>
  );
}

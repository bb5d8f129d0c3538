import { Alert, Anchor, Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { useRuns } from './api';

const STATUS_COLOR: Record<string, string> = { active: 'blue', completed: 'teal', cancelled: 'gray' };

function subjectLink(r: {
  subjectType: string;
  subjectId: string;
  orderId: string | null;
  accountId: string | null;
  quoteId: string | null;
}) {
  if (r.orderId)
    return (
      <Anchor component={Link} to={`/orders/${r.orderId}`} size="sm">
        Order
      </Anchor>
    );
  if (r.accountId && r.subjectType === 'account')
    return (
      <Anchor component={Link} to={`/accounts/${r.accountId}`} size="sm">
        Account
      </Anchor>
    );
  return <Text size="sm">{r.subjectType}</Text>;
}

/** Runs of playbooks, for an order, an account or a quote (or all, filtered to one playbook). */
export function RunsTable({
  query,
  playbookKey,
}: {
  query: { orderId?: string; accountId?: string; quoteId?: string };
  playbookKey?: string;
}) {
  const q = useRuns(query);
  if (q.isLoading) return <Loader aria-label="Loading runs" />;
  if (q.isError)
    return (
      <Alert color="red" title="Could not load runs">
        {q.error.message}
      </Alert>
    );
  const items = (q.data?.items ?? []).filter((r) => !playbookKey || r.playbookKey === playbookKey);
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No runs yet. A run starts when its trigger event happens.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table data-testid="runs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Playbook</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Finished</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} data-testid="run-row">
              <Table.Td>
                <Anchor component={Link} to={`/playbooks/${r.playbookKey}`} size="sm">
                  {r.playbookName}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  v{r.version}
                </Text>
              </Table.Td>
              <Table.Td>{subjectLink(r)}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[r.status] ?? 'gray'} variant="light">
                  {r.status}
                </Badge>
                {r.cancelReason && (
                  <Text size="xs" c="dimmed">
                    {r.cancelReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(r.startedAt)}</Table.Td>
              <Table.Td>{r.finishedAt ? formatDateTime(r.finishedAt) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** /playbook-runs?orderId=…|accountId=…|quoteId=… */
export function RunsPage() {
  const [params] = useSearchParams();
  const query = {
    orderId: params.get('orderId') ?? undefined,
    accountId: params.get('accountId') ?? undefined,
    quoteId: params.get('quoteId') ?? undefined,
  };
  const what = query.orderId ? 'this order' : query.accountId ? 'this account' : query.quoteId ? 'this quote' : 'all subjects';
  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz="h2">
          Playbook runs
        </Title>
        <Text size="sm" c="dimmed">
          Runs for {what}.
        </Text>
      </div>
      <RunsTable query={query} />
    </Stack>
  );
}

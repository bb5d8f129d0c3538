// The problems list (docs/problems.md): filtered by origin, responsible person, status, account and the
// days opened — the expectations report's numbers link here with those filters in the URL.
import { Alert, Anchor, Chip, Group, Loader, Paper, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { PROBLEM_ORIGINS, PROBLEM_ORIGIN_LABELS, PROBLEM_STATUSES, PROBLEM_STATUS_LABELS } from '../../../../contract/problems';
import { AccountSelect } from '../../components/account-select';
import { StaffSelect } from '../../components/staff-select';
import { formatDate } from '../../lib/format';
import { Pager, useCursorPaging } from '../../lib/list-controls';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { useProblems } from './api';
import { originLabel } from './model';
import { ProblemStatusBadge } from './problem-status-badge';

const KEYS = ['origin', 'responsible', 'status', 'account', 'from', 'to', 'cursor', 'prev'] as const;

export function ProblemsPage() {
  const [state, setState] = useUrlState(KEYS);
  const paging = useCursorPaging(state, setState);
  const problems = useProblems({
    origin: oneOf(PROBLEM_ORIGINS, state.origin),
    responsibleUserId: state.responsible,
    status: oneOf(PROBLEM_STATUSES, state.status),
    accountId: state.account,
    openedFrom: state.from,
    openedTo: state.to,
    cursor: state.cursor,
  });
  const items = problems.data?.items ?? [];
  const filtered = KEYS.some((k) => k !== 'cursor' && k !== 'prev' && state[k]);
  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz="h2">
          Problems
        </Title>
        <Text size="sm" c="dimmed">
          What went wrong for customers: fixed for them first, then traced to where it started and kept from happening again.
        </Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Where it comes from"
          placeholder="Any origin"
          clearable
          w={240}
          data={PROBLEM_ORIGINS.map((o) => ({ value: o, label: PROBLEM_ORIGIN_LABELS[o] }))}
          value={state.origin ?? null}
          onChange={(v) => setState({ origin: v })}
          data-testid="filter-origin"
        />
        <StaffSelect
          label="Responsible"
          placeholder="Anyone"
          w={220}
          value={state.responsible ?? null}
          onChange={(v) => setState({ responsible: v })}
        />
        <AccountSelect
          label="Account"
          placeholder="Any account"
          clearable
          w={260}
          value={state.account ?? null}
          onChange={(v) => setState({ account: v })}
        />
      </Group>
      {(state.from || state.to) && (
        <Text size="sm">
          Opened {state.from ? `from ${formatDate(state.from)}` : ''} {state.to ? `to ${formatDate(state.to)}` : ''} ·{' '}
          <Anchor component="button" size="sm" onClick={() => setState({ from: null, to: null })}>
            any day
          </Anchor>
        </Text>
      )}
      <Group gap={6} role="group" aria-label="Filter by status">
        <Chip size="xs" variant="outline" checked={!state.status} onChange={() => setState({ status: null })}>
          Any status
        </Chip>
        {PROBLEM_STATUSES.map((s) => (
          <Chip key={s} size="xs" variant="outline" checked={state.status === s} onChange={(v) => setState({ status: v ? s : null })}>
            {PROBLEM_STATUS_LABELS[s]}
          </Chip>
        ))}
      </Group>
      {problems.isError && (
        <Alert color="red" title="Could not load the problems">
          {problems.error.message}
        </Alert>
      )}
      {problems.isLoading ? (
        <Loader aria-label="Loading the problems" />
      ) : items.length === 0 && !problems.isError ? (
        <Paper withBorder p="lg" data-testid="problems-empty">
          <Text fw={600}>{filtered ? 'No problems match these filters.' : 'No problems reported.'}</Text>
          <Text size="sm" c="dimmed">
            {filtered
              ? 'Clear a filter to see more.'
              : 'Report one from an account’s or an order’s page when something goes wrong for a customer.'}
          </Text>
        </Paper>
      ) : (
        <ScrollArea>
          <Table data-testid="problems" verticalSpacing="xs" miw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Opened</Table.Th>
                <Table.Th>Problem</Table.Th>
                <Table.Th>Where it comes from</Table.Th>
                <Table.Th>Responsible</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} data-testid="problem-row">
                  <Table.Td>
                    <Text size="sm">{formatDate(p.openedAt.slice(0, 10))}</Text>
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Anchor component={Link} to={`/problems/${p.id}`} size="sm" fw={600}>
                      {p.category}
                    </Anchor>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {p.accountName}
                      {p.orderNumber ? ` · order ${p.orderNumber}` : ''} — {p.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{originLabel(p.origin)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.responsible?.name ?? '—'}</Text>
                    {p.responsible && !p.responsibleConfirmedAt && (
                      <Text size="xs" c="dimmed">
                        proposed
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ProblemStatusBadge problem={p} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Pager paging={paging} nextCursor={problems.data?.nextCursor} shown={items.length} isBusy={problems.isPlaceholderData} />
    </Stack>
  );
}

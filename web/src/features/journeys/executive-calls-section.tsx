// "Executive calls" on the dashboard (P3.2, docs/journeys.md): the onboarding journeys' executive
// calls due in the quarter of the dashboard's day — how many are done, how many overdue — and the
// ones still to make, each linked to its account.
import { Alert, Anchor, Badge, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { useExecutiveCalls } from './api';

export function ExecutiveCallsSection({ asOf }: { asOf: string | undefined }) {
  const q = useExecutiveCalls(asOf);
  if (q.isLoading) return <Loader size="sm" aria-label="Loading the executive calls" />;
  if (q.isError || !q.data) return <Alert color="red">Could not load the executive calls: {q.error?.message}</Alert>;
  const r = q.data;
  const toMake = r.items.filter((i) => i.status !== 'done');
  return (
    <Stack gap="xs" data-testid="executive-calls">
      <Text size="xs" c="dimmed">
        Calls due from {r.from} to {r.to}, as of {r.asOf}.
      </Text>
      <SimpleGrid cols={3} maw={420}>
        {(
          [
            ['Due', r.due, undefined],
            ['Done', r.done, r.done > 0 ? 'green' : undefined],
            ['Overdue', r.overdue, r.overdue > 0 ? 'red' : undefined],
          ] as const
        ).map(([label, n, color]) => (
          <Stack key={label} gap={0}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="xl" fw={700} c={color}>
              {n}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      {r.due === 0 && (
        <Text size="sm" c="dimmed">
          No executive call falls due in this quarter. The onboarding journey books them after the installation and 90 days in.
        </Text>
      )}
      {toMake.map((c) => (
        <Group key={c.taskId} gap="xs">
          <Anchor component={Link} to={`/accounts/${c.account.id}`} size="sm">
            {c.account.name}
          </Anchor>
          <Text size="sm">{c.title}</Text>
          <Text size="xs" c="dimmed">
            {c.assignee?.name ?? 'any executive'}
            {c.dueAt ? `, due ${formatDateTime(c.dueAt)}` : ''}
          </Text>
          {c.isOverdue && (
            <Badge size="xs" color="red">
              overdue
            </Badge>
          )}
        </Group>
      ))}
    </Stack>
  );
}

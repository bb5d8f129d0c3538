import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { triggerEvents } from '../../../../contract/playbooks';
import { useSession } from '../../lib/session';
import { usePlaybooks, useRuns } from './api';
import { NewPlaybookModal } from './new-playbook-modal';

/** Every playbook's current version: what starts it, whether it is on, how often it ran. */
export function PlaybooksPage() {
  const q = usePlaybooks();
  const runs = useRuns({});
  const { hasRole } = useSession();
  const [creating, setCreating] = useState(false);
  const runCount = new Map<string, number>();
  for (const r of runs.data?.items ?? []) runCount.set(r.playbookKey, (runCount.get(r.playbookKey) ?? 0) + 1);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} fz="h2">
            Playbooks
          </Title>
          <Text size="sm" c="dimmed">
            The practices as work: each playbook starts on an event and puts its steps in the right person’s My day.
          </Text>
        </div>
        {hasRole('admin') && (
          <Button onClick={() => setCreating(true)} disabled={!q.data} data-testid="new-playbook">
            New playbook
          </Button>
        )}
      </Group>
      <NewPlaybookModal opened={creating} onClose={() => setCreating(false)} playbooks={q.data?.items ?? []} />
      {q.isLoading && <Loader aria-label="Loading playbooks" />}
      {q.isError && (
        <Alert color="red" title="Could not load playbooks">
          {q.error.message}
        </Alert>
      )}
      {q.data && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid="playbooks-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th ta="right">Version</Table.Th>
                <Table.Th>Starts on</Table.Th>
                <Table.Th>Steps</Table.Th>
                <Table.Th>Enabled</Table.Th>
                <Table.Th ta="right">Runs</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((p) => (
                <Table.Tr key={p.id} data-testid="playbook-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/playbooks/${p.key}`} ff="monospace" size="sm">
                      {p.key}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {p.name}{' '}
                    {p.isBuiltin && (
                      <Badge size="xs" variant="outline" color="gray">
                        built-in
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">v{p.version}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {triggerEvents(p.document.trigger).join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{p.document.steps.length}</Table.Td>
                  <Table.Td>
                    <Badge color={p.isEnabled ? 'teal' : 'gray'} variant="light">
                      {p.isEnabled ? 'On' : 'Off'}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{runs.data ? (runCount.get(p.key) ?? 0) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

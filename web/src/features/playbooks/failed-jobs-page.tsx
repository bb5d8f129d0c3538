import { Alert, Button, Code, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useFailedJobs, useRetryJob } from './api';

function errorText(output: unknown): string {
  if (output && typeof output === 'object' && 'message' in output) return String(output.message);
  return output === null || output === undefined ? '—' : JSON.stringify(output);
}

/** Admin → Failed jobs: the dead-letter list, each retried with one click. */
export function FailedJobsPage() {
  const q = useFailedJobs();
  const retry = useRetryJob();
  const retryJob = (id: string) =>
    void retry.mutateAsync(id).then(
      () => notifications.show({ color: 'green', message: 'Queued again; it runs in a moment.' }),
      (err) =>
        notifications.show({
          color: 'red',
          title: 'Not retried',
          message: err instanceof ApiError ? (err.problem.detail ?? err.message) : otherFailure(err, 'The server could not be reached.'),
        }),
    );
  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz="h2">
          Failed jobs
        </Title>
        <Text size="sm" c="dimmed">
          Background work that failed after its last retry. Fix the cause, then retry it here.
        </Text>
      </div>
      {q.isLoading && <Loader aria-label="Loading failed jobs" />}
      {q.isError && (
        <Alert color="red" title="Could not load failed jobs">
          {q.error.message}
        </Alert>
      )}
      {q.data && q.data.items.length === 0 && (
        <Alert color="teal" variant="light" title="No failed jobs" data-testid="no-failed-jobs">
          Everything in the background ran.
        </Alert>
      )}
      {q.data && q.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="failed-jobs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th ta="right">Tries</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Failed</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((j) => (
                <Table.Tr key={j.id} data-testid="failed-job-row">
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {j.name}
                    </Text>
                    <Code fz="xs">{JSON.stringify(j.data).slice(0, 80)}</Code>
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Text size="sm" c="red.8" lineClamp={3}>
                      {errorText(j.output)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{j.retryCount}</Table.Td>
                  <Table.Td>{formatDateTime(j.createdOn)}</Table.Td>
                  <Table.Td>{formatDateTime(j.completedOn)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => retryJob(j.id)}
                      loading={retry.isPending && retry.variables === j.id}
                      aria-label={`Retry ${j.name} ${j.id}`}
                    >
                      Retry
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

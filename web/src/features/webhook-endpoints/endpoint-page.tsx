// One outbound webhook endpoint: its settings, a test event, a new secret, and its deliveries with
// every attempt (status code, time taken, error); a failed delivery is retried from here.
import { Alert, Anchor, Badge, Button, Code, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { Fragment, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type {
  CreatedWebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
} from '../../../../contract/webhook-endpoints';
import { formatDateTime } from '../../lib/format';
import { TableMessage } from '../../lib/table-message';
import { RequireAdmin } from '../admin/require-admin';
import {
  useDeleteWebhookEndpoint,
  useRetryDelivery,
  useRotateWebhookSecret,
  useSendTestEvent,
  useUpdateWebhookEndpoint,
  useWebhookDeliveries,
  useWebhookEndpoint,
} from './api';
import { EndpointFormModal } from './endpoint-form-modal';
import { EndpointState, ShowEndpointSecret } from './endpoints-page';
import { deliveryState, eventLabel } from './labels';

const COLS = 7;
const STATUS_FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'On their way' },
  { value: 'failed', label: 'Failed' },
  { value: 'delivered', label: 'Delivered' },
];

const answerOf = (d: WebhookDelivery) => (d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : d.attempts > 0 ? 'No answer' : '—');

function Attempts({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <Stack gap={6} p="xs">
      {delivery.attemptLog.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not tried yet.
        </Text>
      ) : (
        <Table fz="sm" withTableBorder verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Attempt</Table.Th>
              <Table.Th>Answer</Table.Th>
              <Table.Th>Time taken</Table.Th>
              <Table.Th>Error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {delivery.attemptLog.map((a, i) => (
              <Table.Tr key={`${a.at}-${i}`}>
                <Table.Td>{formatDateTime(a.at)}</Table.Td>
                <Table.Td>{a.statusCode !== null ? `HTTP ${a.statusCode}` : 'No answer'}</Table.Td>
                <Table.Td>{a.durationMs} ms</Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>{a.error && a.error !== `HTTP ${a.statusCode}` ? a.error : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        Sent as (webhook-id {delivery.id}):
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {JSON.stringify(delivery.payload, null, 2)}
      </Code>
    </Stack>
  );
}

function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as WebhookDeliveryStatus | undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const deliveries = useWebhookDeliveries(endpoint.id, { ...(status && { status }), ...(cursor && { cursor }) });
  const retry = useRetryDelivery(endpoint.id);
  const [open, setOpen] = useState<string | null>(null);
  const items = deliveries.data?.items ?? [];
  const retryIt = (d: WebhookDelivery) =>
    void retry.mutateAsync(d.id).then(
      () => notifications.show({ color: 'green', message: `${eventLabel(d.type)}: sending again.` }),
      (err: unknown) => notifications.show({ color: 'red', message: err instanceof Error ? err.message : String(err) }),
    );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} fz="h4">
          Deliveries
        </Title>
        <SegmentedControl
          size="xs"
          data={STATUS_FILTERS}
          value={status ?? 'all'}
          aria-label="Show deliveries"
          onChange={(v) => {
            setCursors([]);
            setParams(v === 'all' ? {} : { status: v }, { replace: true });
          }}
        />
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" data-testid="webhook-deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Last answer</Table.Th>
              <Table.Th>Time taken</Table.Th>
              <Table.Th>Written</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.isLoading && <TableMessage colSpan={COLS}>Loading deliveries…</TableMessage>}
            {deliveries.isError && (
              <TableMessage colSpan={COLS}>
                <Text c="red" size="sm">
                  Could not load the deliveries: {deliveries.error.message}
                </Text>
              </TableMessage>
            )}
            {deliveries.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed" size="sm">
                  {status
                    ? 'None in this state.'
                    : 'Nothing sent yet. Deliveries appear here when one of the chosen events happens — or send a test event.'}
                </Text>
              </TableMessage>
            )}
            {items.map((d) => {
              const state = deliveryState(d);
              const last = d.attemptLog[0];
              const isRetryable = d.status === 'failed' || (d.status === 'pending' && d.nextAttemptAt !== null);
              return (
                <Fragment key={d.id}>
                  <Table.Tr data-testid="delivery-row">
                    <Table.Td>{eventLabel(d.type)}</Table.Td>
                    <Table.Td>
                      <Badge color={state.color} variant="light">
                        {state.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td title={d.lastError ?? undefined}>
                      {answerOf(d)}
                      {d.lastError && d.lastError !== answerOf(d) && (
                        <Text size="xs" c="dimmed" lineClamp={1} maw={260}>
                          {d.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{last ? `${last.durationMs} ms` : '—'}</Table.Td>
                    <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setOpen(open === d.id ? null : d.id)}
                          aria-expanded={open === d.id}
                        >
                          {open === d.id ? 'Hide' : 'Details'}
                        </Button>
                        {isRetryable && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            onClick={() => retryIt(d)}
                            loading={retry.isPending && retry.variables === d.id}
                          >
                            Retry
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {open === d.id && (
                    <Table.Tr>
                      <Table.Td colSpan={COLS}>
                        <Attempts delivery={d} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="xs">
        {cursors.length > 0 && (
          <Button size="xs" variant="default" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </Button>
        )}
        {deliveries.data?.nextCursor && (
          <Button size="xs" variant="default" onClick={() => setCursors((c) => [...c, deliveries.data.nextCursor!])}>
            Older
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function ConfirmDelete({ endpoint, onClose }: { endpoint: WebhookEndpoint; onClose: () => void }) {
  const remove = useDeleteWebhookEndpoint();
  const navigate = useNavigate();
  const deleteIt = () =>
    void remove.mutateAsync(endpoint.id).then(
      () => {
        notifications.show({ color: 'green', message: 'Endpoint deleted.' });
        void navigate('/admin/webhook-endpoints');
      },
      () => undefined, // shown from remove.error
    );
  return (
    <Modal opened onClose={onClose} title="Delete this endpoint?">
      <Stack gap="sm">
        <Text size="sm">
          Nothing more is sent to <Code>{endpoint.url}</Code>, and its deliveries are deleted with it. To pause it instead, turn it off.
        </Text>
        {remove.isError && (
          <Alert color="red" variant="light" role="alert">
            {remove.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep it
          </Button>
          <Button color="red" loading={remove.isPending} onClick={deleteIt}>
            Delete endpoint
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EndpointScreen({ id }: { id: string }) {
  const endpoint = useWebhookEndpoint(id);
  const update = useUpdateWebhookEndpoint(id);
  const test = useSendTestEvent(id);
  const rotate = useRotateWebhookSecret(id);
  const [isEditing, setEditing] = useState(false);
  const [isDeleting, setDeleting] = useState(false);
  const [secret, setSecret] = useState<CreatedWebhookEndpoint | null>(null);
  const fail = (err: unknown) => notifications.show({ color: 'red', message: err instanceof Error ? err.message : String(err) });
  if (endpoint.isLoading) return <Text>Loading…</Text>;
  if (endpoint.isError)
    return (
      <Alert color="red" variant="light" role="alert">
        Could not load the endpoint: {endpoint.error.message}{' '}
        <Anchor component={Link} to="/admin/webhook-endpoints">
          Back to the list
        </Anchor>
      </Alert>
    );
  const e = endpoint.data!;
  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Anchor component={Link} to="/admin/webhook-endpoints" size="sm">
          ← Outbound webhooks
        </Anchor>
        <Group gap="sm" mt={4}>
          <Title order={1} fz="h3" style={{ wordBreak: 'break-all' }}>
            {e.url}
          </Title>
          <EndpointState endpoint={e} />
        </Group>
        {e.description && <Text c="dimmed">{e.description}</Text>}
      </div>
      {e.disabledReason && (
        <Alert color="red" variant="light" title="Turned off by Rapport">
          {e.disabledReason} Check the receiver with a test event, turn the endpoint on, then retry the failed deliveries.
        </Alert>
      )}
      <Paper withBorder p="md">
        <Stack gap={6}>
          <Text size="sm">
            <b>Events:</b> {e.eventTypes.map(eventLabel).join(', ')}
          </Text>
          <Text size="sm">
            <b>Signing secret:</b> <Code>{`${e.secretPrefix}${'•'.repeat(8)}`}</Code>
            {e.previousSecretExpiresAt && ` — the previous secret also signs until ${formatDateTime(e.previousSecretExpiresAt)}`}
          </Text>
          <Text size="sm">
            <b>Failed attempts in a row:</b> {e.consecutiveFailures}
          </Text>
          <Group gap="xs" mt="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              size="xs"
              variant="default"
              loading={update.isPending}
              onClick={() => void update.mutateAsync({ isEnabled: !e.isEnabled }).catch(fail)}
            >
              {e.isEnabled ? 'Turn off' : 'Turn on'}
            </Button>
            <Button
              size="xs"
              variant="light"
              loading={test.isPending}
              data-testid="send-test-event"
              onClick={() =>
                void test
                  .mutateAsync()
                  .then(() => notifications.show({ color: 'green', message: 'Test event queued: it goes out within seconds.' }), fail)
              }
            >
              Send test event
            </Button>
            <Button size="xs" variant="default" loading={rotate.isPending} onClick={() => void rotate.mutateAsync().then(setSecret, fail)}>
              Rotate secret
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Deliveries endpoint={e} />
      {isEditing && <EndpointFormModal endpoint={e} onClose={() => setEditing(false)} />}
      {isDeleting && <ConfirmDelete endpoint={e} onClose={() => setDeleting(false)} />}
      {secret && <ShowEndpointSecret created={secret} onClose={() => setSecret(null)} />}
    </Stack>
  );
}

export function EndpointPage() {
  const { id = '' } = useParams();
  return (
    <RequireAdmin title="Outbound webhooks">
      <EndpointScreen id={id} />
    </RequireAdmin>
  );
}

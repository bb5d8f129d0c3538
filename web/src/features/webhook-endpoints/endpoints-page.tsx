// Admin → Outbound webhooks: the addresses Rapport posts its events to, signed per Standard
// Webhooks (docs/webhooks.md). Add one (its secret shown once), see which are on or turned off.
import { Anchor, Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CreatedWebhookEndpoint, WebhookEndpoint } from '../../../../contract/webhook-endpoints';
import { ShowOnceSecret } from '../../components/show-once-secret';
import { formatDateTime } from '../../lib/format';
import { TableMessage } from '../../lib/table-message';
import { RequireAdmin } from '../admin/require-admin';
import { useWebhookEndpoints } from './api';
import { EndpointFormModal } from './endpoint-form-modal';
import { eventLabel } from './labels';

const COLS = 4;

export function EndpointState({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (endpoint.isEnabled)
    return (
      <Badge color="teal" variant="light">
        On
      </Badge>
    );
  return (
    <Badge color={endpoint.disabledReason ? 'red' : 'gray'} variant="light" title={endpoint.disabledReason ?? undefined}>
      {endpoint.disabledReason ? 'Turned off after failures' : 'Off'}
    </Badge>
  );
}

/** The secret, shown once after creating an endpoint or rotating its secret. */
export function ShowEndpointSecret({ created, onClose }: { created: CreatedWebhookEndpoint; onClose: () => void }) {
  return (
    <ShowOnceSecret
      title="Signing secret"
      warning="Your receiver verifies every delivery with it. If it is lost, rotate the secret on the endpoint’s page."
      value={created.secret}
      valueLabel="The endpoint’s signing secret"
      copyLabel="Copy secret"
      testId="endpoint-secret-value"
      onClose={onClose}
    />
  );
}

function EndpointsScreen() {
  const endpoints = useWebhookEndpoints();
  const navigate = useNavigate();
  const [isAdding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const items = endpoints.data?.items ?? [];
  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} fz="h2">
            Outbound webhooks
          </Title>
          <Text c="dimmed" size="sm" maw={720}>
            Rapport posts what happens — orders placed, shipped, quotes won — to these addresses as it happens, signed so the receiver can
            check it came from here. Failed deliveries are tried again for about two hours.
          </Text>
        </div>
        <Button onClick={() => setAdding(true)} data-testid="add-endpoint">
          Add endpoint
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs" data-testid="webhook-endpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Address</Table.Th>
              <Table.Th>Events</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Added</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {endpoints.isLoading && <TableMessage colSpan={COLS}>Loading endpoints…</TableMessage>}
            {endpoints.isError && (
              <TableMessage colSpan={COLS}>
                <Text c="red" size="sm">
                  Could not load the endpoints: {endpoints.error.message}
                </Text>
              </TableMessage>
            )}
            {endpoints.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed" size="sm">
                  No endpoints yet. Add the address of a system that should hear about new orders, shipments or won quotes.
                </Text>
              </TableMessage>
            )}
            {items.map((e) => (
              <Table.Tr key={e.id} data-testid="endpoint-row">
                <Table.Td>
                  <Anchor component={Link} to={`/admin/webhook-endpoints/${e.id}`} fw={500}>
                    <Code>{e.url}</Code>
                  </Anchor>
                  {e.description && (
                    <Text size="xs" c="dimmed">
                      {e.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.eventTypes.map(eventLabel).join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  <EndpointState endpoint={e} />
                </Table.Td>
                <Table.Td>{formatDateTime(e.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed">
        How deliveries look, how to verify them and when an endpoint is turned off: see “Webhooks” in the documentation (docs/webhooks.md).
      </Text>
      {isAdding && (
        <EndpointFormModal
          endpoint={null}
          onClose={() => setAdding(false)}
          onCreated={(c) => {
            setAdding(false);
            setCreated(c);
          }}
        />
      )}
      {created && (
        <ShowEndpointSecret
          created={created}
          onClose={() => {
            setCreated(null);
            void navigate(`/admin/webhook-endpoints/${created.id}`);
          }}
        />
      )}
    </Stack>
  );
}

export function EndpointsPage() {
  return (
    <RequireAdmin title="Outbound webhooks">
      <EndpointsScreen />
    </RequireAdmin>
  );
}

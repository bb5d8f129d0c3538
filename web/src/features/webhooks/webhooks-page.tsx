// Admin → ERP webhooks: the signing secrets of POST /hooks/erp (Standard Webhooks), created once,
// shown once, revoked; and how an ERP sends an event.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { ShowOnceSecret } from '../../components/show-once-secret';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import type { WebhookSecret } from '../../../../contract/webhooks';
import { ApiError } from '../../lib/api';
import { formatDateTime, formatRelative } from '../../lib/format';
import { TableMessage } from '../../lib/table-message';
import { RequireAdmin } from '../admin/require-admin';
import { useCreateWebhookSecret, useRevokeWebhookSecret, useWebhookSecrets } from './api';

type CreatedSecret = WebhookSecret & { secret: string };

const COLS = 5;
const masked = (s: WebhookSecret) => `${s.prefix}${'•'.repeat(8)}`;
const isLive = (s: WebhookSecret) => !s.revokedAt && !(s.expiresAt && new Date(s.expiresAt) <= new Date());

function SecretState({ secret }: { secret: WebhookSecret }) {
  if (secret.revokedAt)
    return (
      <Badge color="gray" variant="light" title={formatDateTime(secret.revokedAt)}>
        Revoked {formatRelative(secret.revokedAt)}
      </Badge>
    );
  if (secret.expiresAt && new Date(secret.expiresAt) <= new Date())
    return (
      <Badge color="gray" variant="light">
        Expired
      </Badge>
    );
  return (
    <Badge color="green" variant="light">
      Active{secret.expiresAt ? ` until ${formatDateTime(secret.expiresAt)}` : ''}
    </Badge>
  );
}

function CreateSecretForm({ onCreated }: { onCreated: (s: CreatedSecret) => void }) {
  const create = useCreateWebhookSecret();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const created = await create.mutateAsync(name.trim() ? { name: name.trim() } : {});
      setName('');
      onCreated(created);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors()['name'] ?? err.message) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput
          label="New secret name"
          description="Which ERP or environment uses it, e.g. “ERP production”."
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={{ base: '100%', sm: 340 }}
          data-testid="webhook-secret-name"
        />
        <Button type="submit" loading={busy} mt={{ base: 0, sm: 44 }} data-testid="create-webhook-secret">
          Create signing secret
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mt="sm" role="alert">
          {error}
        </Alert>
      )}
    </form>
  );
}

function ShowOnce({ secret, onClose }: { secret: CreatedSecret; onClose: () => void }) {
  return (
    <ShowOnceSecret
      title="Signing secret created"
      warning="Put it in your ERP’s webhook settings. If it is lost, create a new one and revoke this one."
      value={secret.secret}
      valueLabel="The new signing secret"
      copyLabel="Copy secret"
      testId="webhook-secret-value"
      onClose={onClose}
    />
  );
}

function ConfirmRevoke({ secret, onClose }: { secret: WebhookSecret; onClose: () => void }) {
  const revoke = useRevokeWebhookSecret();
  const revokeIt = () =>
    void revoke.mutateAsync(secret.id).then(
      () => {
        notifications.show({ color: 'green', message: `Revoked ${secret.name ? `“${secret.name}”` : 'the secret'}.` });
        onClose();
      },
      () => undefined, // the refusal shows from revoke.error
    );
  return (
    <Modal opened onClose={onClose} title={`Revoke ${secret.name ? `“${secret.name}”` : 'this secret'}?`}>
      <Stack gap="sm">
        <Text size="sm">
          Events signed only with this secret ({masked(secret)}) are refused from now on with 401. This cannot be undone.
        </Text>
        {revoke.isError && (
          <Alert color="red" variant="light" role="alert">
            {revoke.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep it
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={revokeIt}>
            Revoke secret
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function HowToSend() {
  const endpoint = `${window.location.origin}/hooks/erp`;
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="xs">
        How your ERP sends events
      </Title>
      <Stack gap={6}>
        <Group gap="xs">
          <Text size="sm">
            <b>POST</b> the event as JSON to
          </Text>
          <Code data-testid="webhook-endpoint">{endpoint}</Code>
          <CopyButton value={endpoint}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy URL'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">
          Sign it as the <b>Standard Webhooks</b> specification says (most webhook libraries do this), with three headers:
        </Text>
        <Table withTableBorder fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Code>webhook-id</Code>
              </Table.Td>
              <Table.Td>A unique id per event; an event sent twice with the same id is acknowledged and applied once.</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Code>webhook-timestamp</Code>
              </Table.Td>
              <Table.Td>Seconds since 1970 (UTC); older than 5 minutes is refused.</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Code>webhook-signature</Code>
              </Table.Td>
              <Table.Td>
                <Code>v1,</Code> + base64 HMAC-SHA256 of <Code>{'{webhook-id}.{webhook-timestamp}.{body}'}</Code>, keyed with the base64
                part of the secret after <Code>whsec_</Code>. Several signatures may be sent, separated by spaces.
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed">
          A wrong signature or a stale timestamp gets 401. The event payloads (orders and quotes created, updated, status changed, shipped,
          delivered) are described in the{' '}
          <a href="/api/docs" target="_blank" rel="noreferrer">
            API documentation
          </a>
          .
        </Text>
      </Stack>
    </Paper>
  );
}

function WebhooksScreen() {
  const [created, setCreated] = useState<CreatedSecret | null>(null);
  const [revoking, setRevoking] = useState<WebhookSecret | null>(null);
  const secrets = useWebhookSecrets();
  const items = secrets.data?.items ?? [];
  return (
    <Stack gap="md" maw={1000}>
      <div>
        <Title order={1} fz="h2">
          ERP webhooks
        </Title>
        <Text c="dimmed" size="sm">
          Your ERP can push new orders, status changes and shipments to Rapport as they happen. Each event is signed with one of these
          secrets.
        </Text>
        <Text size="sm" mt={4}>
          To rotate a secret, create a new one, switch your ERP to it, then revoke the old one — both work in between.
        </Text>
      </div>
      <CreateSecretForm onCreated={setCreated} />
      <Table.ScrollContainer minWidth={600}>
        <Table striped verticalSpacing="xs" data-testid="webhook-secrets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Secret</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {secrets.isLoading && <TableMessage colSpan={COLS}>Loading secrets…</TableMessage>}
            {secrets.isError && (
              <TableMessage colSpan={COLS}>
                <Text c="red" size="sm">
                  Could not load the secrets: {secrets.error.message}
                </Text>
              </TableMessage>
            )}
            {secrets.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed" size="sm">
                  No signing secrets yet: create one above, then give it to your ERP.
                </Text>
              </TableMessage>
            )}
            {items.map((s) => (
              <Table.Tr key={s.id} data-testid="webhook-secret-row" c={isLive(s) ? undefined : 'dimmed'}>
                <Table.Td fw={500}>{s.name || '—'}</Table.Td>
                <Table.Td>
                  <Code>{masked(s)}</Code>
                </Table.Td>
                <Table.Td>
                  {formatDateTime(s.createdAt)}
                  {s.createdBy && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      by {s.createdBy.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <SecretState secret={s} />
                </Table.Td>
                <Table.Td ta="right">
                  {isLive(s) && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setRevoking(s)}
                      aria-label={`Revoke ${s.name || masked(s)}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <HowToSend />
      {created && <ShowOnce secret={created} onClose={() => setCreated(null)} />}
      {revoking && <ConfirmRevoke secret={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

export function WebhooksPage() {
  return (
    <RequireAdmin title="ERP webhooks">
      <WebhooksScreen />
    </RequireAdmin>
  );
}

import { Alert, Button, Code, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { ShowOnceSecret } from '../../components/show-once-secret';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { CreateTokenSchema, type CreatedToken, type Token } from '../../../../contract/auth';
import { formatDateTime, formatRelative } from '../../lib/format';
import { TableMessage } from '../../lib/table-message';
import { applyServerErrors, zodValidate } from '../../lib/zod-form';
import { useSession } from '../../lib/session';
import { useCreateToken, useRevokeToken, useTokens } from './api';

const COLS = 6;

function CreateTokenForm({ onCreated }: { onCreated: (t: CreatedToken) => void }) {
  const create = useCreateToken();
  const [error, setError] = useState<string | null>(null);
  // No debounce here: a validation still pending from typing would flag the emptied box after create.
  const form = useForm({ initialValues: { name: '' }, validate: zodValidate(CreateTokenSchema), validateInputOnChange: true });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const created = await create.mutateAsync(values);
      form.reset();
      onCreated(created);
    } catch (err) {
      setError(applyServerErrors(form, err, ['name']));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput
          label="New token name"
          description="What will use it, e.g. “ERP nightly sync”."
          w={{ base: '100%', sm: 340 }}
          {...form.getInputProps('name')}
        />
        <Button type="submit" loading={form.submitting} mt={{ base: 0, sm: 44 }}>
          Create token
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

function ShowOnce({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  return (
    <ShowOnceSecret
      title={`Token “${token.name}” created`}
      warning="Rapport keeps only a fingerprint of the token. If you lose it, revoke it and create a new one."
      value={token.token}
      valueLabel="The new API token"
      copyLabel="Copy token"
      hint={
        <Text size="sm" c="dimmed">
          Send it as <Code>Authorization: Bearer …</Code> with each request to <Code>/api/v1</Code>.
        </Text>
      }
      onClose={onClose}
    />
  );
}

function ConfirmRevoke({ token, onClose }: { token: Token; onClose: () => void }) {
  const revoke = useRevokeToken();
  const revokeIt = () =>
    void revoke.mutateAsync(token.id).then(
      () => {
        notifications.show({ color: 'green', message: `Revoked “${token.name}”.` });
        onClose();
      },
      () => undefined, // the refusal shows from revoke.error
    );
  return (
    <Modal opened onClose={onClose} title={`Revoke “${token.name}”?`}>
      <Stack gap="sm">
        <Text size="sm">Anything still using this token (prefix {token.prefix}…) stops working at once. This cannot be undone.</Text>
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
            Revoke token
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function TokensScreen() {
  const { hasRole } = useSession();
  const isAdmin = hasRole('admin');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const tokens = useTokens();
  const items = tokens.data?.items ?? [];
  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz="h2">
          API tokens
        </Title>
        <Text c="dimmed" size="sm">
          Tokens let your ERP, scripts and integrations use the Rapport API. Each acts as the person who created it
          {isAdmin ? ' — as an admin you see everyone’s.' : ', with your roles.'}
        </Text>
      </div>
      <CreateTokenForm onCreated={setCreated} />
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Starts with</Table.Th>
              <Table.Th>Belongs to</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.isLoading && <TableMessage colSpan={COLS}>Loading tokens…</TableMessage>}
            {tokens.isError && (
              <TableMessage colSpan={COLS}>
                <Text c="red">Could not load tokens: {tokens.error.message}</Text>
              </TableMessage>
            )}
            {tokens.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed">No tokens yet. Create one above when an integration needs to reach Rapport.</Text>
              </TableMessage>
            )}
            {items.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td fw={500}>{t.name}</Table.Td>
                <Table.Td>
                  <Code>{t.prefix}…</Code>
                </Table.Td>
                <Table.Td>{t.user.name}</Table.Td>
                <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                <Table.Td title={t.lastUsedAt ? formatDateTime(t.lastUsedAt) : undefined}>
                  {t.lastUsedAt ? formatRelative(t.lastUsedAt) : 'Never'}
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {created && <ShowOnce token={created} onClose={() => setCreated(null)} />}
      {revoking && <ConfirmRevoke token={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

/** Everyone manages their own tokens; an admin sees (and can revoke) everyone's. */
export function TokensPage() {
  return <TokensScreen />;
}

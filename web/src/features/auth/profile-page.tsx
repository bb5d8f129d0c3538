// Your profile: your name, your password (confirmed by the current one), and where you are signed
// in, with "sign out everywhere else" for the day a laptop goes missing. See docs/operations.md#passwords.
import { Alert, Badge, Button, Checkbox, Group, Modal, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { UpdateMeSchema, type SignedOut, type Token, type User } from '../../../../contract/auth';
import { formatDateTime, formatRelative } from '../../lib/format';
import { TableMessage } from '../../lib/table-message';
import { useSession } from '../../lib/session';
import { applyServerErrors, zodValidate } from '../../lib/zod-form';
import { useMySessions, useSignOutEverywhere, useTokens, useUpdateMe } from './api';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function signedOutMessage(s: SignedOut): string {
  const parts = [plural(s.sessionsRevoked, 'other session', 'other sessions')];
  if (s.tokensRevoked > 0) parts.push(plural(s.tokensRevoked, 'API token', 'API tokens'));
  return `${parts.join(' and ')} ended.`;
}

/** Your live API tokens (an admin's list holds everyone's: keep only yours). */
function useMyTokens(userId: string | undefined): Token[] {
  const tokens = useTokens();
  return (tokens.data?.items ?? []).filter((t) => t.user.id === userId);
}

function NameForm({ user }: { user: User }) {
  const update = useUpdateMe();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: user.name }, validate: zodValidate(UpdateMeSchema), validateInputOnChange: true });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await update.mutateAsync(values);
      form.resetDirty();
      notifications.show({ color: 'green', message: 'Name saved.' });
    } catch (err) {
      setError(applyServerErrors(form, err, ['name']));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Name"
          description="How colleagues and customers see you."
          w={{ base: '100%', sm: 340 }}
          {...form.getInputProps('name')}
        />
        <Button type="submit" variant="default" loading={form.submitting} disabled={!form.isDirty()} mt={{ base: 0, sm: 44 }}>
          Save name
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

interface PasswordValues {
  currentPassword: string;
  password: string;
  again: string;
  revokeTokens: boolean;
}

function PasswordForm({ tokenCount }: { tokenCount: number }) {
  const update = useUpdateMe();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<PasswordValues>({
    initialValues: { currentPassword: '', password: '', again: '', revokeTokens: true },
    validate: zodValidate(
      UpdateMeSchema,
      (v: PasswordValues) => ({ currentPassword: v.currentPassword || undefined, password: v.password }),
      (v) => (v.again !== v.password ? { again: 'The two new passwords differ' } : {}),
    ),
    // On leaving a field, not debounced while typing: a check still pending at submit would flag
    // the boxes the successful change has just emptied.
    validateInputOnBlur: true,
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const saved = await update.mutateAsync({
        currentPassword: values.currentPassword,
        password: values.password,
        revokeTokens: values.revokeTokens,
      });
      form.reset();
      notifications.show({ color: 'green', message: `Password changed. ${saved.signedOut ? signedOutMessage(saved.signedOut) : ''}` });
    } catch (err) {
      setError(applyServerErrors(form, err, ['currentPassword', 'password', 'revokeTokens']));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordInput
          label="New password"
          description="At least 10 characters. A phrase works well; common passwords are refused."
          autoComplete="new-password"
          required
          {...form.getInputProps('password')}
        />
        <PasswordInput label="New password again" autoComplete="new-password" required {...form.getInputProps('again')} />
        <Text size="sm" c="dimmed">
          Changing it signs you out on every other browser and device.
        </Text>
        {tokenCount > 0 && (
          <Checkbox
            label={`Also revoke my ${plural(tokenCount, 'API token', 'API tokens')}`}
            description="Integrations using them stop working until you create new ones. Keep them only if you are sure no one else had your session."
            {...form.getInputProps('revokeTokens', { type: 'checkbox' })}
          />
        )}
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={form.submitting}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser && !system) return userAgent.slice(0, 60);
  return [browser, system].filter(Boolean).join(' on ');
}

function SignOutEverywhere({ tokenCount, others, onClose }: { tokenCount: number; others: number; onClose: () => void }) {
  const [revokeTokens, setRevokeTokens] = useState(true);
  const run = useSignOutEverywhere();
  const signOutOthers = () =>
    void run.mutateAsync({ revokeTokens }).then(
      (result) => {
        notifications.show({ color: 'green', message: signedOutMessage(result) });
        onClose();
      },
      () => undefined, // the refusal shows from run.error
    );
  return (
    <Modal opened onClose={onClose} title="Sign out everywhere else?">
      <Stack gap="sm">
        <Text size="sm">
          {others > 0
            ? `Your ${plural(others, 'other session ends', 'other sessions end')} at once.`
            : 'No other session is open, but any that appears before this runs ends too.'}{' '}
          You stay signed in here.
        </Text>
        {tokenCount > 0 && (
          <Checkbox
            checked={revokeTokens}
            onChange={(e) => setRevokeTokens(e.currentTarget.checked)}
            label={`Also revoke my ${plural(tokenCount, 'API token', 'API tokens')}`}
            description="Do this if someone may have used your session: they could have made a token."
          />
        )}
        {run.isError && (
          <Alert color="red" variant="light" role="alert">
            {run.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={run.isPending} onClick={signOutOthers}>
            Sign out everywhere else
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Sessions({ tokenCount }: { tokenCount: number }) {
  const [confirming, setConfirming] = useState(false);
  const list = useMySessions();
  const items = list.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Browser</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Signed in</Table.Th>
              <Table.Th>Last active</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isLoading && <TableMessage colSpan={4}>Loading sessions…</TableMessage>}
            {list.isError && (
              <TableMessage colSpan={4}>
                <Text c="red">Could not load your sessions: {list.error.message}</Text>
              </TableMessage>
            )}
            {items.map((s) => (
              <Table.Tr key={`${s.createdAt}-${s.ip ?? ''}-${s.current}`}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" title={s.userAgent ?? undefined}>
                      {describeBrowser(s.userAgent)}
                    </Text>
                    {s.current && (
                      <Badge size="sm" variant="light">
                        This browser
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                <Table.Td title={formatDateTime(s.lastSeenAt)}>{formatRelative(s.lastSeenAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button variant="light" color="red" onClick={() => setConfirming(true)}>
          Sign out everywhere else
        </Button>
      </Group>
      {confirming && <SignOutEverywhere tokenCount={tokenCount} others={others} onClose={() => setConfirming(false)} />}
    </Stack>
  );
}

export function ProfilePage() {
  const { user } = useSession();
  const tokens = useMyTokens(user?.id);
  if (!user) return null;
  return (
    <Stack gap="lg" maw={860}>
      <div>
        <Title order={1} fz="h2">
          Your profile
        </Title>
        <Text c="dimmed" size="sm">
          {user.email}
        </Text>
      </div>
      <Paper withBorder p="md">
        <NameForm user={user} />
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb="sm">
          Password
        </Title>
        <PasswordForm tokenCount={tokens.length} />
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb="sm">
          Where you are signed in
        </Title>
        <Sessions tokenCount={tokens.length} />
      </Paper>
    </Stack>
  );
}

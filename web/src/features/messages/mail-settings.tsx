import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError, otherFailure } from '../../lib/api';
import { useMailStatus, useSendTestEmail } from './api';

/** Settings → Mail: which server sends customer mail (from the environment), and a test email that shows the server's answer. */
export function MailSettings() {
  const status = useMailStatus();
  const test = useSendTestEmail();
  const [to, setTo] = useState('');
  const failure = test.error
    ? test.error instanceof ApiError
      ? (test.error.fieldErrors()['to'] ?? test.error.problem.detail ?? test.error.message)
      : otherFailure(test.error, 'The server could not be reached.')
    : null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="mail-settings">
      <Title order={2} fz="h4" mb="sm">
        Mail to customers
      </Title>
      {status.isLoading && <Loader size="sm" aria-label="Loading the mail server" />}
      {status.data && (
        <Stack gap="sm">
          {status.data.source === 'none' ? (
            <Alert color="yellow" variant="light" title="No mail server configured" data-testid="mail-none">
              Messages wait in the Outbox ({status.data.queued} now) and go out once a server is set: give Rapport the environment variables{' '}
              <Code>SMTP_URL</Code> (<Code>smtp://user:password@host:587</Code> or <Code>smtps://…:465</Code>) and <Code>MAIL_FROM</Code>,
              and restart it.
            </Alert>
          ) : (
            <Group gap="xs">
              <Badge variant="light" color="teal">
                From the environment
              </Badge>
              <Text size="sm" data-testid="mail-server">
                {status.data.server} {status.data.secure ? '(TLS)' : '(STARTTLS when the server offers it)'} · from {status.data.from} ·{' '}
                {status.data.queued} waiting
              </Text>
            </Group>
          )}
          <Text size="xs" c="dimmed">
            The server and its password are read from the environment only; Rapport does not store mail passwords.
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              test.reset();
              void test.mutateAsync(to).catch(() => undefined);
            }}
          >
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Send a test email to"
                type="email"
                value={to}
                onChange={(e) => setTo(e.currentTarget.value)}
                placeholder="you@example.com"
                w={280}
                data-testid="test-email-to"
              />
              <Button
                type="submit"
                variant="light"
                loading={test.isPending}
                disabled={!to || status.data.source === 'none'}
                data-testid="test-email-send"
              >
                Send test email
              </Button>
            </Group>
          </form>
          {test.data && (
            <Alert
              color={test.data.ok ? 'teal' : 'red'}
              variant="light"
              title={test.data.ok ? 'The server accepted it' : 'The server refused it'}
              data-testid="test-email-result"
            >
              <Text size="sm">The server answered:</Text>
              <Code block>{test.data.response}</Code>
              {test.data.code && <Text size="xs">Error code: {test.data.code}</Text>}
            </Alert>
          )}
          {failure && (
            <Alert color="red" variant="light" title="Not sent">
              {failure}
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}

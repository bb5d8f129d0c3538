import {
  Alert,
  Anchor,
  Badge,
  Button,
  Chip,
  Group,
  Loader,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { Link } from 'react-router';
import { MESSAGE_CLASSES, MESSAGE_STATUSES, type Message, type MessageStatus } from '../../../../contract/messages';
import { AccountSelect } from '../../components/account-select';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Pager, useCursorPaging } from '../../lib/list-controls';
import { useSession } from '../../lib/session';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { useMessages, useRetryMessage } from './api';

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  draft: 'Draft',
  queued: 'Waiting to go out',
  sent: 'Sent',
  failed: 'Failed',
  suppressed: 'Held back',
};
const STATUS_COLORS: Record<MessageStatus, string> = { draft: 'gray', queued: 'blue', sent: 'teal', failed: 'red', suppressed: 'yellow' };
const CLASS_LABELS = { progress: 'Progress update', essential: 'Essential' } as const;

export function MessageStatusBadge({ message }: { message: Message }) {
  return (
    <Badge variant="light" color={STATUS_COLORS[message.status]} data-testid="message-status">
      {MESSAGE_STATUS_LABELS[message.status]}
    </Badge>
  );
}

/** Why a message has not gone (yet): its reason, or the last attempt's error and when it tries again. */
export function MessageWhy({ message: m }: { message: Message }) {
  if (m.reason)
    return (
      <Text size="xs" c={m.status === 'failed' ? 'red.8' : 'dimmed'} data-testid="message-reason">
        {m.reason}
      </Text>
    );
  if (m.status === 'queued' && m.lastError)
    return (
      <Text size="xs" c="orange.8" data-testid="message-reason">
        Attempt {m.attempts} failed: {m.lastError}
        {m.nextAttemptAt ? ` · next try ${formatDateTime(m.nextAttemptAt)}` : ''}
      </Text>
    );
  return null;
}

/** The message as the customer gets it: plain text, and the HTML part in a sandbox that runs nothing. */
export function MessageBody({ subject, text, html }: { subject: string; text: string; html: string }) {
  return (
    <Stack gap="xs">
      <Text fw={600} data-testid="message-subject">
        {subject}
      </Text>
      <Tabs defaultValue="text">
        <Tabs.List>
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
          <Tabs.Tab value="html">HTML</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="text" pt="xs">
          <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }} data-testid="message-text">
            {text}
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="html" pt="xs">
          <iframe
            title="HTML part"
            sandbox=""
            srcDoc={html}
            style={{ width: '100%', minHeight: 280, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, background: 'white' }}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const KEYS = ['status', 'class', 'account', 'cursor', 'prev'] as const;

/** The outbox: every message to a customer contact — sent, waiting, failed or held back, and why. */
export function OutboxPage() {
  const [state, setState] = useUrlState(KEYS);
  const paging = useCursorPaging(state, setState);
  const { hasRole } = useSession();
  const canRetry = hasRole('admin', 'gm', 'csr');
  const query = {
    status: oneOf(MESSAGE_STATUSES, state.status),
    class: oneOf(MESSAGE_CLASSES, state.class),
    accountId: state.account,
    cursor: state.cursor,
    limit: 50,
  };
  const messages = useMessages(query, { keepPrevious: true });
  const retry = useRetryMessage();
  const [open, setOpen] = useState<Message | null>(null);
  const items = messages.data?.items ?? [];
  const filtered = Boolean(state.status || state.class || state.account);
  const retryMessage = (m: Message) =>
    void retry.mutateAsync(m.id).then(
      () => notifications.show({ color: 'green', message: 'Queued again; it goes out with the next send.' }),
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
          Outbox
        </Title>
        <Text size="sm" c="dimmed">
          Every message Rapport writes — to customer contacts, and to colleagues (invitations, escalations, the morning digest): what went
          out, what waits and why.
        </Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <AccountSelect
          label="Account"
          placeholder="Any account"
          value={state.account ?? null}
          onChange={(id) => setState({ account: id, cursor: null, prev: null })}
          clearable
          w={280}
        />
      </Group>
      <Group gap={6} role="group" aria-label="Filter by status">
        <Chip size="xs" variant="outline" checked={!state.status} onChange={() => setState({ status: null, cursor: null, prev: null })}>
          Any status
        </Chip>
        {MESSAGE_STATUSES.map((s) => (
          <Chip
            key={s}
            size="xs"
            variant="outline"
            checked={state.status === s}
            onChange={(v) => setState({ status: v ? s : null, cursor: null, prev: null })}
          >
            {MESSAGE_STATUS_LABELS[s]}
          </Chip>
        ))}
      </Group>
      <Group gap={6} role="group" aria-label="Filter by kind">
        <Chip size="xs" variant="outline" checked={!state.class} onChange={() => setState({ class: null, cursor: null, prev: null })}>
          Any kind
        </Chip>
        {MESSAGE_CLASSES.map((c) => (
          <Chip
            key={c}
            size="xs"
            variant="outline"
            checked={state.class === c}
            onChange={(v) => setState({ class: v ? c : null, cursor: null, prev: null })}
          >
            {CLASS_LABELS[c]}
          </Chip>
        ))}
      </Group>

      {messages.isError && (
        <Alert color="red" title="Could not load messages">
          {messages.error.message}
        </Alert>
      )}
      {messages.isLoading ? (
        <Loader aria-label="Loading messages" />
      ) : items.length === 0 && !messages.isError ? (
        <Paper withBorder p="lg" data-testid="outbox-empty">
          <Text fw={600}>{filtered ? 'No messages match these filters.' : 'No messages yet.'}</Text>
          <Text size="sm" c="dimmed">
            {filtered
              ? 'Clear a filter to see more.'
              : 'When an order ships with a carrier and tracking number, its tracking message to the customer appears here.'}
          </Text>
        </Paper>
      ) : (
        <ScrollArea>
          <Table data-testid="outbox" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Written</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} data-testid="message-row" data-status={m.status}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(m.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {m.contactName ?? m.to}
                      {m.userId && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (colleague)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.calendar && 'Calendar invitation · '}
                      {m.to}
                      {m.accountId && (
                        <>
                          {' · '}
                          <Anchor component={Link} to={`/accounts/${m.accountId}`} size="xs">
                            {m.accountName}
                          </Anchor>
                        </>
                      )}
                      {m.orderId && (
                        <>
                          {' · '}
                          <Anchor component={Link} to={`/orders/${m.orderId}`} size="xs">
                            {m.orderNumber}
                          </Anchor>
                        </>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={380}>
                    <Anchor component="button" size="sm" onClick={() => setOpen(m)} ta="left">
                      {m.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{CLASS_LABELS[m.class]}</Text>
                  </Table.Td>
                  <Table.Td maw={320}>
                    <MessageStatusBadge message={m} />
                    {m.sentAt && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(m.sentAt)}
                      </Text>
                    )}
                    <MessageWhy message={m} />
                  </Table.Td>
                  <Table.Td>
                    {canRetry && (m.status === 'failed' || (m.status === 'queued' && m.nextAttemptAt)) && (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => retryMessage(m)}
                        loading={retry.isPending && retry.variables === m.id}
                        aria-label={`Retry the message “${m.subject}” to ${m.to}`}
                      >
                        {m.status === 'failed' ? 'Retry' : 'Try now'}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Pager paging={paging} nextCursor={messages.data?.nextCursor} shown={items.length} isBusy={messages.isPlaceholderData} />

      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? `To ${open.to}` : ''} size="lg">
        {open && (
          <Stack gap="sm">
            <Group gap="xs">
              <MessageStatusBadge message={open} />
              <Text size="xs" c="dimmed">
                {CLASS_LABELS[open.class]} · {open.messageId ?? 'no Message-ID yet'}
              </Text>
            </Group>
            <MessageWhy message={open} />
            <MessageBody subject={open.subject} text={open.text} html={open.html} />
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

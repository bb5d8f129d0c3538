import { Alert, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { QuoteStatusBadge } from '../../components/quote-status-badge';
import { formatDate, formatMoney } from '../../lib/format';
import { useQuotes } from '../quotes/api';
import { QuoteFormModal } from '../quotes/quote-form-modal';

/** Quotes sent to this account, newest first. */
export function AccountQuotes({ accountId }: { accountId: string }) {
  const [creating, setCreating] = useState(false);
  const q = useQuotes({ accountId, sort: '-sentAt', limit: 50 });
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button size="xs" variant="light" onClick={() => setCreating(true)} data-testid="account-new-quote">
          New quote
        </Button>
      </Group>
      {q.isLoading && <Loader size="sm" aria-label="Loading quotes" />}
      {q.isError && <Alert color="red">{q.error.message}</Alert>}
      {q.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          No quotes yet.
        </Text>
      )}
      {q.data && q.data.items.length > 0 && (
        <Table verticalSpacing={4} striped data-testid="account-quotes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Sent</Table.Th>
              <Table.Th>Valid until</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td fw={600}>{x.number}</Table.Td>
                <Table.Td>{formatDate(x.sentAt)}</Table.Td>
                <Table.Td>{formatDate(x.validUntil)}</Table.Td>
                <Table.Td>
                  <QuoteStatusBadge status={x.status} />
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatMoney(x.amount, x.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {q.data?.nextCursor && (
        <Text size="xs" c="dimmed">
          Showing the 50 newest.
        </Text>
      )}
      <QuoteFormModal opened={creating} onClose={() => setCreating(false)} accountId={accountId} />
    </Stack>
  );
}

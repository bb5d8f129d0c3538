import { Alert, Anchor, Button, Chip, Group, Loader, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ListQuotesQuerySchema, QuoteStatusSchema, type Quote } from '../../../../contract/quotes';
import { QUOTE_STATUS_LABELS, QuoteStatusBadge } from '../../components/quote-status-badge';
import { formatDate, formatDateTime, formatMoney, formatRelative } from '../../lib/format';
import { CALL_OUTCOME_LABELS, QUOTE_OUTCOME_LABELS } from '../tasks/model';
import { Pager, SearchInput, SortableTh, useCursorPaging } from '../../lib/list-controls';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { useQuotes } from './api';
import { QuoteDecideModal } from './quote-decide-modal';
import { quoteAge } from './quote-age';
import { QuoteFormModal } from './quote-form-modal';

const KEYS = ['q', 'status', 'followUp', 'sort', 'cursor', 'prev'] as const;
const SORTS = ListQuotesQuerySchema.shape.sort.unwrap().options;

export function QuotesPage() {
  const [state, setState] = useUrlState(KEYS);
  const paging = useCursorPaging(state, setState);
  const sort = oneOf(SORTS, state.sort) ?? '-sentAt';
  const [creating, setCreating] = useState(false);
  const [deciding, setDeciding] = useState<Quote | null>(null);
  const followUp = oneOf(['due'] as const, state.followUp);
  const query = { q: state.q, status: oneOf(QuoteStatusSchema.options, state.status), followUp, sort, cursor: state.cursor, limit: 50 };
  const quotes = useQuotes(query, { keepPrevious: true });
  const items = quotes.data?.items ?? [];
  const filtered = Boolean(state.q || state.status || followUp);
  const now = new Date();
  const onSort = (s: string) => setState({ sort: s });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Quotes</Title>
        <Button onClick={() => setCreating(true)} data-testid="new-quote">
          New quote
        </Button>
      </Group>
      <Group gap="sm" align="flex-end">
        <SearchInput label="Search quotes" placeholder="Number or account" value={state.q ?? ''} onChange={(q) => setState({ q })} />
        <Group gap={6} role="group" aria-label="Filter by status" pb={4}>
          <Chip size="sm" variant="outline" checked={!state.status} onChange={() => setState({ status: null })}>
            Any status
          </Chip>
          {QuoteStatusSchema.options.map((s) => (
            <Chip
              key={s}
              size="sm"
              variant="outline"
              checked={state.status === s}
              onChange={(v) => setState({ status: v ? s : null })}
              wrapperProps={{ 'data-testid': `filter-quote-${s}` }}
            >
              {QUOTE_STATUS_LABELS[s]}
            </Chip>
          ))}
        </Group>
        <Chip
          size="sm"
          mb={4}
          checked={followUp === 'due'}
          onChange={(v) => setState({ followUp: v ? 'due' : null })}
          wrapperProps={{ 'data-testid': 'filter-quote-follow-up-due', title: 'Open quotes whose next follow-up call is due by today' }}
        >
          Follow-up due
        </Chip>
      </Group>

      {quotes.isError && (
        <Alert color="red" title="Could not load quotes">
          {quotes.error.message}
        </Alert>
      )}
      {quotes.isLoading ? (
        <Loader aria-label="Loading quotes" />
      ) : items.length === 0 && !quotes.isError ? (
        <Paper withBorder p="lg">
          <Text fw={600}>{filtered ? 'No quotes match these filters.' : 'No quotes yet.'}</Text>
          <Text size="sm" c="dimmed">
            {filtered
              ? 'Clear a filter or the search to see more.'
              : 'Record the quotes you send: a follow-up call on each one raises how many you win.'}
          </Text>
          <Group mt="sm">
            {filtered ? (
              <Button variant="default" size="xs" onClick={() => setState({ q: null, status: null, followUp: null })}>
                Clear filters
              </Button>
            ) : (
              <Button size="xs" onClick={() => setCreating(true)}>
                New quote
              </Button>
            )}
          </Group>
        </Paper>
      ) : (
        <ScrollArea>
          <Table striped highlightOnHover verticalSpacing={6} miw={1000} aria-busy={quotes.isFetching} data-testid="quotes-table">
            <Table.Thead>
              <Table.Tr>
                <SortableTh field="number" sort={sort} onSort={onSort}>
                  Number
                </SortableTh>
                <Table.Th>Account</Table.Th>
                <SortableTh field="amount" sort={sort} onSort={onSort} align="right">
                  Amount
                </SortableTh>
                <SortableTh field="sentAt" sort={sort} onSort={onSort}>
                  Sent, age
                </SortableTh>
                <Table.Th>Valid until</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Rep</Table.Th>
                <Table.Th>Follow-up</Table.Th>
                <Table.Th>
                  <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((x) => (
                <Table.Tr key={x.id} data-testid="quote-row">
                  <Table.Td fw={600}>
                    <Anchor component={Link} to={`/quotes/${x.id}`} size="sm" fw={600} data-testid="quote-link">
                      {x.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${x.accountId}`} size="sm" c="inherit">
                      {x.accountName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatMoney(x.amount, x.currency)}
                  </Table.Td>
                  <Table.Td title={formatDateTime(x.sentAt)}>
                    {formatDate(x.sentAt)}
                    <Text size="xs" c="dimmed" data-testid="quote-age">
                      {quoteAge(x, now)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDate(x.validUntil)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <QuoteStatusBadge status={x.status} />
                      {x.status === 'lost' && x.lostReason && (
                        <Text size="xs" c="dimmed" lineClamp={1} title={x.lostReason} maw={200}>
                          {x.lostReason}
                        </Text>
                      )}
                      {x.status === 'won' && x.orderId && (
                        <Anchor component={Link} to={`/orders/${x.orderId}`} size="xs">
                          order
                        </Anchor>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{x.rep?.name ?? '—'}</Table.Td>
                  <Table.Td>
                    <FollowUpCell quote={x} now={now} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {x.status === 'open' && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => setDeciding(x)}
                        data-testid="decide-quote"
                        aria-label={`Decide quote ${x.number}`}
                      >
                        Decide
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Pager paging={paging} nextCursor={quotes.data?.nextCursor} shown={items.length} />
      <QuoteFormModal opened={creating} onClose={() => setCreating(false)} />
      <QuoteDecideModal quote={deciding} onClose={() => setDeciding(null)} />
    </Stack>
  );
}

/** The next follow-up call (red when due by now) and what the last one heard. */
function FollowUpCell({ quote, now }: { quote: Quote; now: Date }) {
  const next = quote.status === 'open' ? quote.nextFollowUpAt : null;
  const last = quote.lastFollowUp;
  if (!next && !last) return <Text size="xs">—</Text>;
  return (
    <Stack gap={0}>
      {next && (
        <Text size="xs" c={new Date(next) <= now ? 'red.8' : undefined} title={formatDateTime(next)} data-testid="next-follow-up">
          Next call {formatRelative(next, now)}
        </Text>
      )}
      {last && (
        <Text size="xs" c="dimmed" title={formatDateTime(last.at)} data-testid="last-follow-up">
          Last: {last.quoteOutcome ? QUOTE_OUTCOME_LABELS[last.quoteOutcome] : CALL_OUTCOME_LABELS[last.callOutcome]}
        </Text>
      )}
    </Stack>
  );
}

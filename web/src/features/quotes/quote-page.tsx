import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { QuoteEntity, type Quote, type QuoteActivity, type QuoteEvent, type QuoteFollowUp } from '../../../../contract/quotes';
import { labelsOf } from '../../lib/entity-form';
import { QUOTE_STATUS_LABELS, QuoteStatusBadge } from '../../components/quote-status-badge';
import { ApiError } from '../../lib/api';
import { formatDate, formatDateTime, formatMoney, formatWhen, ORDER_STATUS_LABELS } from '../../lib/format';
import { CALL_OUTCOME_LABELS, QUOTE_OUTCOME_LABELS } from '../tasks/model';
import { useQuote, useQuoteActivity } from './api';
import { QuoteDecideModal } from './quote-decide-modal';
import { QuoteEditModal } from './quote-edit-modal';
import { quoteAge } from './quote-age';

/** One quote: where it stands, its follow-up calls done and due, what happened to it and the order it became. */
export function QuotePage() {
  const { id = '' } = useParams();
  const quote = useQuote(id);
  const activity = useQuoteActivity(id);
  const [deciding, setDeciding] = useState(false);
  const [editing, setEditing] = useState(false);
  if (quote.isLoading) return <Loader aria-label="Loading quote" />;
  if (quote.isError || !quote.data) {
    const notFound = quote.error instanceof ApiError && quote.error.status === 404;
    return (
      <Alert color={notFound ? 'gray' : 'red'} title={notFound ? 'No such quote' : 'Could not load the quote'}>
        {notFound ? 'It may have been removed, or the link is wrong. ' : `${quote.error?.message ?? ''} `}
        <Anchor component={Link} to="/quotes">
          Back to quotes
        </Anchor>
      </Alert>
    );
  }
  const q = quote.data;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to="/quotes" size="xs">
          ← Quotes
        </Anchor>
        <Group gap="sm" align="center" justify="space-between">
          <Group gap="sm" align="center">
            <Title order={2}>Quote {q.number}</Title>
            <QuoteStatusBadge status={q.status} />
          </Group>
          <Button variant="default" size="xs" onClick={() => setEditing(true)} data-testid="edit-quote">
            Edit
          </Button>
        </Group>
        <Group gap="lg">
          <Text size="sm">
            for{' '}
            <Anchor component={Link} to={`/accounts/${q.accountId}`} fw={600}>
              {q.accountName}
            </Anchor>
          </Text>
          <Text size="sm" fw={700} ff="monospace">
            {formatMoney(q.amount, q.currency)}
          </Text>
          <Text size="sm" title={formatDateTime(q.sentAt)}>
            sent {formatWhen(q.sentAt)}
          </Text>
          <Text size="sm" data-testid="quote-age">
            {quoteAge(q, new Date())}
          </Text>
        </Group>
      </Stack>

      <Paper withBorder p="md" data-testid="quote-next-action">
        <Title order={4} mb="sm">
          {q.status === 'open' ? 'Next step' : 'Outcome'}
        </Title>
        <Outcome quote={q} order={activity.data?.order ?? null} onDecide={() => setDeciding(true)} />
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Follow-up calls
          </Title>
          {activity.isLoading ? <Loader size="sm" aria-label="Loading follow-ups" /> : <FollowUps items={activity.data?.followUps ?? []} />}
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            History
          </Title>
          {activity.isLoading ? <Loader size="sm" aria-label="Loading history" /> : <Events items={activity.data?.events ?? []} />}
        </Paper>
      </SimpleGrid>
      {activity.isError && (
        <Alert color="red" title="Could not load its follow-ups and history">
          {activity.error.message}
        </Alert>
      )}
      <QuoteDecideModal quote={deciding ? q : null} onClose={() => setDeciding(false)} />
      <QuoteEditModal quote={q} opened={editing} onClose={() => setEditing(false)} />
    </Stack>
  );
}

function Outcome({ quote: q, order, onDecide }: { quote: Quote; order: QuoteActivity['order']; onDecide: () => void }) {
  if (q.status === 'open')
    return (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {q.validUntil ? `Valid until ${formatDate(q.validUntil)}. ` : ''}
          {q.nextFollowUpAt ? `Next follow-up call ${formatDateTime(q.nextFollowUpAt)}.` : 'No follow-up call is planned.'}
        </Text>
        <Button onClick={onDecide} data-testid="decide-quote">
          Record the outcome
        </Button>
      </Stack>
    );
  return (
    <Stack gap={4}>
      <Text size="sm">
        {QUOTE_STATUS_LABELS[q.status]} {q.decidedAt ? `on ${formatDate(q.decidedAt)}` : ''}
        {q.status === 'lost' && q.lostReason ? ` — ${q.lostReason}` : ''}
      </Text>
      {order ? (
        <Text size="sm" data-testid="quote-order">
          It became order{' '}
          <Anchor component={Link} to={`/orders/${order.id}`} fw={600}>
            {order.number}
          </Anchor>{' '}
          ({ORDER_STATUS_LABELS[order.status]}).
        </Text>
      ) : (
        q.status === 'won' && (
          <Text size="sm" c="dimmed">
            No order is linked to it.
          </Text>
        )
      )}
    </Stack>
  );
}

function FollowUps({ items }: { items: QuoteFollowUp[] }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No follow-up calls: none were planned for this quote.
      </Text>
    );
  const now = new Date();
  return (
    <Stack gap="xs" data-testid="quote-follow-ups">
      {items.map((f) => {
        const isDue = f.status === 'open' || f.status === 'waiting';
        const isLate = isDue && f.dueAt !== null && new Date(f.dueAt) < now;
        return (
          <Paper key={f.id} withBorder p="xs" data-testid="quote-follow-up" data-status={f.status}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {f.title}
              </Text>
              {isDue ? (
                <Badge color={isLate ? 'red' : 'blue'} variant="light" size="sm">
                  {isLate ? 'Late' : 'Due'}
                </Badge>
              ) : (
                <Badge color="gray" variant="light" size="sm">
                  {f.status === 'skipped' ? 'Skipped' : 'Done'}
                </Badge>
              )}
            </Group>
            {isDue ? (
              <Text size="xs" c={isLate ? 'red.8' : 'dimmed'}>
                {f.assignee?.name ?? 'Unassigned'} · due {formatDateTime(f.dueAt)}
              </Text>
            ) : (
              <>
                <Text size="xs">
                  {f.callOutcome && CALL_OUTCOME_LABELS[f.callOutcome]}
                  {f.quoteOutcome && ` — ${QUOTE_OUTCOME_LABELS[f.quoteOutcome]}`}
                </Text>
                {f.note && (
                  <Text size="xs" fs="italic">
                    “{f.note}”
                  </Text>
                )}
                <Text size="xs" c="dimmed" title={formatDateTime(f.completedAt)}>
                  {f.completedBy?.name ?? 'Someone'} · {formatWhen(f.completedAt)}
                </Text>
              </>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}

/** A changed field in words (docs/ux.md: no code names on screen), from the quote's declaration. */
const FIELD_WORDS: Record<string, string> = labelsOf(QuoteEntity);

const EVENT_WORDS: Record<QuoteEvent['kind'], string> = { sent: 'Sent', status_changed: 'Decided', updated: 'Changed' };

function Events({ items }: { items: QuoteEvent[] }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing recorded yet.
      </Text>
    );
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="quote-events">
      {items.map((e) => (
        <Timeline.Item
          key={e.id}
          data-testid="quote-event"
          title={
            e.kind === 'status_changed' && e.toStatus
              ? `${e.fromStatus ? `${QUOTE_STATUS_LABELS[e.fromStatus]} → ` : ''}${QUOTE_STATUS_LABELS[e.toStatus]}`
              : EVENT_WORDS[e.kind]
          }
        >
          {e.kind === 'updated' && e.changed.length > 0 && (
            <Text size="xs">Changed: {e.changed.map((f) => FIELD_WORDS[f] ?? f).join(', ')}</Text>
          )}
          <Text size="xs" c="dimmed" title={formatDateTime(e.at)}>
            {e.actor?.name ?? 'System'} · {formatWhen(e.at)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

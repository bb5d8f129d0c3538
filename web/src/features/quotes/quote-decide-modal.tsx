import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import type { Quote } from '../../../../contract/quotes';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDate, formatMoney } from '../../lib/format';
import { useOrders } from '../orders/api';
import { useDecideQuote } from './api';

type Outcome = 'won' | 'lost' | 'expired';

/** Decide an open quote: won (optionally the order it became), lost (with the reason) or expired. */
export function QuoteDecideModal({ quote, onClose }: { quote: Quote | null; onClose: () => void }) {
  return (
    <Modal opened={quote !== null} onClose={onClose} title={quote ? `Decide quote ${quote.number}` : ''}>
      {quote && <DecideForm quote={quote} onClose={onClose} />}
    </Modal>
  );
}

function DecideForm({ quote, onClose }: { quote: Quote; onClose: () => void }) {
  const [outcome, setOutcome] = useState<Outcome>('won');
  const [reason, setReason] = useState('');
  const [orderId, setOrderId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const orders = useOrders({ accountId: quote.accountId, sort: '-placedAt', limit: 50 }, { enabled: outcome === 'won' });
  const decide = useDecideQuote(quote);
  const submit = () => {
    setFailure(null);
    if (outcome === 'lost' && !reason.trim()) return setErrors({ lostReason: 'Say why it was lost: it is how quoting gets better.' });
    setErrors({});
    const body =
      outcome === 'won'
        ? { status: 'won' as const, orderId }
        : outcome === 'lost'
          ? { status: 'lost' as const, lostReason: reason.trim() }
          : { status: 'expired' as const };
    void decide.mutateAsync(body).then(
      () => {
        notifications.show({ color: 'green', message: `Quote ${quote.number}: ${body.status}` });
        onClose();
      },
      (err) => {
        if (err instanceof ApiError) {
          setErrors(err.fieldErrors());
          setFailure(err.problem.detail ?? err.message);
        } else setFailure(otherFailure(err, 'The server could not be reached. Try again.'));
      },
    );
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          {quote.accountName} · {formatMoney(quote.amount, quote.currency)} · sent {formatDate(quote.sentAt)}
        </Text>
        {failure && <Alert color="red">{failure}</Alert>}
        <SegmentedControl
          aria-label="Outcome"
          value={outcome}
          onChange={(v) => setOutcome(v)}
          data={[
            { value: 'won', label: 'Won' },
            { value: 'lost', label: 'Lost' },
            { value: 'expired', label: 'Expired' },
          ]}
          data-testid="quote-outcome"
        />
        {outcome === 'won' && (
          <Select
            label="The order it became"
            description="Optional: link it now or later"
            placeholder={orders.isLoading ? 'Loading orders…' : 'Pick an order'}
            clearable
            searchable
            value={orderId}
            onChange={setOrderId}
            error={errors.orderId}
            data={(orders.data?.items ?? []).map((o) => ({
              value: o.id,
              label: `${o.number} · ${formatDate(o.placedAt)} · ${formatMoney(o.amount, o.currency)}`,
            }))}
            nothingFoundMessage="No orders for this account yet"
          />
        )}
        {outcome === 'lost' && (
          <Textarea
            label="Why was it lost?"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.lostReason}
            data-autofocus
            data-testid="quote-lost-reason"
          />
        )}
        {outcome === 'expired' && (
          <Text size="sm" c="dimmed">
            The customer never answered before the quote ran out{quote.validUntil ? ` (${formatDate(quote.validUntil)})` : ''}.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={decide.isPending}
            color={outcome === 'won' ? 'green' : outcome === 'lost' ? 'red' : 'gray'}
            data-testid="confirm-decide"
          >
            Mark as {outcome}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

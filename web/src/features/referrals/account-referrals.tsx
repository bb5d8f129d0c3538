// "Referrals" on the account page (P5.5, docs/referrals.md): whether this customer may be asked yet
// — and if not, what is missing — recording an ask, and the asks so far.
import { Button, List, Loader, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { formatDate } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import type { ReferralRequest } from '../../../../contract/referrals';
import { useAskReferral, useRecordReferralGiven, useReferralRequests, useReferralStanding } from './api';

export function AccountReferrals({ accountId }: { accountId: string }) {
  const { hasRole } = useSession();
  const standing = useReferralStanding(accountId);
  const asks = useReferralRequests(accountId);
  const ask = useAskReferral(accountId);
  const [note, setNote] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  if (standing.isLoading) return <Loader size="xs" aria-label="Loading referrals" />;
  if (!standing.data) return null;
  const s = standing.data;
  const record = () =>
    void ask.mutateAsync({ body: { ...(note.trim() && { note: note.trim() }) }, idempotencyKey }).then(
      () => {
        setNote('');
        setIdempotencyKey(newIdempotencyKey());
        notifications.show({ color: 'green', message: 'Referral ask recorded on the timeline' });
      },
      (err: Error) => notifications.show({ color: 'red', title: 'Not recorded', message: err.message }),
    );
  return (
    <Stack gap="xs" data-testid="account-referrals">
      <Text fw={700}>Referrals</Text>
      {s.eligible ? (
        <Text size="sm" data-testid="referral-standing">
          May be asked: {s.evidence.deliveredOrders} orders delivered, the last {s.evidence.lastOrders.length} on time, nothing open.
        </Text>
      ) : (
        <>
          <Text size="sm" data-testid="referral-standing">
            Not yet — ask only after proof:
          </Text>
          <List size="sm" spacing={2}>
            {s.reasons.map((r) => (
              <List.Item key={r.path}>{r.message}</List.Item>
            ))}
          </List>
        </>
      )}
      {s.eligible && hasRole('admin', 'gm', 'sales', 'csr') && (
        <Stack gap={6}>
          <TextInput size="xs" label="How it went (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <div>
            <Button size="xs" variant="light" onClick={record} loading={ask.isPending}>
              I asked for a referral
            </Button>
          </div>
        </Stack>
      )}
      {(asks.data ?? []).map((a) => (
        <Ask key={a.id} accountId={accountId} ask={a} canRecord={hasRole('admin', 'gm', 'sales', 'csr')} />
      ))}
    </Stack>
  );
}

/** One ask: when and by whom; whether the customer gave the referral, or a way to record that they did. */
function Ask({ accountId, ask: a, canRecord }: { accountId: string; ask: ReferralRequest; canRecord: boolean }) {
  const record = useRecordReferralGiven(accountId);
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={4} data-testid="referral-ask">
      <Text size="xs" c="dimmed">
        Asked {formatDate(a.requestedAt.slice(0, 10))}
        {a.requestedBy ? ` by ${a.requestedBy.name}` : ''}
        {a.note ? `: ${a.note}` : ''}
      </Text>
      {a.given ? (
        <Text size="xs">
          Referral given {formatDate(a.given.at.slice(0, 10))}
          {a.given.note ? `: ${a.given.note}` : ''}
        </Text>
      ) : (
        canRecord &&
        (open ? (
          <Stack gap={4}>
            <TextInput size="xs" label="Whom they referred" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <div>
              <Button
                size="xs"
                variant="light"
                loading={record.isPending}
                onClick={() =>
                  void record.mutateAsync({ id: a.id, body: { ...(note.trim() && { note: note.trim() }) } }).then(
                    () => notifications.show({ color: 'green', message: 'Referral recorded on the timeline' }),
                    (err: Error) => notifications.show({ color: 'red', title: 'Not recorded', message: err.message }),
                  )
                }
              >
                Record the referral
              </Button>
            </div>
          </Stack>
        ) : (
          <div>
            <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)}>
              They referred someone
            </Button>
          </div>
        ))
      )}
    </Stack>
  );
}

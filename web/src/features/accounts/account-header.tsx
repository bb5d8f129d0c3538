import { Anchor, Badge, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Account } from '../../../../contract/accounts';
import { AccountStatusBadge } from '../../components/account-status-badge';
import { formatMoney } from '../../lib/format';
import { useSetAccountLost } from './api';
import { CorrectionButton } from '../messages/correction-button';
import { ReportProblemButton } from '../problems/report-problem-button';

const KIND_LABELS: Record<string, string> = { customer: 'Customer', prospect: 'Prospect', supplier: 'Supplier' };

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} ff="monospace" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

export function AccountHeader({ account: a }: { account: Account }) {
  const [confirming, setConfirming] = useState(false);
  const lost = useSetAccountLost(a.id);
  const setLost = (isLost: boolean) =>
    void lost.mutateAsync(isLost).then(
      () => {
        setConfirming(false);
        notifications.show({ color: isLost ? 'gray' : 'green', message: isLost ? `${a.name} marked as lost` : `${a.name} reactivated` });
      },
      (err: Error) => notifications.show({ color: 'red', title: 'Not changed', message: err.message }),
    );
  const place = [a.city, a.country].filter(Boolean).join(', ');
  return (
    <Stack gap="xs">
      <Anchor component={Link} to="/accounts" size="xs">
        ← Accounts
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{a.name}</Title>
            <AccountStatusBadge status={a.status} size="md" />
            {a.isAuditionAccount && (
              <Badge color="grape" variant="outline" size="md" title="Its potential spend earns the first order the full paid audition">
                Big account
              </Badge>
            )}
          </Group>
          {a.attention && (
            <Text size="sm" c={a.attention.reason === 'neglected' ? 'red.8' : 'orange.9'} data-testid="account-attention">
              {a.attention.reason === 'neglected' ? 'Neglected' : 'Overdue on its rhythm'}: {a.attention.explanation}
            </Text>
          )}
          <Group gap="md">
            <Text size="sm">{KIND_LABELS[a.kind] ?? a.kind}</Text>
            {a.tier && <Text size="sm">Tier {a.tier}</Text>}
            {place && <Text size="sm">{place}</Text>}
            {a.phone && (
              <Anchor href={`tel:${a.phone}`} size="sm">
                {a.phone}
              </Anchor>
            )}
            {a.externalRef && (
              <Text size="sm" c="dimmed">
                ERP {a.externalRef}
              </Text>
            )}
            <Anchor component={Link} to={`/problems?account=${a.id}`} size="sm" data-testid="account-problems">
              Problems reported
            </Anchor>
          </Group>
        </Stack>
        <Group gap="xs">
          <Button variant="default" component={Link} to={`/accounts/${a.id}/edit`} data-testid="edit-account">
            Edit
          </Button>
          <CorrectionButton accountId={a.id} />
          <ReportProblemButton accountId={a.id} />
          {a.status === 'lost' ? (
            <Button variant="light" color="green" onClick={() => setLost(false)} loading={lost.isPending} data-testid="reactivate-account">
              Reactivate
            </Button>
          ) : (
            <Button variant="subtle" color="red" onClick={() => setConfirming(true)} data-testid="mark-lost">
              Mark as lost
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="xl">
        <Figure label="Potential annual spend" value={formatMoney(a.potentialAnnualSpend, a.currency)} testId="potential-spend" />
        <Figure label="Acquisition cost" value={formatMoney(a.acquisitionCost, a.currency)} testId="acquisition-cost" />
        <Figure label="Orders" value={String(a.orderCount)} />
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Mark ${a.name} as lost?`}>
        <Stack>
          <Text size="sm">The account shows as Lost everywhere until someone reactivates it. Its orders, contacts and history stay.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
            <Button color="red" onClick={() => setLost(true)} loading={lost.isPending} data-testid="confirm-mark-lost">
              Mark as lost
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

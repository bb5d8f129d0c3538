import { Alert, Anchor, Badge, Grid, Group, Loader, Paper, Stack, Tabs, Text } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Account } from '../../../../contract/accounts';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ROLE_LABELS } from '../../lib/format';
import { AccountJourney } from '../journeys/account-journey';
import { AccountPortal } from '../portal/account-portal';
import { AccountReferrals } from '../referrals/account-referrals';
import { AccountSurveys } from '../surveys/account-surveys';
import { AccountTestimonials } from '../testimonials/account-testimonials';
import { AccountActivityForm } from './account-activity-form';
import { AccountContacts } from './account-contacts';
import { AccountHeader } from './account-header';
import { AccountHotButtons } from './account-hot-buttons';
import { AccountOrders } from './account-orders';
import { AccountQuotes } from './account-quotes';
import { AccountTimeline } from './account-timeline';
import { useAccount } from './api';

const TABS = ['timeline', 'orders', 'quotes', 'surveys'] as const;

export function AccountPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'timeline';
  const q = useAccount(id);
  if (q.isLoading) return <Loader aria-label="Loading account" />;
  if (q.isError || !q.data) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Alert color={notFound ? 'gray' : 'red'} title={notFound ? 'No such account' : 'Could not load the account'}>
        {notFound ? 'The link may be wrong. ' : `${q.error?.message ?? ''} `}
        <Anchor component={Link} to="/accounts">
          Back to accounts
        </Anchor>
      </Alert>
    );
  }
  const a = q.data;
  return (
    <Stack gap="md">
      <AccountHeader account={a} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          {a.kind !== 'supplier' && <AccountJourney accountId={a.id} timeZone={a.timezone} />}
          <Tabs
            mt={a.kind !== 'supplier' ? 'md' : 0}
            value={tab}
            onChange={(t) =>
              setParams(
                (p) => {
                  const n = new URLSearchParams(p);
                  if (t && t !== 'timeline') n.set('tab', t);
                  else n.delete('tab');
                  return n;
                },
                { replace: true },
              )
            }
            keepMounted={false}
          >
            <Tabs.List>
              <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
              <Tabs.Tab value="orders">Orders ({a.orderCount})</Tabs.Tab>
              <Tabs.Tab value="quotes">Quotes</Tabs.Tab>
              <Tabs.Tab value="surveys">Surveys</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="timeline" pt="sm">
              <Stack gap="md">
                <Paper withBorder p="sm">
                  <AccountActivityForm accountId={a.id} />
                </Paper>
                <AccountTimeline accountId={a.id} timeZone={a.timezone} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="orders" pt="sm">
              <AccountOrders accountId={a.id} />
            </Tabs.Panel>
            <Tabs.Panel value="quotes" pt="sm">
              <AccountQuotes accountId={a.id} />
            </Tabs.Panel>
            <Tabs.Panel value="surveys" pt="sm">
              <AccountSurveys accountId={a.id} timeZone={a.timezone} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Paper withBorder p="sm">
              <AccountTeam account={a} />
            </Paper>
            <Paper withBorder p="sm">
              <AccountContacts accountId={a.id} />
            </Paper>
            <Paper withBorder p="sm">
              <AccountHotButtons accountId={a.id} />
            </Paper>
            <Paper withBorder p="sm">
              <AccountReferrals accountId={a.id} />
            </Paper>
            <Paper withBorder p="sm">
              <AccountTestimonials accountId={a.id} />
            </Paper>
            <AccountPortalPaper accountId={a.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The customer portal's links, for the roles that may make them (nothing for the others). */
function AccountPortalPaper({ accountId }: { accountId: string }) {
  const { hasRole } = useSession();
  if (!hasRole('admin', 'gm', 'sales', 'csr')) return null;
  return (
    <Paper withBorder p="sm">
      <AccountPortal accountId={accountId} />
    </Paper>
  );
}

/** Accounts belong to the team, not one owner (P4.4). */
function AccountTeam({ account: a }: { account: Account }) {
  return (
    <Stack gap="xs" data-testid="account-team">
      <Group justify="space-between">
        <Text fw={700}>Team</Text>
        <Anchor component={Link} to={`/accounts/${a.id}/edit`} size="xs">
          Change
        </Anchor>
      </Group>
      {a.team.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody on the team yet. Add the rep, the CSR and whoever else serves this customer.
        </Text>
      ) : (
        a.team.map((m) => (
          <Group key={`${m.userId}-${m.role}`} justify="space-between" gap="xs">
            <Text size="sm">{m.name}</Text>
            <Badge size="sm" variant="light" color="gray">
              {ROLE_LABELS[m.role] ?? m.role}
            </Badge>
          </Group>
        ))
      )}
    </Stack>
  );
}

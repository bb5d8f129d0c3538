import { Anchor, Button, Code, Grid, Group, Kbd, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Account } from '../../../../contract/accounts';
import { get } from '../../lib/api';
import { useSession } from '../../lib/session';
import { RecentOrders } from './recent-orders';

function greeting(now: Date): string {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

/** Until the playbook engine runs, My day teaches what it will hold and what to do first (UX.md "Empty states teach"). */
function NothingRunningYet({ hasAccounts }: { hasAccounts: boolean | undefined }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        <Title order={2} fz="h3">
          Nothing to do yet: no playbooks are running
        </Title>
        <Text>
          This page is your morning list. When playbooks run, the steps they give you land here: <b>overdue first</b> (with how late), then <b>today</b>, then <b>this
          week</b>, each saying what to do, for which customer, and why now. Playbooks start when a customer places an order.
        </Text>
        <Text fw={600} mt="xs">
          Next steps
        </Text>
        <List spacing="sm" type="ordered">
          <List.Item>
            {hasAccounts ? (
              <>
                Your accounts are in. <Anchor component={Link} to="/accounts">Check their teams</Anchor> so each step reaches the right person.
              </>
            ) : (
              <>
                <Anchor component={Link} to="/accounts/new">Add your first account</Anchor>, or import your customers from a CSV:{' '}
                <Code>npx rapport import accounts customers.csv</Code>
              </>
            )}
          </List.Item>
          <List.Item>
            Record an order under <Anchor component={Link} to="/orders/new">Orders → New order</Anchor>: a first order starts its playbook.
          </List.Item>
          <List.Item>
            Just looking around? Load a sample company with <Code>npx rapport demo</Code> in a fresh data folder, and every screen comes alive.
          </List.Item>
        </List>
        <Group gap="sm" mt="xs">
          <Button component={Link} to={hasAccounts ? '/accounts' : '/accounts/new'}>
            {hasAccounts ? 'Open accounts' : 'Add your first account'}
          </Button>
          <Button component={Link} to="/orders/new" variant="default">
            New order
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function QuickLinks() {
  const { hasRole } = useSession();
  const links = [
    { to: '/accounts', label: 'Accounts', keys: ['g', 'a'] },
    { to: '/orders', label: 'Orders', keys: ['g', 'o'] },
    { to: '/quotes', label: 'Quotes', keys: ['g', 'q'] },
    { to: '/accounts/new', label: 'New account' },
    ...(hasRole('admin') ? [{ to: '/admin/users', label: 'Add colleagues' }, { to: '/admin/settings', label: 'Workdays and holidays' }] : []),
  ];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="h4" mb="xs">
        Quick links
      </Title>
      <Stack gap={6}>
        {links.map((l) => (
          <Group key={l.to} justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={l.to} size="sm">
              {l.label}
            </Anchor>
            {l.keys && (
              <Text size="xs" c="dimmed" aria-label={`Shortcut: ${l.keys.join(' then ')}`}>
                <Kbd size="xs">{l.keys[0]}</Kbd> <Kbd size="xs">{l.keys[1]}</Kbd>
              </Text>
            )}
          </Group>
        ))}
        <Text size="xs" c="dimmed" mt={4}>
          <Kbd size="xs">/</Kbd> jumps to a list’s search box.
        </Text>
      </Stack>
    </Paper>
  );
}

export function MyDayPage() {
  const { user } = useSession();
  const accounts = useQuery({ queryKey: ['accounts', 'any'], queryFn: () => get<{ items: Account[] }>('/accounts', { limit: 1 }) });
  const now = new Date();
  const firstName = user?.name.split(' ')[0] ?? '';
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Title order={1} fz="h2">
          My day
        </Title>
        <Text c="dimmed" size="sm">
          {greeting(now)}, {firstName}. {new Intl.DateTimeFormat(undefined, { dateStyle: 'full' }).format(now)}.
        </Text>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <NothingRunningYet hasAccounts={accounts.data ? accounts.data.items.length > 0 : undefined} />
            <RecentOrders />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <QuickLinks />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

import { Alert, Anchor, Badge, Button, Code, Grid, Group, Kbd, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { Task } from '../../../../contract/tasks';
import { useSession } from '../../lib/session';
import { viewerTimeZone, zonePlace } from '../../lib/calendar';
import { dateFormat } from '../../lib/format';
import { useAccounts } from '../accounts/api';
import { useOrgTimeZone } from '../admin/api';
import { useDayTasks, useDoneToday, useIsAnyRunActive, type DayView } from '../tasks/api';
import { useDayView } from './day-view';

// A manager's "Whose day" picker (with the staff list) loads only for managers.
const DayPicker = lazy(() => import('./day-picker').then((m) => ({ default: m.DayPicker })));
const DayTitle = lazy(() => import('./day-picker').then((m) => ({ default: m.DayTitle })));
import { GROUP_TITLES, groupTasks, type DueGroup } from '../tasks/model';
import { TaskRow } from '../tasks/task-row';
import { TodaysNoteCard } from '../thank-you-notes/todays-note-card';
import { RecentOrders } from './recent-orders';

function greeting(now: Date): string {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

/** Playbooks are running and none of their steps waits for this person now. */
function AllDone() {
  return (
    <Paper withBorder radius="md" p="lg" data-testid="my-day-all-done">
      <Stack gap="xs">
        <Title order={2} fz="h3">
          All done for now
        </Title>
        <Text>
          No step is waiting for you. New ones land here as orders move: a first order placed, an inspection due, a delivery to follow up.
        </Text>
        <Group gap="sm" mt="xs">
          <Button component={Link} to="/orders" variant="default">
            Open orders
          </Button>
          <Button component={Link} to="/quotes" variant="default">
            Open quotes
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Until the playbook engine runs, My day teaches what it will hold and what to do first (docs/ux.md "Empty states teach"). */
function NothingRunningYet({ hasAccounts }: { hasAccounts: boolean | undefined }) {
  const { hasRole } = useSession();
  const mayImport = hasRole('admin', 'gm', 'operations');
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        <Title order={2} fz="h3">
          Nothing to do yet: no playbooks are running
        </Title>
        <Text>
          This page is your morning list. When playbooks run, the steps they give you land here: <b>overdue first</b> (with how late), then{' '}
          <b>today</b>, then <b>this week</b>, each saying what to do, for which customer, and why now. Playbooks start when a customer
          places an order.
        </Text>
        <Text fw={600} mt="xs">
          Next steps
        </Text>
        <List spacing="sm" type="ordered">
          <List.Item>
            {hasAccounts ? (
              <>
                Your accounts are in.{' '}
                <Anchor component={Link} to="/accounts">
                  Check their teams
                </Anchor>{' '}
                so each step reaches the right person.
              </>
            ) : (
              <>
                <Anchor component={Link} to="/accounts/new">
                  Add your first account
                </Anchor>
                {mayImport && (
                  <>
                    , or{' '}
                    <Anchor component={Link} to="/imports">
                      import your customers
                    </Anchor>{' '}
                    from a spreadsheet export
                  </>
                )}
              </>
            )}
          </List.Item>
          <List.Item>
            Record an order under{' '}
            <Anchor component={Link} to="/orders/new">
              Orders → New order
            </Anchor>
            : a first order starts its playbook.
          </List.Item>
          <List.Item>
            Just looking around? Load a sample company with <Code>npx rapport demo</Code> in a fresh data folder, and every screen comes
            alive.
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

const GROUP_ORDER: DueGroup[] = ['overdue', 'today', 'week', 'later'];

/** Overdue first (red, with how late), then today, then this week (docs/ux.md "A CSR's morning"). */
function TaskGroups({ tasks, now, timeZone }: { tasks: Task[]; now: Date; timeZone: string }) {
  const groups = groupTasks(tasks, now, timeZone);
  return (
    <Stack gap="lg" data-testid="my-day-tasks">
      {GROUP_ORDER.filter((g) => groups[g].length > 0 || g === 'today').map((g) => (
        <section key={g} aria-labelledby={`group-${g}`} data-testid={`task-group-${g}`}>
          <Group gap="xs" mb="xs">
            <Title order={2} fz="h4" id={`group-${g}`} c={g === 'overdue' ? 'red.8' : undefined}>
              {GROUP_TITLES[g]}
            </Title>
            <Badge
              variant={g === 'overdue' ? 'filled' : 'light'}
              color={g === 'overdue' ? 'red' : 'gray'}
              aria-label={`${groups[g].length} tasks`}
            >
              {groups[g].length}
            </Badge>
          </Group>
          {groups[g].length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing due today.
            </Text>
          ) : (
            <Stack gap="xs">
              {groups[g].map((t) => (
                <TaskRow key={t.id} task={t} now={now} timeZone={timeZone} />
              ))}
            </Stack>
          )}
        </section>
      ))}
    </Stack>
  );
}

/** What this day's person completed today, the latest first: the day's progress, not only what is left. */
function DoneToday({ view, timeZone, enabled }: { view: DayView; timeZone: string; enabled: boolean }) {
  const done = useDoneToday(view, enabled);
  const items = done.data?.items ?? [];
  if (items.length === 0) return null;
  const time = dateFormat(undefined, { timeStyle: 'short', timeZone });
  return (
    <section aria-labelledby="done-today" data-testid="done-today">
      <Title order={2} fz="h4" mb="xs" id="done-today">
        Done today ({items.length})
      </Title>
      <List spacing={4} size="sm" listStyleType="none">
        {items.map((t) => (
          <List.Item key={t.id} data-testid="done-today-item">
            <Text span size="sm" c="dimmed">
              {t.completedAt ? time.format(new Date(t.completedAt)) : ''} ·{' '}
            </Text>
            ✓ {t.title}
            {t.order ? (
              <>
                {' '}
                ·{' '}
                <Anchor component={Link} to={`/orders/${t.order.id}`} size="sm">
                  {t.order.number}
                </Anchor>
              </>
            ) : t.account ? (
              <>
                {' '}
                ·{' '}
                <Anchor component={Link} to={`/accounts/${t.account.id}`} size="sm">
                  {t.account.name}
                </Anchor>
              </>
            ) : null}
          </List.Item>
        ))}
      </List>
    </section>
  );
}

function QuickLinks() {
  const { hasRole } = useSession();
  const links = [
    { to: '/accounts', label: 'Accounts', keys: ['g', 'a'] },
    { to: '/orders', label: 'Orders', keys: ['g', 'o'] },
    { to: '/quotes', label: 'Quotes', keys: ['g', 'q'] },
    { to: '/accounts/new', label: 'New account' },
    ...(hasRole('admin')
      ? [
          { to: '/admin/users', label: 'Add colleagues' },
          { to: '/admin/settings', label: 'Workdays and holidays' },
        ]
      : []),
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
          <Kbd size="xs">/</Kbd> jumps to a list’s search box; <Kbd size="xs">?</Kbd> lists every shortcut.
        </Text>
      </Stack>
    </Paper>
  );
}

export function MyDayPage() {
  const { user } = useSession();
  const { view, mayChoose } = useDayView();
  const tasks = useDayTasks(view);
  // What the empty states need is asked only once one of them shows: most mornings have steps.
  const isOwnDayEmpty = view.kind === 'me' && tasks.isSuccess && tasks.data.items.length === 0;
  const accounts = useAccounts({ limit: 1 }, { enabled: isOwnDayEmpty });
  const isAnyRunActive = useIsAnyRunActive(isOwnDayEmpty);
  // "Today" is the organisation's, as on the server: a GM abroad sees the same day as the shop.
  const zone = useOrgTimeZone();
  const now = new Date();
  const elsewhere = zone.timeZone !== viewerTimeZone();
  const items = tasks.data?.items ?? [];
  const firstName = user?.name.split(' ')[0] ?? '';
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={1} fz="h2">
            {view.kind === 'me' ? (
              'My day'
            ) : (
              <Suspense fallback="…">
                <DayTitle view={view} />
              </Suspense>
            )}
          </Title>
          {mayChoose && (
            <Suspense fallback={null}>
              <DayPicker view={view} />
            </Suspense>
          )}
        </Group>
        <Text c="dimmed" size="sm">
          {greeting(now)}, {firstName}. {dateFormat(undefined, { dateStyle: 'full', timeZone: zone.timeZone }).format(now)}
          {elsewhere ? ` in ${zonePlace(zone.timeZone)}` : ''}.
        </Text>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {tasks.isLoading || zone.isLoading || (items.length === 0 && isAnyRunActive.isLoading) ? (
              <Loader aria-label="Loading your tasks" />
            ) : tasks.isError ? (
              <Alert color="red" title="Could not load your tasks">
                {tasks.error.message}{' '}
                <Anchor component="button" onClick={() => void tasks.refetch()}>
                  Try again
                </Anchor>
              </Alert>
            ) : items.length > 0 ? (
              <>
                {zone.isFallback && (
                  <Text size="sm" c="dimmed">
                    Grouped by your browser&apos;s day: the organisation&apos;s timezone could not be loaded.
                  </Text>
                )}
                <TaskGroups tasks={items} now={now} timeZone={zone.timeZone} />
              </>
            ) : view.kind !== 'me' ? (
              <Text c="dimmed">No step is waiting here now.</Text>
            ) : isAnyRunActive.data ? (
              <AllDone />
            ) : (
              <NothingRunningYet hasAccounts={accounts.data ? accounts.data.items.length > 0 : undefined} />
            )}
            {/* Asked for once the open steps are in, like the thank-you card. */}
            <DoneToday view={view} timeZone={zone.timeZone} enabled={!tasks.isLoading} />
            <RecentOrders />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            {/* Asked for once the tasks are in: the day's steps come first on the wire and on screen. */}
            {!tasks.isLoading && <TodaysNoteCard />}
            <QuickLinks />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

import { AppShell, Burger, Center, Group, Kbd, Loader, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '../../../contract/common';
import { useSession } from '../lib/session';
import { useShortcuts } from '../lib/shortcuts';
import { useSignOut } from '../features/auth/api';
// Loaded only in a sample company: its Select is not part of every page's first download.
const DemoSwitcher = lazy(() => import('./demo-switcher').then((m) => ({ default: m.DemoSwitcher })));
const ShortcutsHelp = lazy(() => import('../lib/shortcuts-help').then((m) => ({ default: m.ShortcutsHelp })));

const NAV: { to: string; label: string; exact?: boolean; roles?: Role[] }[] = [
  { to: '/', label: 'My day', exact: true },
  { to: '/accounts', label: 'Accounts' },
  { to: '/orders', label: 'Orders' },
  { to: '/quotes', label: 'Quotes' },
  { to: '/problems', label: 'Problems' },
  // Every signed-in user reads the figures (src/http/routes/analytics.ts).
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/habits', label: 'Thank-you notes' },
  // The roles the import API accepts (src/http/routes/imports.ts).
  { to: '/imports', label: 'Import', roles: ['admin', 'gm', 'operations'] },
  { to: '/playbooks', label: 'Playbooks' },
  { to: '/outbox', label: 'Outbox' },
];
const ADMIN_NAV = [
  { to: '/admin/users', label: 'Users' },
  { to: '/tokens', label: 'API tokens' },
  { to: '/admin/settings', label: 'Settings' },
  { to: '/admin/message-templates', label: 'Message templates' },
  { to: '/admin/surveys', label: 'Surveys' },
  { to: '/admin/webhooks', label: 'ERP webhooks' },
  { to: '/admin/webhook-endpoints', label: 'Outbound webhooks' },
  { to: '/admin/jobs', label: 'Failed jobs' },
];

export function AppLayout() {
  const { user, isLoading, hasRole, canSwitchUser } = useSession();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const signOutMutation = useSignOut();
  const shortcuts = useShortcuts();
  if (isLoading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const isActive = (to: string, exact?: boolean) => (exact ? location.pathname === to : location.pathname.startsWith(to));
  const signOut = async () => {
    // The hook forgets the user and every cached answer, so the login page does not bounce back here.
    await signOutMutation.mutateAsync();
    void navigate('/login', { replace: true });
  };
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} component={Link} to="/">
              Rapport
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {canSwitchUser && (
              <Suspense fallback={null}>
                <DemoSwitcher user={user} />
              </Suspense>
            )}
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu: ${user.name}`}>
                  <Text size="sm">{user.name}</Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user.email}</Menu.Label>
                <Menu.Item component={Link} to="/profile">
                  Profile and password
                </Menu.Item>
                <Menu.Item component={Link} to="/tokens">
                  API tokens
                </Menu.Item>
                <Menu.Item onClick={shortcuts.openHelp} rightSection={<Kbd size="xs">?</Kbd>}>
                  Keyboard shortcuts
                </Menu.Item>
                <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.filter((n) => !n.roles || hasRole(...n.roles)).map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={isActive(n.to, n.exact)} />
        ))}
        {hasRole('admin') && (
          <>
            <Text size="xs" c="dimmed" mt="md" mb={4} px="sm">
              Admin
            </Text>
            {ADMIN_NAV.map((n) => (
              <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={isActive(n.to)} />
            ))}
          </>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      {shortcuts.isHelpOpen && (
        <Suspense fallback={null}>
          <ShortcutsHelp opened onClose={shortcuts.closeHelp} />
        </Suspense>
      )}
    </AppShell>
  );
}

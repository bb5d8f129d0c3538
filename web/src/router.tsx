// Every screen is loaded when it is first opened (route `lazy`), so the first page carries only
// the app shell and its own code: docs/decisions/0012-web-data-layer.md.
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, useRouteError } from 'react-router';
import { AppLayout } from './components/app-layout';

/** A route's screen, its module fetched on the first visit. */
const screen = (load: () => Promise<ComponentType>) => async () => ({ Component: await load() });

function PageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** A screen that failed: its code did not arrive (offline, or a new version replaced it on the server), or it broke. */
function LoadFailed() {
  const error = useRouteError();
  return (
    <Center h="100vh" p="md">
      <Alert color="red" variant="light" title="This page could not be shown" role="alert" maw={520}>
        <Stack gap="sm" align="flex-start">
          {error instanceof Error ? error.message : 'Something went wrong while showing it.'}
          <Button variant="default" size="xs" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Stack>
      </Alert>
    </Center>
  );
}

const shell = { hydrateFallbackElement: <PageLoader />, errorElement: <LoadFailed /> };

export const router = createBrowserRouter([
  { path: '/login', ...shell, lazy: screen(() => import('./features/auth/login-page').then((m) => m.LoginPage)) },
  { path: '/setup/:token', ...shell, lazy: screen(() => import('./features/auth/setup-page').then((m) => m.SetupPage)) },
  {
    element: <AppLayout />,
    ...shell,
    children: [
      { index: true, lazy: screen(() => import('./features/home/my-day-page').then((m) => m.MyDayPage)) },
      // Accounts
      { path: 'accounts', lazy: screen(() => import('./features/accounts/accounts-page').then((m) => m.AccountsPage)) },
      { path: 'accounts/new', lazy: screen(() => import('./features/accounts/account-form-page').then((m) => m.AccountFormPage)) },
      { path: 'accounts/:id', lazy: screen(() => import('./features/accounts/account-page').then((m) => m.AccountPage)) },
      { path: 'accounts/:id/edit', lazy: screen(() => import('./features/accounts/account-form-page').then((m) => m.AccountFormPage)) },
      // Orders and quotes
      { path: 'orders', lazy: screen(() => import('./features/orders/orders-page').then((m) => m.OrdersPage)) },
      { path: 'orders/new', lazy: screen(() => import('./features/orders/order-form-page').then((m) => m.OrderFormPage)) },
      { path: 'orders/:id', lazy: screen(() => import('./features/orders/order-page').then((m) => m.OrderPage)) },
      { path: 'quotes', lazy: screen(() => import('./features/quotes/quotes-page').then((m) => m.QuotesPage)) },
      { path: 'quotes/:id', lazy: screen(() => import('./features/quotes/quote-page').then((m) => m.QuotePage)) },
      // Figures
      { path: 'dashboard', lazy: screen(() => import('./features/analytics/dashboard-page').then((m) => m.DashboardPage)) },
      { path: 'habits', lazy: screen(() => import('./features/thank-you-notes/habits-page').then((m) => m.HabitsPage)) },
      { path: 'dashboard/:figure', lazy: screen(() => import('./features/analytics/figure-rows-page').then((m) => m.FigureRowsPage)) },
      // Imports
      { path: 'imports', lazy: screen(() => import('./features/imports/imports-page').then((m) => m.ImportsPage)) },
      { path: 'imports/new', lazy: screen(() => import('./features/imports/import-page').then((m) => m.ImportPage)) },
      { path: 'imports/:id', lazy: screen(() => import('./features/imports/imports-page').then((m) => m.ImportDetailPage)) },
      // Playbooks
      { path: 'playbooks', lazy: screen(() => import('./features/playbooks/playbooks-page').then((m) => m.PlaybooksPage)) },
      { path: 'playbooks/:key', lazy: screen(() => import('./features/playbooks/playbook-page').then((m) => m.PlaybookPage)) },
      { path: 'playbook-runs', lazy: screen(() => import('./features/playbooks/runs-page').then((m) => m.RunsPage)) },
      // You, and the admin's screens
      { path: 'profile', lazy: screen(() => import('./features/auth/profile-page').then((m) => m.ProfilePage)) },
      { path: 'tokens', lazy: screen(() => import('./features/auth/tokens-page').then((m) => m.TokensPage)) },
      { path: 'admin/tokens', element: <Navigate to="/tokens" replace /> },
      { path: 'admin/users', lazy: screen(() => import('./features/admin/users-page').then((m) => m.UsersPage)) },
      { path: 'admin/settings', lazy: screen(() => import('./features/admin/settings-page').then((m) => m.SettingsPage)) },
      { path: 'admin/jobs', lazy: screen(() => import('./features/playbooks/failed-jobs-page').then((m) => m.FailedJobsPage)) },
      { path: 'outbox', lazy: screen(() => import('./features/messages/outbox-page').then((m) => m.OutboxPage)) },
      { path: 'admin/message-templates', lazy: screen(() => import('./features/messages/templates-page').then((m) => m.TemplatesPage)) },
      { path: 'admin/webhooks', lazy: screen(() => import('./features/webhooks/webhooks-page').then((m) => m.WebhooksPage)) },
      {
        path: 'admin/webhook-endpoints',
        lazy: screen(() => import('./features/webhook-endpoints/endpoints-page').then((m) => m.EndpointsPage)),
      },
      {
        path: 'admin/webhook-endpoints/:id',
        lazy: screen(() => import('./features/webhook-endpoints/endpoint-page').then((m) => m.EndpointPage)),
      },
    ],
  },
]);

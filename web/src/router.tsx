// Every screen is loaded when it is first opened (React.lazy), so the first page carries only the
// app shell and its own code: docs/decisions/0012-web-data-layer.md. The routes are declared
// (<Routes>), not a data router: no screen uses loaders or actions, and the declarative router is
// about a third of the size on the first screen.
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppLayout } from './components/app-layout';

function PageLoader() {
  return (
    <Center h="60vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** A screen that failed: its code did not arrive (offline, or a new version replaced it on the server), or it broke. */
function LoadFailed({ error }: { error: unknown }) {
  return (
    <Center h="60vh" p="md">
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

/** Catches a screen's failure so the shell (navigation, sign-out) stays usable around it. */
class ScreenBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error === null ? this.props.children : <LoadFailed error={this.state.error} />;
  }
}

/** One path's screen: fetched on the first visit, shown with a loader meanwhile. A new path starts with a clean boundary. */
function Screen({ Lazy }: { Lazy: ComponentType }) {
  const { pathname } = useLocation();
  return (
    <ScreenBoundary key={pathname}>
      <Suspense fallback={<PageLoader />}>
        <Lazy />
      </Suspense>
    </ScreenBoundary>
  );
}

/** A route's element whose module is fetched on the first visit. */
const screen = (load: () => Promise<ComponentType>) => <Screen Lazy={lazy(() => load().then((C) => ({ default: C })))} />;

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={screen(() => import('./features/auth/login-page').then((m) => m.LoginPage))} />
      <Route path="/setup/:token" element={screen(() => import('./features/auth/setup-page').then((m) => m.SetupPage))} />
      <Route element={<AppLayout />}>
        <Route index element={screen(() => import('./features/home/my-day-page').then((m) => m.MyDayPage))} />
        {/* Accounts */}
        <Route path="accounts" element={screen(() => import('./features/accounts/accounts-page').then((m) => m.AccountsPage))} />
        <Route path="accounts/new" element={screen(() => import('./features/accounts/account-form-page').then((m) => m.AccountFormPage))} />
        <Route path="accounts/:id" element={screen(() => import('./features/accounts/account-page').then((m) => m.AccountPage))} />
        <Route
          path="accounts/:id/edit"
          element={screen(() => import('./features/accounts/account-form-page').then((m) => m.AccountFormPage))}
        />
        {/* Orders and quotes */}
        <Route path="orders" element={screen(() => import('./features/orders/orders-page').then((m) => m.OrdersPage))} />
        <Route path="orders/new" element={screen(() => import('./features/orders/order-form-page').then((m) => m.OrderFormPage))} />
        <Route path="orders/:id" element={screen(() => import('./features/orders/order-page').then((m) => m.OrderPage))} />
        <Route path="quotes" element={screen(() => import('./features/quotes/quotes-page').then((m) => m.QuotesPage))} />
        <Route path="quotes/:id" element={screen(() => import('./features/quotes/quote-page').then((m) => m.QuotePage))} />
        {/* Problems */}
        <Route path="problems" element={screen(() => import('./features/problems/problems-page').then((m) => m.ProblemsPage))} />
        <Route path="problems/:id" element={screen(() => import('./features/problems/problem-page').then((m) => m.ProblemPage))} />
        {/* Figures */}
        <Route path="dashboard" element={screen(() => import('./features/analytics/dashboard-page').then((m) => m.DashboardPage))} />
        <Route path="habits" element={screen(() => import('./features/thank-you-notes/habits-page').then((m) => m.HabitsPage))} />
        <Route
          path="dashboard/expectations"
          element={screen(() => import('./features/problems/expectations-page').then((m) => m.ExpectationsPage))}
        />
        <Route
          path="dashboard/practice"
          element={screen(() => import('./features/analytics/practice-rows-page').then((m) => m.PracticeRowsPage))}
        />
        <Route
          path="dashboard/:figure"
          element={screen(() => import('./features/analytics/figure-rows-page').then((m) => m.FigureRowsPage))}
        />
        {/* Imports */}
        <Route path="imports" element={screen(() => import('./features/imports/imports-page').then((m) => m.ImportsPage))} />
        <Route path="imports/new" element={screen(() => import('./features/imports/import-page').then((m) => m.ImportPage))} />
        <Route path="imports/:id" element={screen(() => import('./features/imports/imports-page').then((m) => m.ImportDetailPage))} />
        {/* Playbooks */}
        <Route path="playbooks" element={screen(() => import('./features/playbooks/playbooks-page').then((m) => m.PlaybooksPage))} />
        <Route path="playbooks/:key" element={screen(() => import('./features/playbooks/playbook-page').then((m) => m.PlaybookPage))} />
        <Route path="playbook-runs" element={screen(() => import('./features/playbooks/runs-page').then((m) => m.RunsPage))} />
        {/* You, and the admin's screens */}
        <Route path="profile" element={screen(() => import('./features/auth/profile-page').then((m) => m.ProfilePage))} />
        <Route path="tokens" element={screen(() => import('./features/auth/tokens-page').then((m) => m.TokensPage))} />
        <Route path="admin/tokens" element={<Navigate to="/tokens" replace />} />
        <Route path="admin/users" element={screen(() => import('./features/admin/users-page').then((m) => m.UsersPage))} />
        <Route path="admin/settings" element={screen(() => import('./features/admin/settings-page').then((m) => m.SettingsPage))} />
        <Route path="admin/jobs" element={screen(() => import('./features/playbooks/failed-jobs-page').then((m) => m.FailedJobsPage))} />
        <Route path="outbox" element={screen(() => import('./features/messages/outbox-page').then((m) => m.OutboxPage))} />
        <Route
          path="admin/message-templates"
          element={screen(() => import('./features/messages/templates-page').then((m) => m.TemplatesPage))}
        />
        <Route path="admin/surveys" element={screen(() => import('./features/surveys/surveys-page').then((m) => m.SurveysPage))} />
        <Route path="admin/webhooks" element={screen(() => import('./features/webhooks/webhooks-page').then((m) => m.WebhooksPage))} />
        <Route
          path="admin/webhook-endpoints"
          element={screen(() => import('./features/webhook-endpoints/endpoints-page').then((m) => m.EndpointsPage))}
        />
        <Route
          path="admin/webhook-endpoints/:id"
          element={screen(() => import('./features/webhook-endpoints/endpoint-page').then((m) => m.EndpointPage))}
        />
      </Route>
    </Routes>
  );
}

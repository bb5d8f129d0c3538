import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/app-layout';
import { LoginPage } from './features/auth/login-page';
import { SetupPage } from './features/auth/setup-page';
import { MyDayPage } from './features/home/my-day-page';
import { AccountsPage } from './features/accounts/accounts-page';
import { AccountPage } from './features/accounts/account-page';
import { AccountFormPage } from './features/accounts/account-form-page';
import { OrdersPage } from './features/orders/orders-page';
import { OrderPage } from './features/orders/order-page';
import { OrderFormPage } from './features/orders/order-form-page';
import { QuotesPage } from './features/quotes/quotes-page';
import { UsersPage } from './features/admin/users-page';
import { TokensPage } from './features/auth/tokens-page';
import { ProfilePage } from './features/auth/profile-page';
import { SettingsPage } from './features/admin/settings-page';
import { PlaybooksPage } from './features/playbooks/playbooks-page';
import { PlaybookPage } from './features/playbooks/playbook-page';
import { RunsPage } from './features/playbooks/runs-page';
import { FailedJobsPage } from './features/playbooks/failed-jobs-page';
import { WebhooksPage } from './features/admin/webhooks-page';
import { ImportPage } from './features/imports/import-page';
import { ImportDetailPage, ImportsPage } from './features/imports/imports-page';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/setup/:token', element: <SetupPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <MyDayPage /> },
      { path: 'accounts', element: <AccountsPage /> },
      { path: 'accounts/new', element: <AccountFormPage /> },
      { path: 'accounts/:id', element: <AccountPage /> },
      { path: 'accounts/:id/edit', element: <AccountFormPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'orders/new', element: <OrderFormPage /> },
      { path: 'orders/:id', element: <OrderPage /> },
      { path: 'quotes', element: <QuotesPage /> },
      { path: 'imports', element: <ImportsPage /> },
      { path: 'imports/new', element: <ImportPage /> },
      { path: 'imports/:id', element: <ImportDetailPage /> },
      { path: 'admin/users', element: <UsersPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'tokens', element: <TokensPage /> },
      { path: 'admin/tokens', element: <Navigate to="/tokens" replace /> },
      { path: 'admin/settings', element: <SettingsPage /> },
      { path: 'admin/jobs', element: <FailedJobsPage /> },
      { path: 'playbooks', element: <PlaybooksPage /> },
      { path: 'playbooks/:key', element: <PlaybookPage /> },
      { path: 'playbook-runs', element: <RunsPage /> },
      { path: 'admin/webhooks', element: <WebhooksPage /> },
    ],
  },
]);

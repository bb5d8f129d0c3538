import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import {
  MantineProvider,
  createTheme,
  defaultVariantColorsResolver,
  type AlertProps,
  type AnchorProps,
  type CSSVariablesResolver,
  type ModalProps,
  type NotificationProps,
  type VariantColorsResolver,
} from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError, ResponseShapeError } from './lib/api';
import { NoticeHost } from './lib/notify';
import { meQuery, SessionProvider } from './lib/session';
import { settingsQuery } from './features/admin/api';
import { dayTasksQuery } from './features/tasks/api';
import { AppRoutes } from './router';

// Contrast AA (docs/ux.md; axe checks it in the browser tests): Mantine's default shade 6 and its
// dimmed grey fall short of 4.5:1 on white, so text and filled controls use one shade darker.
// Light, outline and subtle controls (badges, quiet buttons) draw their text in the colour itself,
// so it takes the darkest shade.
const TEXT_IN_COLOR = new Set(['light', 'outline', 'subtle', 'transparent']);
const variantColorResolver: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (!TEXT_IN_COLOR.has(input.variant ?? 'filled') || !(color in input.theme.colors)) return base;
  // Yellow's and orange's darkest shades are still too light on their own pale background (2.8:1 and
  // 3.95:1 for a small bold badge): those controls draw their text in near-black, the background
  // keeps saying "warning".
  const dark = color === 'yellow' || color === 'orange' ? 'var(--mantine-color-dark-7)' : `var(--mantine-color-${color}-9)`;
  return {
    ...base,
    color: dark,
    background: input.variant === 'light' ? `var(--mantine-color-${color}-0)` : base.background,
    border: input.variant === 'outline' ? `1px solid ${dark}` : base.border,
  };
};
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'sm',
  variantColorResolver,
  // Links are told apart from text by more than colour; icon-only close buttons get a name.
  // Plain objects rather than `Modal.extend(…)`: naming a component here would put its code (a
  // modal's focus trap and scroll lock) in the first screen's bundle whether it is shown or not.
  components: {
    Anchor: { defaultProps: { underline: 'always' } satisfies Partial<AnchorProps> },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } satisfies Partial<AlertProps> },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } satisfies Partial<NotificationProps> },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } satisfies Partial<ModalProps> },
  },
});
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) or an answer this page cannot read is the same the next time: not retried.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && !(err instanceof ResponseShapeError) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// My day is the screen most visits open. Its code and its first answers are asked for now, beside the
// session (which index.html preloads), instead of one after another once each has arrived: the
// screen's chunk after /me, its requests after the chunk. Another day's view (?for=, ?role=) waits for its screen.
if (window.location.pathname === '/' && window.location.search === '') {
  void import('./features/home/my-day-page');
  void queryClient
    .fetchQuery(meQuery)
    .then((me) => {
      if (!me) return;
      void queryClient.prefetchQuery(dayTasksQuery({ kind: 'me' }));
      void queryClient.prefetchQuery(settingsQuery);
    })
    .catch(() => undefined); // the session provider asks again and shows what went wrong
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <NoticeHost position="top-right" />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

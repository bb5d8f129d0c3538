// The notices a screen shows after an action ("Note saved", "Could not reach the server"), through
// @mantine/notifications — loaded the first time a notice is shown, not with the first screen: most
// visits show none (docs/decisions/0021-answers-typed-not-parsed.md, "What the first screen loads").
// <NoticeHost> in main.tsx mounts the notices' container once that has happened.
import { lazy, Suspense, useSyncExternalStore } from 'react';
import type { NotificationData, NotificationsProps } from '@mantine/notifications';

const load = () => import('@mantine/notifications');

let wanted = false;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Shows a notice; the library arrives with the first one (its store keeps the notice until the container mounts). */
function show(data: NotificationData): void {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  void load().then((m) => m.notifications.show(data));
}

/** The notices, as screens call them: `notifications.show({...})`. */
export const notifications = { show };

const Container = lazy(() => load().then((m) => ({ default: m.Notifications })));

/** Where the notices appear, from the first notice on. */
export function NoticeHost(props: NotificationsProps) {
  const shown = useSyncExternalStore(subscribe, () => wanted);
  return shown ? (
    <Suspense fallback={null}>
      <Container {...props} />
    </Suspense>
  ) : null;
}

import { Button, Loader, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { lazy, Suspense, useState } from 'react';
import type { Task } from '../../../../contract/tasks';
import { ApiError, otherFailure } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useSignOff } from '../tasks/api';
import { signoffState } from '../tasks/model';

// The note form loads when someone first signs: the pages that show the button do without it.
const SignoffForm = lazy(() => import('./signoff-form').then((m) => ({ default: m.SignoffForm })));

/**
 * docs/ux.md "A quality manager's sign-off": one button that says whose signature is still missing.
 * A second sign-off by the same person is impossible: the button is disabled and says why.
 */
export function SignoffButton({ task, size = 'sm' }: { task: Task; size?: 'xs' | 'sm' | 'md' }) {
  const { user } = useSession();
  const sign = useSignOff(task);
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = signoffState(task, user);
  const reasonId = `signoff-reason-${task.id}`;
  if (!state.missing) {
    return (
      <Text size="sm" fw={600} c="teal.9" data-testid="signoff-complete">
        ✓ All {state.required} signatures in
      </Text>
    );
  }
  const button = (
    <Button
      size={size}
      color="grape"
      disabled={Boolean(state.blockedReason)}
      aria-describedby={state.blockedReason ? reasonId : undefined}
      onClick={() => setOpen((o) => !o)}
      data-testid="signoff-button"
      // The label says whose signature is missing and may be long: it wraps on a phone rather than overflow.
      h="auto"
      py={6}
      styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
      data-blocked={state.blockedReason ? 'true' : undefined}
    >
      {state.label}
    </Button>
  );
  if (state.blockedReason) {
    return (
      <Stack gap={2}>
        <Tooltip label={state.blockedReason} multiline w={280}>
          <span tabIndex={0}>{button}</span>
        </Tooltip>
        <Text size="xs" c="dimmed" id={reasonId} data-testid="signoff-blocked-reason">
          {state.blockedReason}
        </Text>
      </Stack>
    );
  }
  return (
    <Popover opened={open} onChange={setOpen} position="bottom-start" withArrow trapFocus width={320}>
      <Popover.Target>{button}</Popover.Target>
      <Popover.Dropdown>
        <Suspense fallback={<Loader size="xs" aria-label="Loading" />}>
          <SignoffForm
            task={task}
            state={state}
            note={note}
            onNote={setNote}
            error={error}
            isPending={sign.isPending}
            onCancel={() => setOpen(false)}
            onSign={() => {
              setError(null);
              // The last signature closes the step and this button with it: react through the promise.
              void sign.mutateAsync({ note: note.trim() || undefined }).then(
                () => {
                  setOpen(false);
                  setNote('');
                  notifications.show({ color: 'green', message: `Signed: ${task.title}` });
                },
                (err) =>
                  setError(
                    err instanceof ApiError
                      ? (err.problem.detail ?? err.message)
                      : otherFailure(err, 'The server could not be reached. Nothing changed.'),
                  ),
              );
            }}
          />
        </Suspense>
      </Popover.Dropdown>
    </Popover>
  );
}

import { Button, Group, Popover, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { Task } from '../../../../contract/tasks';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useSignOff } from '../tasks/api';
import { signoffState } from '../tasks/model';

/**
 * UX.md "A quality manager's sign-off": one button that says whose signature is still missing.
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
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            sign.mutate(
              { note: note.trim() || undefined },
              {
                onSuccess: () => {
                  setOpen(false);
                  setNote('');
                  notifications.show({ color: 'green', message: `Signed: ${task.title}` });
                },
                onError: (err) =>
                  setError(
                    err instanceof ApiError ? (err.problem.detail ?? err.message) : 'The server could not be reached. Nothing changed.',
                  ),
              },
            );
          }}
        >
          <Stack gap="xs">
            <Text size="sm">
              You sign <b>{task.title}</b> ({state.have} of {state.required} so far).
            </Text>
            <Textarea
              label="Note (optional)"
              autosize
              minRows={2}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-autofocus
            />
            {error && (
              <Text size="sm" c="red.8" role="alert">
                {error}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" size="xs" onClick={() => setOpen(false)}>
                Not now
              </Button>
              <Button type="submit" size="xs" color="grape" loading={sign.isPending} data-testid="confirm-signoff">
                Sign
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { Task } from '../../../../contract/tasks';
import type { SignoffState } from '../tasks/model';

/** The sign-off's optional note and its Sign button; the button above it keeps what was typed. */
export function SignoffForm({
  task,
  state,
  note,
  onNote,
  error,
  isPending,
  onSign,
  onCancel,
}: {
  task: Task;
  state: SignoffState;
  note: string;
  onNote: (note: string) => void;
  error: string | null;
  isPending: boolean;
  onSign: () => void;
  onCancel: () => void;
}) {
  const noteBox = useRef<HTMLTextAreaElement>(null);
  // Loaded after the popover opened, so its focus trap found nothing to focus yet: take it here.
  useEffect(() => noteBox.current?.focus(), []);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSign();
      }}
    >
      <Stack gap="xs">
        <Text size="sm">
          You sign <b>{task.title}</b> ({state.have} of {state.required} so far).
        </Text>
        <Textarea
          ref={noteBox}
          label="Note (optional)"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => onNote(e.currentTarget.value)}
          data-autofocus
        />
        {error && (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onCancel}>
            Not now
          </Button>
          <Button type="submit" size="xs" color="grape" loading={isPending} data-testid="confirm-signoff">
            Sign
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Button, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useEffect, useRef, useState } from 'react';
import type { Task } from '../../../../contract/tasks';
import { ApiError } from '../../lib/api';
import { useRescheduleTask } from './api';

/** "2026-03-03T09:00" in this browser's time zone: what a datetime-local input shows. */
function localInputValue(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Move a task's due time; a call or meeting with an invitation sends everyone the updated event. */
export function RescheduleForm({ task, onDone, onError }: { task: Task; onDone: () => void; onError: (err: unknown) => void }) {
  const reschedule = useRescheduleTask(task);
  const [value, setValue] = useState(task.dueAt ? localInputValue(task.dueAt) : '');
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => box.current?.querySelector('input')?.focus(), []);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const isCall = task.kind === 'call' || task.kind === 'meeting';
  return (
    <form
      ref={box}
      onSubmit={(e) => {
        e.preventDefault();
        if (!value) return setError('Pick a day and a time');
        void reschedule.mutateAsync({ dueAt: new Date(value).toISOString() }).then(
          () => {
            onDone();
            notifications.show({ color: 'green', message: `Moved: ${task.title}` });
          },
          (err: unknown) => {
            const field = err instanceof ApiError ? err.fieldErrors()['dueAt'] : undefined;
            if (field) setError(field);
            else onError(err);
          },
        );
      }}
    >
      <Stack gap="xs">
        <TextInput
          type="datetime-local"
          label="New due time"
          description={`Your time zone (${zone})`}
          value={value}
          onChange={(e) => {
            setValue(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-testid="reschedule-input"
        />
        {isCall && (
          <Text size="xs" c="dimmed">
            Everyone invited gets the updated event in their calendar.
          </Text>
        )}
        <Button type="submit" size="xs" loading={reschedule.isPending}>
          Move
        </Button>
      </Stack>
    </form>
  );
}

import { Button, Stack } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useEffect, useRef } from 'react';
import type { Task } from '../../../../contract/tasks';
import { StaffSelect } from '../../components/staff-select';
import { useAssignTask } from './api';
import { roleLabel } from './model';

/** Give a task to a colleague, or back to its role. */
export function ReassignForm({ task, onDone, onError }: { task: Task; onDone: () => void; onError: (err: unknown) => void }) {
  const assign = useAssignTask(task);
  const box = useRef<HTMLDivElement>(null);
  // Loaded after the popover opened, so its focus trap found nothing to focus yet: take it here.
  useEffect(() => box.current?.querySelector('input')?.focus(), []);
  return (
    <Stack gap="xs" ref={box}>
      <StaffSelect
        label="Give it to"
        placeholder="Pick a colleague"
        value={task.assignee?.id ?? null}
        extra={task.assignee}
        comboboxProps={{ withinPortal: false }}
        data-autofocus
        onChange={(userId) =>
          // Given away, the task leaves My day and this row with it: react through the promise.
          void assign.mutateAsync({ userId: userId ?? null }).then((t) => {
            onDone();
            notifications.show({
              color: 'green',
              message: t.assignee ? `Given to ${t.assignee.name}` : `Back to ${roleLabel(t.role)}`,
            });
          }, onError)
        }
      />
      {task.assignee && task.role && (
        <Button variant="default" size="xs" onClick={() => void assign.mutateAsync({ userId: null }).then(onDone, onError)}>
          Back to any {roleLabel(task.role)}
        </Button>
      )}
    </Stack>
  );
}

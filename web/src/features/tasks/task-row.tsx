import { ActionIcon, Anchor, Badge, Button, Group, Loader, Paper, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { Task } from '../../../../contract/tasks';
import { FirstOrderMark } from '../../components/first-order-mark';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import { SignoffButton } from '../orders/order-signoff';
import { useCompleteTask, useTakeTask } from './api';
import { LockIcon } from './lock-icon';
import { dueLabel, isSignoffTask, needsEvidenceForm, roleLabel, stepMessageLine } from './model';

// The evidence form loads when a step first needs it: My day shows without it.
const CompleteTaskModal = lazy(() => import('./complete-task-modal').then((m) => ({ default: m.CompleteTaskModal })));

const KIND_LABELS: Record<string, string> = {
  task: 'Task',
  call: 'Call',
  meeting: 'Meeting',
  checklist: 'Checklist',
  signoff: 'Sign-off',
  message: 'Message',
  survey: 'Survey',
  wait: 'Wait',
};

function showError(err: unknown) {
  notifications.show({
    color: 'red',
    title: 'Nothing changed',
    message: err instanceof ApiError ? (err.problem.detail ?? err.message) : otherFailure(err, 'The server could not be reached.'),
  });
}

/** Why now: the playbook step and its guidance, one click away. */
export function GuidancePopover({ task }: { task: Task }) {
  if (!task.guidance && !task.run) return null;
  return (
    <Popover width={380} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button variant="subtle" size="compact-xs" aria-label={`Why now: guidance for ${task.title}`} data-testid="task-guidance">
          Why now?
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          {task.run && (
            <Text size="xs" c="dimmed">
              Step of the playbook{' '}
              <Anchor component={Link} to={`/playbooks/${task.run.playbookKey}`} size="xs">
                {task.run.playbookKey}
              </Anchor>
              {task.stepKey ? ` (${task.stepKey})` : ''}
            </Text>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {task.guidance || 'No guidance written for this step.'}
          </Text>
          {task.gateStatus && (
            <Text size="xs" fw={600}>
              <LockIcon /> Must be done before the order can be {task.gateStatus.replace(/_/g, ' ')}.
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

// The colleague picker loads when a task is first handed over: My day shows without it.
const ReassignForm = lazy(() => import('./reassign-form').then((m) => ({ default: m.ReassignForm })));

const RescheduleForm = lazy(() => import('./reschedule-form').then((m) => ({ default: m.RescheduleForm })));

/** A small action on a task's line that opens its form in a popover (the form loads when first opened). */
function TaskAction({ task, label, form: Form }: { task: Task; label: string; form: typeof ReassignForm }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover opened={open} onChange={setOpen} width={280} position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button variant="subtle" size="compact-xs" onClick={() => setOpen((o) => !o)} aria-label={`${label} ${task.title}`}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Suspense fallback={<Loader size="xs" aria-label="Loading" />}>
          <Form task={task} onDone={() => setOpen(false)} onError={showError} />
        </Suspense>
      </Popover.Dropdown>
    </Popover>
  );
}

/** One line of My day: what, for whom, why now, when, who; completes in place. */
export function TaskRow({ task, now, timeZone }: { task: Task; now: Date; timeZone: string }) {
  const { user, hasRole } = useSession();
  const [formOpen, setFormOpen] = useState(false);
  const complete = useCompleteTask(task);
  const take = useTakeTask(task);
  const late = task.isOverdue || Boolean(task.dueAt && new Date(task.dueAt) < now);
  const signoff = isSignoffTask(task);
  const needsForm = needsEvidenceForm(task.evidence);
  const mine = task.assignee?.id === user?.id;
  // A colleague's task changes hands only through them, a GM or an admin (the API says the same).
  const mayHandOver = !task.assignee || mine || hasRole('gm', 'admin');

  const onComplete = () => {
    if (needsForm) setFormOpen(true);
    else void complete.mutateAsync({}).then(() => notifications.show({ color: 'green', message: `Done: ${task.title}` }), showError);
  };

  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid="task-row"
      data-task-id={task.id}
      data-late={late ? 'true' : undefined}
      style={late ? { borderLeft: '4px solid var(--mantine-color-red-7)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Group align="flex-start" wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
          {!signoff && (
            <Tooltip label={needsForm ? 'Complete: asks for the step’s evidence' : 'Mark done'}>
              <ActionIcon
                variant="default"
                radius="xl"
                size="lg"
                onClick={onComplete}
                loading={complete.isPending}
                aria-label={`Complete: ${task.title}${needsForm ? ' (opens its form)' : ''}`}
                data-testid="complete-task"
              >
                <Text fw={700} aria-hidden>
                  ✓
                </Text>
              </ActionIcon>
            </Tooltip>
          )}
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Text fw={600} data-testid="task-title">
                {task.title}
              </Text>
              <Badge variant="outline" color="gray" size="xs">
                {KIND_LABELS[task.kind] ?? task.kind}
              </Badge>
              {task.gateStatus && (
                <Badge
                  variant="light"
                  color="grape"
                  size="xs"
                  title={`Must be done before ${task.gateStatus}`}
                  leftSection={<LockIcon size={10} />}
                >
                  gates {task.gateStatus.replace(/_/g, ' ')}
                </Badge>
              )}
              {task.escalatedAt && (
                <Badge variant="light" color="orange" size="xs" title={`Escalated ${formatDateTime(task.escalatedAt)}`}>
                  Escalated
                </Badge>
              )}
            </Group>
            {stepMessageLine(task) && (
              <Text
                size="xs"
                c={task.status === 'done' ? 'dimmed' : 'orange.9'}
                data-testid={task.status === 'done' ? 'task-message' : 'task-waiting-for'}
              >
                {stepMessageLine(task)}
              </Text>
            )}
            <Group gap={8} wrap="wrap">
              {task.account && (
                <Anchor component={Link} to={`/accounts/${task.account.id}`} size="sm">
                  {task.account.name}
                </Anchor>
              )}
              {task.order && (
                <Group gap={4} wrap="nowrap">
                  <Anchor component={Link} to={`/orders/${task.order.id}`} size="sm">
                    Order {task.order.number}
                  </Anchor>
                  <FirstOrderMark isFirstOrder={task.order.isFirstOrder} isAudition={task.order.isAudition} />
                </Group>
              )}
              {task.quote && (
                <Text size="sm" c="dimmed">
                  Quote {task.quote.number}
                </Text>
              )}
              <GuidancePopover task={task} />
            </Group>
            {signoff && (
              <div>
                <SignoffButton task={task} size="xs" />
              </div>
            )}
          </Stack>
        </Group>
        <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
          {late && task.dueAt ? (
            <Badge color="red" variant="filled" data-testid="task-late" title={formatDateTime(task.dueAt, timeZone)}>
              {dueLabel(task.dueAt, now, timeZone)}
            </Badge>
          ) : (
            <Text size="sm" title={task.dueAt ? formatDateTime(task.dueAt, timeZone) : undefined} data-testid="task-due">
              {dueLabel(task.dueAt, now, timeZone)}
            </Text>
          )}
          <Text size="xs" c="dimmed" data-testid="task-assignee">
            {task.assignee ? (mine ? 'You' : task.assignee.name) : `Any ${roleLabel(task.role)}`}
          </Text>
          <Group gap={2}>
            {!mine && mayHandOver && (
              <Button
                variant="light"
                size="compact-xs"
                onClick={() => void take.mutateAsync().catch(showError)}
                loading={take.isPending}
                data-testid="take-task"
              >
                Take
              </Button>
            )}
            {mayHandOver && task.status === 'open' && task.dueAt && task.kind !== 'wait' && (
              <TaskAction task={task} label="Move" form={RescheduleForm} />
            )}
            {mayHandOver && <TaskAction task={task} label="Reassign" form={ReassignForm} />}
          </Group>
        </Stack>
      </Group>
      {needsForm && formOpen && (
        <Suspense fallback={null}>
          <CompleteTaskModal task={task} opened={formOpen} onClose={() => setFormOpen(false)} />
        </Suspense>
      )}
    </Paper>
  );
}

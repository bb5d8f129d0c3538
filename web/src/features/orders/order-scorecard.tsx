import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { OrderDetail } from '../../../../contract/orders';
import type { Scorecard, Task } from '../../../../contract/tasks';
import { formatDateTime, formatMoney, formatRelative, ORDER_STATUS_LABELS } from '../../lib/format';
import { useOrgTimeZone } from '../admin/api';
import { useScorecard } from '../tasks/api';
import { CompleteTaskModal } from '../tasks/complete-task-modal';
import { dueLabel, isSignoffTask, roleLabel, stepMessageLine } from '../tasks/model';
import { LockIcon } from '../tasks/lock-icon';
import { GuidancePopover } from '../tasks/task-row';
import { SignoffButton } from './order-signoff';

const STATUS_TEXT: Record<Task['status'], string> = { open: 'To do', waiting: 'Waiting', done: 'Done', skipped: 'Skipped' };

function statusOf(t: Task, now: Date): { label: string; color: string; bullet: string } {
  if (t.status === 'done') return { label: 'Done', color: 'teal', bullet: '✓' };
  if (t.status === 'skipped') return { label: 'Skipped', color: 'gray', bullet: '–' };
  if (t.isOverdue || (t.dueAt && new Date(t.dueAt) < now)) return { label: 'Late', color: 'red', bullet: '!' };
  if (t.status === 'waiting') return { label: 'Waiting', color: 'gray', bullet: '…' };
  return { label: STATUS_TEXT[t.status], color: 'blue', bullet: '○' };
}

/** A gate as a lock, with what opens it (docs/ux.md "A first order in the shop"). */
export function GateLock({ gate }: { gate: Scorecard['gates'][number] }) {
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      data-testid="gate-lock"
      data-open={gate.isOpen ? 'true' : 'false'}
      bg={gate.isOpen ? 'grape.0' : 'teal.0'}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ThemeIcon size="md" radius="xl" color={gate.isOpen ? 'grape' : 'teal'} aria-hidden>
          <LockIcon open={!gate.isOpen} size={14} />
        </ThemeIcon>
        <div>
          <Text size="sm" fw={700}>
            {gate.isOpen ? 'Locked' : 'Open'}: {ORDER_STATUS_LABELS[gate.gateStatus] ?? gate.gateStatus}
          </Text>
          <Text size="sm">
            {gate.title}
            {gate.isOpen && gate.missing ? ` — ${gate.missing}` : gate.isOpen ? '' : ' — done'}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}

function StepItemBody({ task, now, timeZone }: { task: Task; now: Date; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const st = statusOf(task, now);
  const active = task.status === 'open' || task.status === 'waiting';
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <Badge size="xs" color={st.color} variant={st.label === 'Late' ? 'filled' : 'light'}>
          {st.label}
        </Badge>
        <Text size="xs" c="dimmed">
          {task.completedBy
            ? `${task.completedBy.name} · ${formatRelative(task.completedAt)}`
            : `${task.assignee?.name ?? `Any ${roleLabel(task.role)}`} · ${dueLabel(task.dueAt, now, timeZone)}`}
        </Text>
        <GuidancePopover task={task} />
      </Group>
      {stepMessageLine(task) && (
        <Text size="xs" data-testid="step-message">
          {stepMessageLine(task)}
        </Text>
      )}
      {task.signoffs.length > 0 && (
        <Text size="xs" data-testid="signoff-list">
          Signed by {task.signoffs.map((s) => `${s.user.name} (${formatDateTime(s.signedAt)})`).join(', ')}
        </Text>
      )}
      {active && isSignoffTask(task) && (
        <div>
          <SignoffButton task={task} size="xs" />
        </div>
      )}
      {active && !isSignoffTask(task) && task.status === 'open' && (
        <div>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setOpen(true)}
            data-testid="scorecard-complete"
            aria-label={`Complete: ${task.title}`}
          >
            Complete…
          </Button>
          {open && <CompleteTaskModal task={task} opened={open} onClose={() => setOpen(false)} />}
        </div>
      )}
    </Stack>
  );
}

/** The audition scorecard: playbook steps as a timeline, gates as locks, dates and money at stake. */
export function OrderScorecard({ order }: { order: OrderDetail }) {
  const q = useScorecard(order.id);
  const { timeZone } = useOrgTimeZone();
  const now = new Date();
  if (q.isLoading) return null;
  if (q.isError)
    return (
      <Alert color="red" title="Could not load the scorecard">
        {q.error.message}
      </Alert>
    );
  const sc = q.data;
  if (!sc || (sc.runs.length === 0 && sc.tasks.length === 0)) return null;
  const tasks = [...sc.tasks].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
  const done = tasks.filter((t) => t.status === 'done' || t.status === 'skipped').length;
  const openGates = sc.gates.filter((g) => g.isOpen);
  const lastDone = tasks.reduce((acc, t, i) => (t.status === 'done' || t.status === 'skipped' ? i : acc), -1);
  return (
    <Paper withBorder p="md" data-testid="order-scorecard">
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={3} fz="h4">
            {sc.isAudition ? 'Audition scorecard' : 'Playbook steps'}
          </Title>
          <Text size="sm" c="dimmed">
            {done} of {tasks.length} steps done
            {sc.acquisitionCost && Number(sc.acquisitionCost) > 0
              ? ` · ${formatMoney(sc.acquisitionCost, order.currency)} at stake`
              : ''} ·{' '}
            {sc.runs.map((r, i) => (
              <span key={r.id}>
                {i > 0 ? ', ' : ''}
                <Anchor component={Link} to={`/playbooks/${r.playbookKey}`} size="sm">
                  {r.playbookKey}
                </Anchor>{' '}
                ({r.status})
              </span>
            ))}
            {' · '}
            <Anchor component={Link} to={`/playbook-runs?orderId=${order.id}`} size="sm">
              runs
            </Anchor>
          </Text>
        </div>
        <Badge
          color={openGates.length ? 'grape' : 'teal'}
          variant="light"
          size="lg"
          leftSection={<LockIcon open={!openGates.length} size={12} />}
        >
          {openGates.length ? `${openGates.length} gate${openGates.length === 1 ? '' : 's'} locked` : 'No locked gates'}
        </Badge>
      </Group>
      {sc.gates.length > 0 && (
        <Stack gap="xs" mb="md" aria-label="Gates">
          {sc.gates.map((g) => (
            <GateLock key={g.taskId} gate={g} />
          ))}
        </Stack>
      )}
      <Timeline active={lastDone} bulletSize={22} lineWidth={2} color="teal" aria-label="Playbook steps">
        {tasks.map((t) => {
          const st = statusOf(t, now);
          return (
            <Timeline.Item
              key={t.id}
              bullet={
                <Text fz={11} fw={700} aria-hidden>
                  {st.bullet}
                </Text>
              }
              color={st.color}
              title={
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    {t.title}
                  </Text>
                  {t.gateStatus && (
                    <Badge size="xs" color="grape" variant="outline" leftSection={<LockIcon size={10} />}>
                      before {ORDER_STATUS_LABELS[t.gateStatus] ?? t.gateStatus}
                    </Badge>
                  )}
                </Group>
              }
              data-testid="scorecard-step"
              data-status={t.status}
            >
              <StepItemBody task={t} now={now} timeZone={timeZone} />
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}

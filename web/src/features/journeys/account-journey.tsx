// The onboarding journey on the account page (P3.1–2, docs/journeys.md): a stepper of the six
// stages with when each was entered and completed; under it, the chosen stage (the current one
// unless another is clicked) with its open checklist items, its executive calls and its survey
// result. Without a journey: when it will start, and a button to start it now.
import { Alert, Anchor, Badge, Button, Group, List, Loader, Paper, Stack, Stepper, Text } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { Link } from 'react-router';
import type { JourneyStageState, JourneyTask } from '../../../../contract/journeys';
import { dateFormat, formatDateTime } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import { useAccountJourney, useStartJourney } from './api';

/** The account's timezone; without one, the viewer's. */
type Zone = string | null | undefined;

/** A day of an instant in the account's timezone: "3 Mar 2026". */
function day(iso: string | null, timeZone: Zone): string {
  if (!iso) return '';
  return dateFormat(undefined, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

function stageDates(s: JourneyStageState, timeZone: Zone): string {
  if (s.completedAt) return `Done ${day(s.completedAt, timeZone)}`;
  if (s.enteredAt) return `Since ${day(s.enteredAt, timeZone)}`;
  return 'Ahead';
}

function TaskLine({ t, timeZone }: { t: JourneyTask; timeZone: Zone }) {
  const who = t.assignee?.name ?? (t.role ? `any ${t.role.replace('_', ' ')}` : 'nobody yet');
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" fw={500}>
          {t.title}
        </Text>
        {t.status === 'waiting' && (
          <Badge size="xs" variant="light" color="gray">
            after an earlier step
          </Badge>
        )}
        {t.status === 'done' && (
          <Badge size="xs" variant="light" color="green">
            done {day(t.completedAt, timeZone)}
          </Badge>
        )}
        {t.isOverdue && (
          <Badge size="xs" color="red">
            overdue
          </Badge>
        )}
      </Group>
      {t.status !== 'done' && (
        <Text size="xs" c="dimmed">
          {who}
          {t.dueAt ? ` · due ${formatDateTime(t.dueAt, timeZone)}` : ''}
        </Text>
      )}
      {t.checklist.length > 0 && (
        <List size="xs" spacing={0} listStyleType="none">
          {t.checklist.map((item) => (
            <List.Item key={item}>☐ {item}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function StageDetail({ s, timeZone }: { s: JourneyStageState; timeZone: Zone }) {
  const calls = s.executiveCalls.filter((c) => !s.openTasks.some((o) => o.taskId === c.taskId));
  return (
    <Stack gap="xs" data-testid="journey-stage">
      <Text size="sm" fw={700}>
        {s.label}{' '}
        <Text span size="xs" c="dimmed" fw={400}>
          {s.enteredAt ? `entered ${day(s.enteredAt, timeZone)}` : 'not entered yet'}
          {s.completedAt ? `, completed ${day(s.completedAt, timeZone)}` : ''}
        </Text>
      </Text>
      {s.openTasks.length === 0 && s.state !== 'done' && (
        <Text size="xs" c="dimmed">
          Nothing open in this stage.
        </Text>
      )}
      {s.openTasks.map((t) => (
        <TaskLine key={t.taskId} t={t} timeZone={timeZone} />
      ))}
      {calls.map((t) => (
        <TaskLine key={t.taskId} t={t} timeZone={timeZone} />
      ))}
      <Text size="xs" data-testid="journey-survey">
        {s.survey
          ? s.survey.answeredAt
            ? `Survey answered ${day(s.survey.answeredAt, timeZone)}: ${[
                s.survey.csat !== null ? `CSAT ${s.survey.csat}/5` : null,
                s.survey.nps !== null ? `NPS ${s.survey.nps}/10` : null,
                s.survey.ces !== null ? `effort ${s.survey.ces}/7` : null,
              ]
                .filter(Boolean)
                .join(', ')}`
            : `Survey sent ${day(s.survey.sentAt, timeZone)}, not answered yet`
          : 'Survey: sent when the stage’s work is done'}
      </Text>
    </Stack>
  );
}

export function AccountJourney({ accountId, timeZone }: { accountId: string; timeZone: Zone }) {
  const { hasRole } = useSession();
  const q = useAccountJourney(accountId);
  const start = useStartJourney(accountId);
  const [chosen, setChosen] = useState<number | null>(null);
  const [idempotencyKey] = useState(newIdempotencyKey);
  if (q.isLoading) return <Loader size="xs" aria-label="Loading the onboarding journey" />;
  if (q.isError || !q.data) return <Alert color="red">Could not load the onboarding journey: {q.error?.message}</Alert>;
  const { journey, startsOn } = q.data;
  if (!journey)
    return (
      <Paper withBorder p="sm" data-testid="account-journey">
        <Group justify="space-between" gap="xs">
          <Text size="sm">
            <b>Onboarding journey</b> — not started.{' '}
            {startsOn === 'first_delivery'
              ? 'It starts by itself when the first order is delivered.'
              : 'Your settings start it by hand, here.'}
          </Text>
          {hasRole('admin', 'gm', 'sales', 'csr', 'service') && (
            <Button
              size="xs"
              variant="light"
              loading={start.isPending}
              onClick={() =>
                void start.mutateAsync(idempotencyKey).then(
                  () => notifications.show({ color: 'green', message: 'Onboarding journey started: its first tasks are in My day' }),
                  (err: Error) => notifications.show({ color: 'red', title: 'Not started', message: err.message }),
                )
              }
            >
              Start the journey now
            </Button>
          )}
        </Group>
      </Paper>
    );
  const current = journey.stages.findIndex((s) => s.state !== 'done');
  const active = current === -1 ? journey.stages.length : current;
  const shown = journey.stages[chosen ?? (current === -1 ? journey.stages.length - 1 : current)]!;
  return (
    <Paper withBorder p="sm" data-testid="account-journey">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Text fw={700}>Onboarding journey</Text>
          <Text size="xs" c="dimmed">
            Started {day(journey.startedAt, timeZone)}{' '}
            {journey.startedBy.how === 'by_hand'
              ? `by ${journey.startedBy.user?.name ?? 'hand'}`
              : `when order ${journey.startedBy.orderNumber ?? ''} was delivered`}
            {journey.status === 'cancelled' ? ' · stopped' : ''} ·{' '}
            <Anchor component={Link} to={`/playbooks/${journey.playbookKey}`} size="xs">
              its playbook
            </Anchor>
          </Text>
        </Group>
        <Stepper active={active} onStepClick={setChosen} size="xs" allowNextStepsSelect wrap>
          {journey.stages.map((s) => (
            <Stepper.Step key={s.stage} label={s.label} description={stageDates(s, timeZone)} />
          ))}
        </Stepper>
        <StageDetail s={shown} timeZone={timeZone} />
      </Stack>
    </Paper>
  );
}

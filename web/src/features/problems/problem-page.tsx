// One problem (docs/problems.md): what happened, who is responsible (proposed, then confirmed by the
// GM), what was done for the customer, what keeps it from happening again, and its status — with the
// close rule said before anyone tries.
import { Alert, Anchor, Button, Checkbox, Group, Loader, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  PREVENTIVE_KINDS,
  PROBLEM_ORIGINS,
  PROBLEM_ORIGIN_LABELS,
  PROBLEM_SOURCE_LABELS,
  PROBLEM_STATUSES,
  PROBLEM_STATUS_LABELS,
  PROBLEM_WORK_FIELDS,
  UpdateProblemSchema,
  type PreventiveKind,
  type ProblemDetail,
  type ProblemOrigin,
  type ProblemStatus,
  type UpdateProblem,
} from '../../../../contract/problems';
import { StaffSelect } from '../../components/staff-select';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useProblem, useUpdateProblem } from './api';
import { originLabel } from './model';
import { ProblemStatusBadge } from './problem-status-badge';
import { REPORTER_ROLES } from './report-problem-button';

const KIND_LABELS: Record<PreventiveKind, string> = { training: 'Training update', process: 'Process change' };

export function ProblemPage() {
  const { id = '' } = useParams();
  const problem = useProblem(id);
  if (problem.isError)
    return (
      <Alert color="red" title="Could not load the problem">
        {problem.error.message}
      </Alert>
    );
  if (!problem.data) return <Loader aria-label="Loading the problem" />;
  // Keyed by its last change: a saved problem starts the form afresh from what the server kept.
  return <ProblemView key={problem.data.updatedAt} p={problem.data} />;
}

function ProblemView({ p }: { p: ProblemDetail }) {
  const { hasRole } = useSession();
  const canWork = hasRole(...REPORTER_ROLES);
  const isManager = hasRole('admin', 'gm');
  return (
    <Stack gap="md" maw={900}>
      <div>
        <Group gap="sm" align="center">
          <Title order={1} fz="h2" data-testid="problem-title">
            {p.category}
          </Title>
          <ProblemStatusBadge problem={p} />
        </Group>
        <Text size="sm" c="dimmed">
          <Anchor component={Link} to={`/accounts/${p.accountId}`} size="sm">
            {p.accountName}
          </Anchor>
          {p.orderId && (
            <>
              {' · order '}
              <Anchor component={Link} to={`/orders/${p.orderId}`} size="sm">
                {p.orderNumber}
              </Anchor>
            </>
          )}
          {' · '}
          found at: {PROBLEM_SOURCE_LABELS[p.source].toLowerCase()} · reported {formatDateTime(p.openedAt)}
          {p.openedBy ? ` by ${p.openedBy.name}` : ''} · customer to be called by {formatDateTime(p.dueAt)}
        </Text>
      </div>
      <Paper withBorder p="md">
        <Text size="xs" c="dimmed">
          What happened
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="problem-description">
          {p.description}
        </Text>
      </Paper>
      <Responsible p={p} isManager={isManager} />
      {canWork && p.status !== 'closed' ? <WorkForm p={p} /> : <ReadOnly p={p} />}
      {canWork && <StatusMoves p={p} isManager={isManager} />}
    </Stack>
  );
}

function useSave(p: ProblemDetail) {
  const update = useUpdateProblem(p.id);
  const save = (body: UpdateProblem, done: string) =>
    update.mutateAsync(body).then(
      () => notifications.show({ color: 'teal', message: done }),
      (err) =>
        notifications.show({
          color: 'red',
          title: 'Not saved',
          message: err instanceof ApiError ? (err.problem.detail ?? err.message) : otherFailure(err, 'The server could not be reached.'),
        }),
    );
  return { update, save };
}

function Responsible({ p, isManager }: { p: ProblemDetail; isManager: boolean }) {
  const { update, save } = useSave(p);
  const [naming, setNaming] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" data-testid="responsible">
      <Text size="xs" c="dimmed">
        Responsible
      </Text>
      {!p.responsible ? (
        <Text>Nobody yet{p.origin === 'sale_expectation' ? ' — the order has no rep to propose' : ''}.</Text>
      ) : p.responsibleConfirmedAt ? (
        <Text>
          {p.responsible.name}{' '}
          <Text span size="sm" c="dimmed">
            confirmed by {p.responsibleConfirmedBy?.name ?? 'someone'} on {formatDate(p.responsibleConfirmedAt.slice(0, 10))}
          </Text>
        </Text>
      ) : (
        <Group gap="sm">
          <Text data-testid="responsible-proposed">
            Proposed: {p.responsible.name}
            {p.responsibleSource === 'order_rep' && ' (the order’s rep)'}
            {p.responsibleSource === 'quote_rep' && ' (the rep of the quote it came from)'}
          </Text>
          {isManager && (
            <Button
              size="xs"
              variant="light"
              loading={update.isPending}
              onClick={() => void save({ confirmResponsible: true }, 'Confirmed.')}
            >
              Confirm
            </Button>
          )}
        </Group>
      )}
      {isManager && (
        <Group gap="sm" align="flex-end" mt="xs">
          <StaffSelect label="Name someone else" size="xs" w={240} value={naming} onChange={setNaming} />
          <Button
            size="xs"
            variant="default"
            disabled={!naming}
            loading={update.isPending}
            onClick={() => naming && void save({ responsibleUserId: naming }, 'Responsible person named.')}
          >
            Name
          </Button>
        </Group>
      )}
    </Paper>
  );
}

interface WorkValues {
  rootCause: string;
  origin: ProblemOrigin | null;
  productClaim: string;
  correctiveAction: string;
  preventiveAction: string;
  preventiveKind: PreventiveKind | null;
  preventiveOwnerId: string | null;
  preventiveDueOn: string;
  preventiveNoneNeeded: boolean;
  preventiveNoneReason: string;
}

/** The form's values as a PATCH; "none needed" sends no preventive action, and a reason only with it. */
const toBody = (v: WorkValues): UpdateProblem => {
  const none = v.preventiveNoneNeeded;
  return {
    rootCause: v.rootCause || null,
    origin: v.origin,
    productClaim: v.productClaim || null,
    correctiveAction: v.correctiveAction || null,
    preventiveAction: none ? null : v.preventiveAction || null,
    preventiveKind: none ? null : v.preventiveKind,
    preventiveOwnerId: none ? null : v.preventiveOwnerId,
    preventiveDueOn: none ? null : v.preventiveDueOn || null,
    preventiveNoneNeeded: none,
    preventiveNoneReason: none ? v.preventiveNoneReason || null : null,
  };
};

function WorkForm({ p }: { p: ProblemDetail }) {
  const update = useUpdateProblem(p.id);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<WorkValues>({
    mode: 'controlled',
    initialValues: {
      rootCause: p.rootCause ?? '',
      origin: p.origin,
      productClaim: p.productClaim ?? '',
      correctiveAction: p.correctiveAction ?? '',
      preventiveAction: p.preventiveAction ?? '',
      preventiveKind: p.preventiveKind,
      preventiveOwnerId: p.preventiveOwner?.id ?? null,
      preventiveDueOn: p.preventiveDueOn ?? '',
      preventiveNoneNeeded: p.preventiveNoneNeeded,
      preventiveNoneReason: p.preventiveNoneReason ?? '',
    },
    validate: zodValidate(UpdateProblemSchema, toBody),
    ...asYouType,
  });
  const none = form.values.preventiveNoneNeeded;
  return (
    <Paper withBorder p="md">
      <form
        noValidate
        data-testid="problem-work-form"
        onSubmit={form.onSubmit((v) => {
          setFailure(null);
          return update.mutateAsync(toBody(v)).then(
            () => notifications.show({ color: 'teal', message: 'Saved.' }),
            (err) => setFailure(applyServerErrors(form, err, PROBLEM_WORK_FIELDS)),
          );
        })}
      >
        <Stack gap="sm">
          {failure && <Alert color="red">{failure}</Alert>}
          <Title order={2} fz="h4">
            Trace it
          </Title>
          <Select
            label="Where it comes from"
            placeholder="Not known yet"
            clearable
            data={PROBLEM_ORIGINS.map((o) => ({ value: o, label: PROBLEM_ORIGIN_LABELS[o] }))}
            {...form.getInputProps('origin')}
            data-testid="work-origin"
          />
          <Textarea label="Root cause" autosize minRows={2} {...form.getInputProps('rootCause')} />
          <TextInput label="Product claim involved" {...form.getInputProps('productClaim')} />
          <Title order={2} fz="h4">
            Fix the customer
          </Title>
          <Textarea
            label="Corrective action: what was done for this customer"
            autosize
            minRows={2}
            {...form.getInputProps('correctiveAction')}
          />
          <Title order={2} fz="h4">
            Keep it from happening again
          </Title>
          {!none && (
            <>
              <Textarea
                label="Preventive action"
                description="Its owner gets a task, due on the day you set"
                autosize
                minRows={2}
                {...form.getInputProps('preventiveAction')}
              />
              <Group gap="sm" align="flex-start" wrap="wrap">
                <Select
                  label="Kind"
                  clearable
                  w={200}
                  data={PREVENTIVE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
                  {...form.getInputProps('preventiveKind')}
                />
                <StaffSelect label="Owner" w={220} extra={p.preventiveOwner} {...form.getInputProps('preventiveOwnerId')} />
                <TextInput type="date" label="Due" w={170} {...form.getInputProps('preventiveDueOn')} />
              </Group>
              {p.preventiveTaskId && (
                <Text size="sm" c={p.preventiveDoneAt ? 'teal.8' : 'dimmed'}>
                  {p.preventiveDoneAt ? `Done ${formatDateTime(p.preventiveDoneAt)}.` : 'Its task is open in the owner’s My day.'}
                </Text>
              )}
            </>
          )}
          <Checkbox
            label="No preventive action needed"
            disabled={Boolean(p.preventiveTaskId)}
            {...form.getInputProps('preventiveNoneNeeded', { type: 'checkbox' })}
          />
          {none && <Textarea label="Why none is needed" autosize minRows={2} {...form.getInputProps('preventiveNoneReason')} />}
          <Group>
            <Button type="submit" loading={update.isPending} data-testid="save-problem">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ReadOnly({ p }: { p: ProblemDetail }) {
  const rows: [string, string | null][] = [
    ['Where it comes from', originLabel(p.origin)],
    ['Root cause', p.rootCause],
    ['Product claim involved', p.productClaim],
    ['Corrective action', p.correctiveAction],
    ['Preventive action', p.preventiveNoneNeeded ? `None needed: ${p.preventiveNoneReason ?? ''}` : p.preventiveAction],
  ];
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{value || '—'}</Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

function StatusMoves({ p, isManager }: { p: ProblemDetail; isManager: boolean }) {
  const { update, save } = useSave(p);
  const later = PROBLEM_STATUSES.slice(PROBLEM_STATUSES.indexOf(p.status) + 1).filter((s) => s !== 'closed' || isManager);
  if (p.status === 'closed') return null;
  const move = (to: ProblemStatus) => void save({ status: to }, `Now ${PROBLEM_STATUS_LABELS[to].toLowerCase()}.`);
  return (
    <Paper withBorder p="md" data-testid="status-moves">
      <Text size="xs" c="dimmed">
        Status
      </Text>
      <Text size="sm" mb="xs">
        Customer fixed needs the corrective action. Prevented needs the preventive action’s task done. Closing needs that too — or “no
        preventive action needed” with the reason{isManager ? '' : ', and is the GM’s'}.
      </Text>
      <Group gap="xs">
        {later.map((s) => (
          <Button key={s} size="xs" variant={s === 'closed' ? 'filled' : 'default'} loading={update.isPending} onClick={() => move(s)}>
            {s === 'closed' ? 'Close' : `Mark ${PROBLEM_STATUS_LABELS[s].toLowerCase()}`}
          </Button>
        ))}
      </Group>
    </Paper>
  );
}
